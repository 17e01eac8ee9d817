/* genexpr: the generator expression (x * 2 for x in range(5)) built from
   gen_range and gen_long_map, then list()ed with gen_long_collect
   (test/py/genexpr.py). */
#include <stdio.h>
#include "gen.h"

static long twice(long x) { return x * 2; }

int main(void)
{
    gen_range_t range;
    gen_long_map_t map;
    gen_long *gen = gen_long_map(&map, gen_range(&range, 0, 5, 1), twice);
    long list[16];
    size_t n, i;

    gen_long_collect(gen, list, sizeof list / sizeof list[0], &n); /* list(gen) */
    printf("[");                                                   /* its repr */
    for (i = 0; i < n; i++)
        printf("%s%ld", i ? ", " : "", list[i]);
    printf("]\n");
    return 0;
}
