/* Must not compile: yield from a generator whose value type differs. */
#include "gen.h"

struct outer { gen_int gen; gen_range_t longs; };

int outer_body(gen_int *g);
int outer_body(gen_int *g)
{
    struct outer *o = GEN_SELF(struct outer, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM(g, gen_range(&o->longs, 0, 3, 1)); /* yields long, not int */
    GEN_END(g);
}
