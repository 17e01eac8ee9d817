/* close_cleanup: a GEN_FINALLY section runs when the generator ends and when
   gen_close stops it mid-way; closing again does nothing; a finally section
   that yields makes close fail (test/py/close_cleanup.py). */
#include <stdio.h>
#include "gen.h"

struct resource {
    gen_int gen;
    const char *name; /* argument */
    int i;            /* loop variable, lives across the yield */
};

static int resource_body(gen_int *g)
{
    struct resource *r = GEN_SELF(struct resource, gen, g);
    GEN_BEGIN(g);
    printf("%s: open\n", r->name);
    for (r->i = 0; r->i < 3; r->i++)
        GEN_YIELD(g, r->i);
    GEN_FINALLY(g); /* runs on normal end and on close */
    printf("%s: cleanup%s\n", r->name, gen_closing(g) ? " (closed)" : "");
    GEN_END(g);
}

static gen_int *resource(struct resource *r, const char *name)
{
    r->name = name;
    return gen_int_init(&r->gen, resource_body);
}

static int stubborn_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_FINALLY(g);
    printf("stubborn: cleanup yields\n");
    GEN_YIELD(g, 2); /* a finally section must not yield while closing */
    printf("stubborn: cleanup done\n");
    GEN_END(g);
}

static gen_int *stubborn(gen_int *g) { return gen_int_init(g, stubborn_body); }

int main(void)
{
    struct resource fa, fb, fc; /* one frame per generator */
    gen_int sframe, *g, *s;
    int v;

    printf("-- normal end\n");
    GEN_FOR(v, gen_int, resource(&fa, "a"))
        printf("a -> %d\n", v);

    printf("-- close mid-way\n");
    g = resource(&fb, "b");
    if (gen_int_next(g, &v) == GEN_YIELDED)
        printf("b -> %d\n", v);
    if (gen_close(g) == GEN_DONE)
        printf("b closed\n");
    if (gen_close(g) == GEN_DONE) /* already closed: a no-op */
        printf("b closed again: nothing to do\n");

    printf("-- close before start\n");
    g = resource(&fc, "c");
    if (gen_close(g) == GEN_DONE) /* never started: the body does not run */
        printf("c closed without running\n");

    printf("-- finally that yields\n");
    s = stubborn(&sframe);
    if (gen_int_next(s, &v) == GEN_YIELDED)
        printf("stubborn -> %d\n", v);
    if (gen_close(s) == GEN_ERROR_IGNORED_CLOSE) /* Python: RuntimeError */
        printf("close raised RuntimeError: generator ignored GeneratorExit\n");
    if (gen_close(s) == GEN_DONE) /* at the yield inside the finally: it ends */
        printf("second close ended it\n");
    return 0;
}
