/* ref_sm.c - the same job as ref_gen.c, as a hand-written state machine. */
#include "ref.h"

struct fib { unsigned char state; int n, i; long a, b; };

static struct fib the_fib;

struct fib *fib_start(int n)
{
    the_fib.state = 0;
    the_fib.n = n;
    return &the_fib;
}

int fib_next(struct fib *f, long *out)
{
    long next;
    switch (f->state) {
    case 0:
        f->a = 0;
        f->b = 1;
        f->i = 0;
        break;
    case 1:
        next = f->a + f->b;
        f->a = f->b;
        f->b = next;
        f->i++;
        break;
    default:
        return 0;
    }
    if (f->i < f->n) {
        f->state = 1;
        *out = f->a;
        return 1;
    }
    f->state = 2;
    return 0;
}
