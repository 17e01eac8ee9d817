/* async_gen: an async generator awaits a sleep and yields 0..4; an async
   function consumes it with GEN_ASYNC_FOR, the `async for`
   (test/py/async_gen.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_AGEN_DECLARE(agen_int, int) /* the port of async generators of int */

/* async def async_gen(): g is the async generator, f its frame */
GEN_FUNCTION(agen_int, async_gen, int i;)
{
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 5; f->i++) {
        GEN_SLEEP(g, 1000);   /* await asyncio.sleep(1) */
        GEN_AYIELD(g, f->i);  /* yield i */
    }
    GEN_END(g);
}

/* async def main() (C's main is taken) */
GEN_FUNCTION(gen_async, main_task,
             struct async_gen agen; /* the async generator's frame */
             agen_int *it;          /* and a plain pointer to it for GEN_ASYNC_FOR */
             int value;)
{
    GEN_BEGIN(g);
    f->it = async_gen(&f->agen);
    GEN_ASYNC_FOR(g, f->it, &f->value) /* async for value in async_gen(): */
        printf("%d\n", f->value);
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
