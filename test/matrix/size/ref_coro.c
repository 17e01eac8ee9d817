/* ref_coro.c - the same job as ref_gen.c with coro.h alone: the value is
   handed over in the frame, as a protothread would. */
#include "coro.h"
#include "ref.h"

struct fib { coro_t co; int n, i; long a, b, out; };

static struct fib the_fib;

static int fib_body(struct fib *f)
{
    CORO_BEGIN(&f->co);
    for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
        long next;
        f->out = f->a;
        CORO_YIELD();
        next = f->a + f->b;
        f->a = f->b;
        f->b = next;
    }
    CORO_END();
}

struct fib *fib_start(int n)
{
    the_fib.n = n;
    coro_init(&the_fib.co);
    return &the_fib;
}

int fib_next(struct fib *f, long *out)
{
    if (fib_body(f) != CORO_SUSPENDED)
        return 0;
    *out = f->out;
    return 1;
}
