/* A body written inside a macro, with a suspension macro passed as the
   macro's argument: the argument expands before the CORO_BEGIN in the
   macro's body, so under the switch backend its resume point would be
   numbered before the function's first and land on the finally section.
   The switch backend refuses it at compile time; the goto backend runs it
   (test/run.sh builds it both ways). */
#include <stdio.h>
#include "coro.h"

static int resumed, finally_runs;
#define BODY(c, step) \
    CORO_BEGIN(c); step; CORO_FINALLY(); finally_runs++; CORO_END()

static int body(coro_t *c) { BODY(c, CORO_YIELD(); resumed++); }

int main(void)
{
    coro_t c;
    int first, second;
    coro_init(&c);
    first = body(&c);
    second = body(&c);
    printf("%d %d resumed %d, finally %d\n", first, second, resumed, finally_runs);
    return !(first == CORO_SUSPENDED && second == CORO_DONE && resumed == 1 && finally_runs == 1);
}
