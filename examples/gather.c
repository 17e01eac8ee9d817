/* gather: two coroutines run concurrently; the one that sleeps less
   prints first, so Two comes before One (test/py/gather.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

static int coroutine_one_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 2000); /* await asyncio.sleep(2) */
    printf("Coroutine One\n");
    GEN_END(g);
}

static int coroutine_two_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1) */
    printf("Coroutine Two\n");
    GEN_END(g);
}

/* async def main() (C's main is taken); the coroutines have no arguments
   or locals, so their frames are plain gen_asyncs */
GEN_FUNCTION(gen_async, main_task,
             gen_async one, two;      /* the coroutines' frames */
             gen_task_t task[2];      /* gather runs each awaitable as a task */
             gen_gather_t gather;)
{
    GEN_BEGIN(g);
    GEN_SPAWN(g, &f->task[0], gen_async_init(&f->one, coroutine_one_body)); /* create_task */
    GEN_SPAWN(g, &f->task[1], gen_async_init(&f->two, coroutine_two_body));
    GEN_AWAIT(g, gen_gather_of(&f->gather, f->task, 2, 0)); /* await asyncio.gather(one(), two()) */
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
