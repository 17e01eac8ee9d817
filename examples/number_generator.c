/* number_generator: a generator yielding 1..9 from a for loop over a range
   (test/py/number_generator.py). */
#include <stdio.h>
#include "gen.h"

GEN_FUNCTION(gen_int, number_generator, int i;) /* i lives across the yield */
{
    GEN_BEGIN(g);
    for (f->i = 1; f->i < 10; f->i++) /* for i in range(1, 10) */
        GEN_YIELD(g, f->i);
    GEN_END(g);
}

int main(void)
{
    struct number_generator frame;
    int num;
    GEN_FOR(num, gen_int, number_generator(&frame))
        printf("%d\n", num);
    return 0;
}
