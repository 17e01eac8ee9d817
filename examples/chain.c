/* chain: two generators joined with gen_int_chain (itertools.chain) and
   consumed with GEN_FOR (test/py/chain.py). */
#include <stdio.h>
#include "gen.h"

/* Neither body keeps anything across a yield, so the port is the frame. */
static int generator_one_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_YIELD(g, 2);
    GEN_END(g);
}

static int generator_two_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 3);
    GEN_YIELD(g, 4);
    GEN_END(g);
}

static gen_int *generator_one(gen_int *g) { return gen_int_init(g, generator_one_body); }
static gen_int *generator_two(gen_int *g) { return gen_int_init(g, generator_two_body); }

int main(void)
{
    gen_int one, two;
    gen_int_chain_t chain;
    gen_int *chained = gen_int_chain(&chain, generator_one(&one), generator_two(&two));
    int item;
    GEN_FOR(item, gen_int, chained)
        printf("%d\n", item);
    return 0;
}
