/* my_coroutine: the simplest async function: print, await a one-second
   sleep, print; run by the event loop on the host clock, as asyncio.run
   does (test/py/my_coroutine.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

/* gen_async: the port of async functions returning int (unused here) */
static int my_coroutine_body(gen_async *g)
{
    GEN_BEGIN(g);
    printf("Start Coroutine\n");
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1): milliseconds on the host clock */
    printf("End Coroutine\n");
    GEN_END(g);
}

static gen_async *my_coroutine(gen_async *g) { return gen_async_init(g, my_coroutine_body); }

int main(void) /* asyncio.run(my_coroutine()) */
{
    gen_async frame;
    return gen_run(NULL, my_coroutine(&frame)) == GEN_DONE ? 0 : 1;
}
