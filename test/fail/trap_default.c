/* A yield inside the user's own switch, with the switch backend and the
   default trap: a debug build must abort with a message naming the fix; a
   release build (NDEBUG) must end the coroutine with CORO_ERROR_LOST. */
#include "coro.h"
#include <stdio.h>

struct s { coro_t co; int mode; };

static int body(struct s *s)
{
    CORO_BEGIN(&s->co);
    switch (s->mode) {
    case 100:
        CORO_YIELD();
        break;
    default:
        break;
    }
    CORO_END();
}

int main(void)
{
    struct s s;
    int rc;
    coro_init(&s.co);
    s.mode = 100;
    body(&s);
    rc = body(&s);
    printf("rc=%d\n", rc);
    return rc == CORO_ERROR_LOST ? 0 : 1;
}
