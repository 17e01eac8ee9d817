/* greet: an async function with an argument, kept in its frame
   (test/py/greet.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

struct greet { gen_async gen; const char *name; }; /* the frame */

static int greet_body(gen_async *g)
{
    struct greet *f = GEN_SELF(struct greet, gen, g);
    GEN_BEGIN(g);
    printf("Hello, %s!\n", f->name);
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1) */
    printf("Goodbye, %s!\n", f->name);
    GEN_END(g);
}

static gen_async *greet(struct greet *f, const char *name)
{
    f->name = name;
    return gen_async_init(&f->gen, greet_body);
}

int main(void) /* asyncio.run(greet("Alice")) */
{
    struct greet frame;
    return gen_run(NULL, greet(&frame, "Alice")) == GEN_DONE ? 0 : 1;
}
