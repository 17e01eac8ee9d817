/* echo: a generator that prints what send() delivers; primed with next
   first, as Python requires (test/py/echo.py). `echo --sequence` also
   draws the calls as a sequence diagram (echo_sequence.h). */
#include <stdio.h>
#include "gen.h"
#include "echo_sequence.h"

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

int main(int argc, char **argv)
{
    gen_str frame;
    gen_str *gen = echo(&frame);
    seq_begin(argc, argv, "main", "echo"); /* --sequence: SEQ(gen, call) draws each call */
    SEQ(gen, gen_str_next(gen, NULL));           /* initialize the generator */
    SEQ(gen, gen_str_send(gen, "Hello!", NULL)); /* prints Hello! */
    SEQ(gen, gen_str_send(gen, "World!", NULL)); /* prints World! */
    SEQ(gen, gen_close(gen)); /* what Python's garbage collector does: no output */
    return 0;
}
