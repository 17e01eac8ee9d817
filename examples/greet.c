/* greet: an async function with an argument, kept in its frame
   (test/py/greet.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_FUNCTION(gen_async, greet, const char *name;) /* async def greet(name) */
{
    GEN_BEGIN(g);
    printf("Hello, %s!\n", f->name);
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1) */
    printf("Goodbye, %s!\n", f->name);
    GEN_END(g);
}

int main(void) /* asyncio.run(greet("Alice")) */
{
    struct greet frame;
    frame.name = "Alice";
    return gen_run(NULL, greet(&frame)) == GEN_DONE ? 0 : 1;
}
