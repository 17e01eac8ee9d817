/* round_robin: two generators run in turns by a driver loop that stops at
   the first one to finish (test/py/round_robin.py). */
#include <stdio.h>
#include "gen.h"

/* foo and bar print, then yield nothing (0 stands for None). */
struct task {
    gen_int gen;
    int i; /* loop variable, lives across the yield */
};

static int foo_body(gen_int *g)
{
    struct task *t = GEN_SELF(struct task, gen, g);
    GEN_BEGIN(g);
    for (t->i = 0; t->i < 5; t->i++) {
        printf("Foo: %d\n", t->i);
        GEN_YIELD(g, 0);
    }
    GEN_END(g);
}

static int bar_body(gen_int *g)
{
    struct task *t = GEN_SELF(struct task, gen, g);
    GEN_BEGIN(g);
    for (t->i = 0; t->i < 3; t->i++) {
        printf("Bar: %d\n", t->i);
        GEN_YIELD(g, 0);
    }
    GEN_END(g);
}

static gen_int *foo(struct task *t) { return gen_int_init(&t->gen, foo_body); }
static gen_int *bar(struct task *t) { return gen_int_init(&t->gen, bar_body); }

int main(void)
{
    struct task t1, t2;
    gen_int *g1 = foo(&t1);
    gen_int *g2 = bar(&t2);

    /* GEN_DONE is Python's StopIteration */
    for (;;) {
        if (gen_int_next(g1, NULL) == GEN_DONE)
            break;
        if (gen_int_next(g2, NULL) == GEN_DONE)
            break;
    }
    return 0;
}
