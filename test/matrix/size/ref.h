/* ref.h - the job both size references do: yield the first n Fibonacci
   numbers, one per call. fib_next returns 1 with *out set, 0 when done.
   ref_gen.c does it with gen.h, ref_coro.c with coro.h alone, ref_sm.c with
   a hand-written state machine. */
#ifndef MATRIX_REF_H
#define MATRIX_REF_H
struct fib;
struct fib *fib_start(int n);
int fib_next(struct fib *f, long *out);
#endif
