/* count_up_to: a generator counting from 1 up to a limit, consumed with a
   for loop (test/py/count_up_to.py). */
#include <stdio.h>
#include "gen.h"

GEN_FUNCTION(gen_int, count_up_to, int max; int count;) /* max: the argument */
{
    GEN_BEGIN(g);
    f->count = 1;
    while (f->count <= f->max) {
        GEN_YIELD(g, f->count);
        f->count++;
    }
    GEN_END(g);
}

int main(void)
{
    struct count_up_to counter;
    int num;
    counter.max = 5;
    GEN_FOR(num, gen_int, count_up_to(&counter))
        printf("%d\n", num);
    return 0;
}
