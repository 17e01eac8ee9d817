/* Compiled by test/run.sh with -Wshadow -Werror: the functions that the
   declaring macros write into your file must not shadow your globals, even
   with the shortest names. */
#include "gen.h"

int g, b, body, vt, rc, out, v, code, msg, f, a, src, fn, pred, n, start, array, cap, i, q,
    item, granted, loop, tail, next, self, left, index, value, result, sent, base, t;

GEN_DECLARE(my_port, int, int, int)
GEN_ASYNC_DECLARE(my_async, long)
GEN_AGEN_DECLARE(my_agen, int)
GEN_QUEUE_DECLARE(my_queue, int)
