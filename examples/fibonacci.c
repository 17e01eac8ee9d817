/* fibonacci: the generator from "Optimizing Performance in Python using
   Generators and Coroutines" (Python twin: test/py/fibonacci.py). This file is
   also gen.h's quick start, byte for byte after this comment (checked by the tests). */
#include <stdio.h>
#include "gen.h"

// def fibonacci(n): the frame (n and the locals), the body, and the
// constructor fibonacci(&frame); g is the generator, f the frame
GEN_FUNCTION(gen_long, fibonacci, int n, i; long a, b;)
{
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

int main(void)
{
    struct fibonacci frame;
    long num;
    frame.n = 10;                         // the argument
    GEN_FOR(num, gen_long, fibonacci(&frame))
        printf("%ld\n", num);
    return 0;
}
