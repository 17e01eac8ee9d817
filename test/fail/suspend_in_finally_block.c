/* Must not compile: a suspension inside a GEN_TRY_FINALLY's finally block
   (the block keeps its pending outcome in a local, which a suspension
   would lose), or another GEN_TRY_FINALLY there (it would overwrite that
   local). The error names the fix. GEN_WHICH picks the suspension
   (default GEN_YIELD); with -DOUTSIDE it stands after the block, and the
   file compiles. */
#include "gen.h"

#ifndef GEN_WHICH
#define GEN_WHICH GEN_YIELD(g, 1)
#endif

struct frame { gen_int gen; gen_int sub; };
int gen_body(gen_int *g);
int gen_body(gen_int *g)
{
    struct frame *f = GEN_SELF(struct frame, gen, g);
    GEN_BEGIN(g);
    GEN_TRY_FINALLY(g) {
        GEN_YIELD(g, 0);
    } GEN_FINALLY_BLOCK(g) {
#ifndef OUTSIDE
        GEN_WHICH;
#endif
    } GEN_END_FINALLY(g);
#ifdef OUTSIDE
    GEN_WHICH;
#endif
    (void)f;
    GEN_END(g);
}
