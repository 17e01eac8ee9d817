/* error_handling: an awaited async function raises; the caller catches it
   in a try block (GEN_TRY, GEN_EXCEPT; GEN_AWAIT_CATCH is the short form
   around one await) (test/py/error_handling.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

enum { VALUE_ERROR = 1 }; /* our error codes are positive; gen.h's are negative */

static int fail_coroutine_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1) */
    GEN_FAIL(g, VALUE_ERROR, "Something went wrong"); /* raise ValueError(...) */
    GEN_END(g);
}

/* async def main() (C's main is taken); child is fail_coroutine's frame,
   a plain gen_async (fail_coroutine has no arguments or locals) */
GEN_FUNCTION(gen_async, main_task, gen_async child;)
{
    GEN_BEGIN(g);
    GEN_TRY(g) {                                                /* try: */
        GEN_AWAIT(g, gen_async_init(&f->child, fail_coroutine_body)); /* await fail_coroutine() */
    } GEN_EXCEPT(g) {                                           /* except ValueError as e: */
        if (gen_caught(g)->code != VALUE_ERROR)                 /* not ours: raise it on */
            GEN_RERAISE(g);
        printf("Error: %s\n", gen_caught(g)->msg);
    } GEN_END_TRY(g);
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
