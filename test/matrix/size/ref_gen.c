/* ref_gen.c - the reference generator (gen.h), for the size table. */
#include "gen.h"
#include "ref.h"

struct fib { gen_long gen; int n, i; long a, b; };

static struct fib the_fib;

static int fib_body(gen_long *g)
{
    struct fib *f = GEN_SELF(struct fib, gen, g);
    GEN_BEGIN(g);
    for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
        long next;
        GEN_YIELD(g, f->a);
        next = f->a + f->b;
        f->a = f->b;
        f->b = next;
    }
    GEN_END(g);
}

struct fib *fib_start(int n)
{
    the_fib.n = n;
    gen_long_init(&the_fib.gen, fib_body);
    return &the_fib;
}

int fib_next(struct fib *f, long *out)
{
    return gen_long_next(&f->gen, out) == GEN_YIELDED;
}
