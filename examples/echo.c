/* echo: a generator that prints what send() delivers; primed with next
   first, as Python requires (test/py/echo.py). */
#include <stdio.h>
#include "gen.h"

/* A port that yields nothing useful (NULL for None), receives strings and
   returns nothing (int, unused). */
GEN_DECLARE(gen_str, const char *, const char *, int)

static int echo_body(gen_str *g)
{
    GEN_BEGIN(g);
    for (;;) {
        GEN_YIELD(g, NULL); /* value = yield */
        printf("%s\n", g->sent);
    }
    GEN_END(g);
}

static gen_str *echo(gen_str *g) { return gen_str_init(g, echo_body); }

int main(void)
{
    gen_str frame;
    gen_str *gen = echo(&frame);
    gen_str_next(gen, NULL);           /* initialize the generator */
    gen_str_send(gen, "Hello!", NULL); /* prints Hello! */
    gen_str_send(gen, "World!", NULL); /* prints World! */
    gen_close(gen); /* what Python's garbage collector does: no output */
    return 0;
}
