/* count_up_to: a generator counting from 1 up to a limit, consumed with a
   for loop (test/py/count_up_to.py). */
#include <stdio.h>
#include "gen.h"

struct count_up_to {
    gen_int gen;
    int max;   /* argument */
    int count; /* local that lives across the yield */
};

static int count_up_to_body(gen_int *g)
{
    struct count_up_to *f = GEN_SELF(struct count_up_to, gen, g);
    GEN_BEGIN(g);
    f->count = 1;
    while (f->count <= f->max) {
        GEN_YIELD(g, f->count);
        f->count++;
    }
    GEN_END(g);
}

static gen_int *count_up_to(struct count_up_to *f, int max)
{
    f->max = max;
    return gen_int_init(&f->gen, count_up_to_body);
}

int main(void)
{
    struct count_up_to frame;
    gen_int *counter = count_up_to(&frame, 5);
    int num;
    GEN_FOR(num, gen_int, counter)
        printf("%d\n", num);
    return 0;
}
