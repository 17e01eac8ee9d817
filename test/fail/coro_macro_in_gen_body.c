/* Must not compile: a CORO_ macro in a generator body (one prefix per
   header: a generator speaks GEN_), for every CORO_ body macro. The
   error names the fix. CORO_WHICH picks the macro (default CORO_YIELD). */
#include "gen.h"

#ifndef CORO_WHICH
#define CORO_WHICH CORO_YIELD()
#endif

int flag;
int gen_body(gen_int *g);
int gen_body(gen_int *g)
{
    GEN_BEGIN(g);
    CORO_WHICH;
    GEN_END(g);
}
