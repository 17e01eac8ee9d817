/* throw: an error thrown into a generator is caught at one yield
   (GEN_YIELD_CATCH) and the generator goes on; a second one, thrown at a
   plain GEN_YIELD, propagates to the consumer (test/py/throw.py). */
#include <stdio.h>
#include "gen.h"

/* GEN_ERROR_VALUE plays Python's ValueError: the code tells errors apart. */

static int tolerant_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD_CATCH(g, 1); /* try: yield 1 */
    {
        const gen_error_t *e = gen_caught(g); /* NULL when resumed by next */
        if (e && e->code == GEN_ERROR_VALUE)  /* except ValueError as e */
            printf("tolerant: caught ValueError: %s\n", e->msg);
        else if (e)
            GEN_FAIL(g, e->code, e->msg); /* not ours: raise it again */
    }
    GEN_YIELD(g, 2); /* an error thrown here ends the generator */
    printf("tolerant: never printed\n");
    GEN_END(g);
}

static gen_int *tolerant(gen_int *g) { return gen_int_init(g, tolerant_body); }

int main(void)
{
    gen_int frame;
    gen_int *g = tolerant(&frame);
    int v;

    if (gen_int_next(g, &v) == GEN_YIELDED)
        printf("next -> %d\n", v);
    if (gen_int_throw(g, GEN_ERROR_VALUE, "first bad value", &v) == GEN_YIELDED)
        printf("throw -> %d\n", v);
    if (gen_int_throw(g, GEN_ERROR_VALUE, "second bad value", &v) == GEN_ERROR &&
        gen_error(g)->code == GEN_ERROR_VALUE)
        printf("throw raised ValueError: %s\n", gen_error(g)->msg);
    if (gen_int_next(g, &v) == GEN_DONE) /* StopIteration */
        printf("next -> exhausted\n");
    return 0;
}
