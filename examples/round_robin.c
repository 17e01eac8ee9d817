/* round_robin: two generators run in turns by a driver loop that stops at
   the first one to finish (test/py/round_robin.py). */
#include <stdio.h>
#include "gen.h"

/* def foo() and def bar(): they print, then yield nothing (0 stands for
   None); i, the loop variable, lives across the yield */
GEN_FUNCTION(gen_int, foo, int i;)
{
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 5; f->i++) {
        printf("Foo: %d\n", f->i);
        GEN_YIELD(g, 0);
    }
    GEN_END(g);
}

GEN_FUNCTION(gen_int, bar, int i;)
{
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 3; f->i++) {
        printf("Bar: %d\n", f->i);
        GEN_YIELD(g, 0);
    }
    GEN_END(g);
}

int main(void)
{
    struct foo f1; /* the generators' frames */
    struct bar f2;
    gen_int *g1 = foo(&f1);
    gen_int *g2 = bar(&f2);

    /* GEN_DONE is Python's StopIteration */
    for (;;) {
        if (gen_int_next(g1, NULL) == GEN_DONE)
            break;
        if (gen_int_next(g2, NULL) == GEN_DONE)
            break;
    }
    return 0;
}
