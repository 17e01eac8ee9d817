/* async_gen: an async generator awaits a sleep and yields 0..4; an async
   function consumes it with GEN_ASYNC_FOR, the `async for`
   (test/py/async_gen.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_AGEN_DECLARE(agen_int, int) /* the port of async generators of int */

struct async_gen { agen_int gen; int i; };

static int async_gen_body(agen_int *g)
{
    struct async_gen *a = GEN_SELF(struct async_gen, gen, g);
    GEN_BEGIN(g);
    for (a->i = 0; a->i < 5; a->i++) {
        GEN_SLEEP(g, 1000);   /* await asyncio.sleep(1) */
        GEN_AYIELD(g, a->i);  /* yield i */
    }
    GEN_END(g);
}

static agen_int *async_gen(struct async_gen *a) { return agen_int_init(&a->gen, async_gen_body); }

struct main_frame {
    gen_async gen;
    struct async_gen agen; /* the async generator's frame */
    agen_int *it;          /* and a plain pointer to it for GEN_ASYNC_FOR */
    int value;
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    m->it = async_gen(&m->agen);
    GEN_ASYNC_FOR(g, m->it, &m->value) /* async for value in async_gen(): */
        printf("%d\n", m->value);
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_frame frame;
    return gen_run(NULL, gen_async_init(&frame.gen, main_body)) == GEN_DONE ? 0 : 1;
}
