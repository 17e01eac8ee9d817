/* gen_run (the host clock) in a program that did not define
   _POSIX_C_SOURCE: the build fails (an undeclared function, then an
   undefined reference) with a name that says what to define. Built with
   -std=c99, where the C library does not define it by itself. */
#include "gen.h"
static int body(gen_async *g) { GEN_BEGIN(g); GEN_SLEEP(g, 1); GEN_END(g); }
int main(void) { gen_async a; return gen_run(NULL, gen_async_init(&a, body)); }
