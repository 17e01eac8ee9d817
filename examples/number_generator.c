/* number_generator: a generator yielding 1..9 from a for loop over a range
   (test/py/number_generator.py). */
#include <stdio.h>
#include "gen.h"

struct number_generator {
    gen_int gen;
    int i; /* the loop variable lives across the yield */
};

static int number_generator_body(gen_int *g)
{
    struct number_generator *f = GEN_SELF(struct number_generator, gen, g);
    GEN_BEGIN(g);
    for (f->i = 1; f->i < 10; f->i++) /* for i in range(1, 10) */
        GEN_YIELD(g, f->i);
    GEN_END(g);
}

static gen_int *number_generator(struct number_generator *f)
{
    return gen_int_init(&f->gen, number_generator_body);
}

int main(void)
{
    struct number_generator frame;
    gen_int *gen = number_generator(&frame);
    int num;
    GEN_FOR(num, gen_int, gen)
        printf("%d\n", num);
    return 0;
}
