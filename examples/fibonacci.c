/* fibonacci: the generator from "Optimizing Performance in Python using
   Generators and Coroutines" (Python twin: test/py/fibonacci.py). This file is
   also gen.h's quick start, byte for byte after this comment (checked by the tests). */
#include <stdio.h>
#include "gen.h"

struct fibonacci { gen_long gen; int n, i; long a, b; };  // the frame

static int fibonacci_body(gen_long *g)
{
    struct fibonacci *f = GEN_SELF(struct fibonacci, gen, g);
    GEN_BEGIN(g);
    for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
        long next;                        // lives between two yields only
        GEN_YIELD(g, f->a);
        next = f->a + f->b;
        f->a = f->b;
        f->b = next;
    }
    GEN_END(g);
}

static gen_long *fibonacci(struct fibonacci *f, int n)   // "calling" it
{
    f->n = n;
    return gen_long_init(&f->gen, fibonacci_body);
}

int main(void)
{
    struct fibonacci frame;
    long num;
    GEN_FOR(num, gen_long, fibonacci(&frame, 10))
        printf("%ld\n", num);
    return 0;
}
