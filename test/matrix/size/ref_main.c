/* ref_main.c - checks that both references yield the same numbers: prints
   fib(0..n-1) through unit_out, one per line. */
#include "unit.h"
#include "ref.h"

void ref_print(int n);
void ref_print(int n)
{
    struct fib *f = fib_start(n);
    long v = 0;
    while (fib_next(f, &v)) {
        unit_num(v);
        unit_out(" ");
    }
    unit_out("\n");
}
