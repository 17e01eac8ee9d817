/* pt3.c - the 3-state protothread of the size table: wait until a flag,
   yield once, end. Built with -DPT3_THREADS=0, 1 or 2 (that many copies,
   each a function with external linkage waiting on a flag of its own, so
   the compiler can neither drop them nor fold them into one) and
   -DPT3_IMPL= 1 (protothread, lc-switch), 2 (protothread, lc-addrlabels)
   or 3 (coro.h, backend from CORO_BACKEND_*). run.py reads the size of the
   objects: first thread = size(1) - size(0), each further one = size(2) -
   size(1). */
#include "coro.h"
#include "peers.h"

extern volatile unsigned char pt3_flag_a, pt3_flag_b;

struct pt3_lcs { lcs_t lc; }; /* a protothread's control block, each flavour */
struct pt3_lca { lca_t lc; };

/* pt3_thread.h is the body, once per copy: each copy keeps its own source
   lines, which peers.h's protothreads key their positions by */
#if PT3_THREADS >= 1
#define PT3_NAME pt3_thread_a
#define PT3_FLAG pt3_flag_a
#include "pt3_thread.h"
#undef PT3_NAME
#undef PT3_FLAG
#endif

#if PT3_THREADS >= 2
#define PT3_NAME pt3_thread_b
#define PT3_FLAG pt3_flag_b
#include "pt3_thread.h"
#undef PT3_NAME
#undef PT3_FLAG
#endif

/* an object file with nothing in it is still a translation unit */
typedef int pt3_not_empty;
