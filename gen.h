/* gen.h - Python's generators in C99 and C++ for any value type: typed
   ports, for-each, itertools-style combinators, async generators. No malloc.
   Builds on coro.h (included), which holds the generator protocol itself
   (yield, send, throw, close with cleanup, yield from: its part II) and the
   async runtime (part III).

   License: 0BSD (see the end of coro.h).

   ===========
   Python:
       def fibonacci(n):
           a, b = 0, 1
           for _ in range(n):
               yield a
               a, b = b, a + b

       for num in fibonacci(10):
           print(num)

   C (the code between the "example" lines is compiled by the test suite):
   ---- example: begin
       #include <stdio.h>
       #include "gen.h"

       struct fibonacci { gen_long gen; int n, i; long a, b; };  // the frame

       static int fibonacci_body(gen_long *g)
       {
           struct fibonacci *f = GEN_SELF(struct fibonacci, gen, g);
           GEN_BEGIN(g);
           for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
               long next;                        // lives between two yields only
               GEN_YIELD(g, f->a);
               next = f->a + f->b;
               f->a = f->b;
               f->b = next;
           }
           GEN_END(g);
       }

       static gen_long *fibonacci(struct fibonacci *f, int n)   // "calling" it
       {
           f->n = n;
           return gen_long_init(&f->gen, fibonacci_body);
       }

       int main(void)
       {
           struct fibonacci frame;
           long num;
           GEN_FOR(num, gen_long, fibonacci(&frame, 10))
               printf("%ld\n", num);
           return 0;
       }
   ---- example: end

   A generator is three things:
   - a PORT: the typed, type-erased handle every consumer uses. GEN_DECLARE
     (name, Y, S, R) declares the port type `name` for generators that yield Y,
     receive S through send and return R, with its functions. gen_int and
     gen_long are declared here (Y = S = R = int, long).
   - a FRAME: your struct holding the port and every variable that must live
     across a yield (the Python function's arguments and locals).
   - a BODY: int body(name *g), written with the generator body macros of
     coro.h section 8; GEN_SELF gets the frame back from the port.
   A constructor that fills in the arguments and calls name_init is the
   counterpart of calling a Python generator function.

   CONTENTS
   ========
   1. Ports for your types       2. Combinators       3. Async generators
   Everything else generators do is the protocol in coro.h: types and
   results (section 7), body macros (GEN_BEGIN, GEN_YIELD, GEN_YIELD_FROM,
   GEN_RETURN, GEN_FAIL, GEN_FINALLY, GEN_END: section 8), consumer
   functions (name_next, name_send, name_throw, gen_close, GEN_FOR: 9),
   queries (10) and caveats (11).

   1. PORTS FOR YOUR TYPES
   -----------------------
   GEN_DECLARE(name, Y, S, R)  declares the port type `name`
       struct name { gen_t base; Y value; S sent; R result; int (*body)(name *); }
       with its consumer functions (coro.h section 9); name_items and
       name_pairs, ports of name_item {long index; Y value} and name_pair
       {Y first; Y second} (for enumerate and zip); and the combinators
       below. All static inline: what you do not call costs nothing.
   gen_int, gen_long: declared here (Y = S = R = int, long).

   2. COMBINATORS (frames are yours: pass a pointer to an uninitialised one)
   --------------
   gen_long *gen_range(gen_range_t *f, long start, long stop, long step)
       Python's range over all of long, LONG_MIN to LONG_MAX, with no
       overflow; step 0 raises GEN_ERROR_VALUE at the first next
   gen_long *gen_count(gen_count_t *f, long start, long step)        endless
       until the next value would pass LONG_MAX (LONG_MIN): that next
       raises GEN_ERROR_VALUE (Python's int never overflows; long does)
   name *name_chain(name_chain_t *f, name *a, name *b)     a's values, then b's
   name *name_map(name_map_t *f, name *src, Y (*fn)(Y))
   name *name_filter(name_filter_t *f, name *src, int (*pred)(Y))
   name *name_take(name_take_t *f, name *src, long n)     islice(src, n)
   name_items *name_enumerate(name_enumerate_t *f, name *src, long start)
       a value that would need an index past LONG_MAX raises GEN_ERROR_VALUE
   name_pairs *name_zip(name_zip_t *f, name *a, name *b)  stops at the shorter
   int name_collect(name *src, Y *array, size_t cap, size_t *n)
       list(src) into a caller's array: stores up to cap values, *n = count;
       returns GEN_DONE when src ended, GEN_YIELDED when the array filled
       first, or src's error.
   A combinator raises the error its source raises.
   GEN_NO_COMBINATORS (define before including) leaves them out, and
   name_items and name_pairs with them: GEN_DECLARE declares the port alone,
   for compilers that keep every unused inline function (sdcc, cc65).

   3. ASYNC GENERATORS (async def with yield; they run on coro.h's runtime)
   -------------------
   Left out when CORO_NO_ASYNC leaves the runtime out of coro.h.
   GEN_AGEN_DECLARE(name, T)   the port type of async generators of T: bodies
                         that can await (GEN_SLEEP, GEN_AWAIT, GEN_QUEUE_GET...)
                         and yield values of T. The value travels in the
                         port's result field: an async generator returns
                         nothing, as in Python.
   GEN_AYIELD(g, v)      in such a body: yield v to the consumer.
   In the consuming async function (agen is evaluated more than once: pass a
   plain pointer; each is one statement):
   GEN_ASYNC_FOR(g, agen, &v) statement   async for v in agen: (the
                                 statement may await, break and continue;
                                 with cc65, one per function: its label's
                                 name cannot paste __LINE__ there)
   GEN_ANEXT(g, agen, &v)        v = await anext(agen); afterwards
                                 gen_state(agen) == GEN_CLOSED when it was
                                 exhausted (StopAsyncIteration)
   GEN_ASEND(g, agen, x, &v)     v = await agen.asend(x); x is delivered
                                 once (the next GEN_ANEXT sends None); to a
                                 generator not started yet it raises
                                 GEN_ERROR_NOT_STARTED here and leaves it
                                 new (asyncio's TypeError); asend(None) is
                                 GEN_ANEXT
   GEN_ATHROW(g, agen, code, msg, &v)   v = await agen.athrow(...); into one
                                 not started yet: closes it and raises the
                                 error here; into an exhausted one: nothing
                                 (it reads as closed; CPython 3.11 returns
                                 None there)
   GEN_ACLOSE(g, agen)           await agen.aclose(): its finally section may
                                 await; a value yielded instead raises
                                 GEN_ERROR_IGNORED_CLOSE here
*/
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <limits.h>
#include "coro.h"

#ifdef CORO_NO_RUNTIME
#error "gen.h: CORO_NO_RUNTIME is defined, but gen.h builds on the generator protocol it leaves out of coro.h: remove CORO_NO_RUNTIME to use gen.h"
#endif

/* A combinator's step on its source: GEN_YIELDED with a value in *v, or
   the source's end, raised here if it was an error. */
#define GEN__PULL(name, src, v) \
    coro__rc = name##_next((src), (v)); \
    GEN__STOP_UNLESS_YIELDED(src)
#define GEN__STOP_UNLESS_YIELDED(src) \
    if (coro__rc != GEN_YIELDED) { \
        if (coro__rc < 0) gen__raise_from(gen__self, &(src)->base, coro__rc); \
        CORO__UNWIND(); \
    }

#define GEN__TOOLS(name, Y) \
    CORO__FNS_BEGIN \
    typedef struct name##_chain_t { name gen; name *src, *next; } name##_chain_t; \
    CORO__API int name##__chain(name *gen__g) \
    { \
        name##_chain_t *gen__f = GEN_SELF(name##_chain_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            coro__rc = name##_next(gen__f->src, &gen__g->value); \
            if (coro__rc == GEN_DONE && gen__f->next) { \
                gen__f->src = gen__f->next; \
                gen__f->next = 0; \
                continue; \
            } \
            GEN__STOP_UNLESS_YIELDED(gen__f->src) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_chain(name##_chain_t *gen__f, name *gen__a, name *gen__b) \
    { \
        gen__f->src = gen__a; \
        gen__f->next = gen__b; \
        return name##_init(&gen__f->gen, name##__chain); \
    } \
    typedef struct name##_map_t { name gen; name *src; Y (*fn)(Y); Y v; } name##_map_t; \
    CORO__API int name##__map(name *gen__g) \
    { \
        name##_map_t *gen__f = GEN_SELF(name##_map_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__f->v) \
            GEN_YIELD(gen__g, gen__f->fn(gen__f->v)); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_map(name##_map_t *gen__f, name *gen__src, Y (*gen__fn)(Y)) \
    { \
        gen__f->src = gen__src; \
        gen__f->fn = gen__fn; \
        return name##_init(&gen__f->gen, name##__map); \
    } \
    typedef struct name##_filter_t { name gen; name *src; int (*pred)(Y); Y v; } name##_filter_t; \
    CORO__API int name##__filter(name *gen__g) \
    { \
        name##_filter_t *gen__f = GEN_SELF(name##_filter_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__f->v) \
            if (gen__f->pred(gen__f->v)) \
                GEN_YIELD(gen__g, gen__f->v); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_filter(name##_filter_t *gen__f, name *gen__src, int (*gen__pred)(Y)) \
    { \
        gen__f->src = gen__src; \
        gen__f->pred = gen__pred; \
        return name##_init(&gen__f->gen, name##__filter); \
    } \
    typedef struct name##_take_t { name gen; name *src; long left; } name##_take_t; \
    CORO__API int name##__take(name *gen__g) \
    { \
        name##_take_t *gen__f = GEN_SELF(name##_take_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (; gen__f->left > 0; gen__f->left--) { \
            GEN__PULL(name, gen__f->src, &gen__g->value) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_take(name##_take_t *gen__f, name *gen__src, long gen__n) \
    { \
        gen__f->src = gen__src; \
        gen__f->left = gen__n; \
        return name##_init(&gen__f->gen, name##__take); \
    } \
    typedef struct name##_enumerate_t { name##_items gen; name *src; long index; int spent; } name##_enumerate_t; \
    CORO__API int name##__enumerate(name##_items *gen__g) \
    { \
        name##_enumerate_t *gen__f = GEN_SELF(name##_enumerate_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__g->value.value) \
            if (gen__f->spent) /* LONG_MAX was given: no index for this one */ \
                GEN_FAIL(gen__g, GEN_ERROR_VALUE, "enumerate() index would pass the range of long"); \
            gen__g->value.index = gen__f->index; \
            if (gen__f->index == LONG_MAX) gen__f->spent = 1; else gen__f->index++; \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name##_items *name##_enumerate(name##_enumerate_t *gen__f, name *gen__src, long gen__start) \
    { \
        gen__f->src = gen__src; \
        gen__f->index = gen__start; \
        gen__f->spent = 0; \
        return name##_items_init(&gen__f->gen, name##__enumerate); \
    } \
    typedef struct name##_zip_t { name##_pairs gen; name *a, *b; } name##_zip_t; \
    CORO__API int name##__zip(name##_pairs *gen__g) \
    { \
        name##_zip_t *gen__f = GEN_SELF(name##_zip_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->a, &gen__g->value.first) \
            GEN__PULL(name, gen__f->b, &gen__g->value.second) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name##_pairs *name##_zip(name##_zip_t *gen__f, name *gen__a, name *gen__b) \
    { \
        gen__f->a = gen__a; \
        gen__f->b = gen__b; \
        return name##_pairs_init(&gen__f->gen, name##__zip); \
    } \
    CORO__API int name##_collect(name *gen__src, Y *gen__array, size_t gen__cap, size_t *gen__n) \
    { \
        size_t gen__i = 0; \
        int gen__rc = GEN_YIELDED; \
        while (gen__i < gen__cap && (gen__rc = name##_next(gen__src, &gen__array[gen__i])) == GEN_YIELDED) \
            gen__i++; \
        if (gen__n) \
            *gen__n = gen__i; \
        return gen__rc; \
    } \
    CORO__FNS_END

#ifdef GEN_NO_COMBINATORS
#define GEN_DECLARE(name, Y, S, R) GEN__PORT(name, Y, S, R)
#else
#define GEN_DECLARE(name, Y, S, R) \
    GEN__PORT(name, Y, S, R) \
    typedef struct name##_item { long index; Y value; } name##_item; \
    typedef struct name##_pair { Y first; Y second; } name##_pair; \
    GEN__PORT(name##_items, name##_item, S, R) \
    GEN__PORT(name##_pairs, name##_pair, S, R) \
    GEN__TOOLS(name, Y)
#endif

GEN_DECLARE(gen_int, int, int, int)
GEN_DECLARE(gen_long, long, long, long)

#ifndef GEN_NO_COMBINATORS

/* ---- range and count ----------------------------------------------------- */

typedef struct gen_range_t { gen_long gen; long next, stop, step; } gen_range_t;

/* The distance from `from` to `to` in the direction of step, and the
   step's size: in unsigned long, where neither overflows. */
CORO__API unsigned long gen__room(long from, long to, long step)
{
    return step > 0 ? (unsigned long)to - (unsigned long)from : (unsigned long)from - (unsigned long)to;
}
CORO__API unsigned long gen__stride(long step)
{
    return step > 0 ? (unsigned long)step : 0ul - (unsigned long)step;
}

CORO__API int gen__range(gen_long *g)
{
    gen_range_t *f = GEN_SELF(gen_range_t, gen, g);
    GEN_BEGIN(g);
    if (f->step == 0)
        GEN_FAIL(g, GEN_ERROR_VALUE, "range() arg 3 must not be zero");
    if (f->step > 0 ? f->next < f->stop : f->next > f->stop) {
        for (;;) { /* next + step is computed only when it stays inside */
            GEN_YIELD(g, f->next);
            if (gen__room(f->next, f->stop, f->step) <= gen__stride(f->step))
                break; /* next + step reaches the stop */
            f->next += f->step;
        }
    }
    GEN_END(g);
}

CORO__API gen_long *gen_range(gen_range_t *f, long start, long stop, long step)
{
    f->next = start;
    f->stop = stop;
    f->step = step;
    return gen_long_init(&f->gen, gen__range);
}

typedef struct gen_count_t { gen_long gen; long next, step; } gen_count_t;

CORO__API int gen__count(gen_long *g)
{
    gen_count_t *f = GEN_SELF(gen_count_t, gen, g);
    GEN_BEGIN(g);
    for (;; f->next += f->step) {
        GEN_YIELD(g, f->next);
        if (gen__room(f->next, f->step > 0 ? LONG_MAX : LONG_MIN, f->step) < gen__stride(f->step))
            GEN_FAIL(g, GEN_ERROR_VALUE, "count() would pass the range of long");
    }
    GEN_END(g);
}

CORO__API gen_long *gen_count(gen_count_t *f, long start, long step)
{
    f->next = start;
    f->step = step;
    return gen_long_init(&f->gen, gen__count);
}

#endif /* GEN_NO_COMBINATORS */

#ifndef CORO_NO_ASYNC

/* ---- async generators ----------------------------------------------------------- */

/* GEN_AGEN_DECLARE(name, T): the port type of async generators of T: bodies
   that can await (GEN_SLEEP, GEN_AWAIT, GEN_QUEUE_GET...) and yield values of
   T with GEN_AYIELD. (The value travels in the port's result field: an async
   generator returns nothing, as in Python.) Consume one inside an async
   function with GEN_ASYNC_FOR or GEN_ANEXT; GEN_ASEND, GEN_ATHROW and
   GEN_ACLOSE mirror send, throw and close, and may await its finally section.
   The agen argument of these macros is evaluated more than once (when they
   start and when a value arrives): pass a plain pointer. */
#define GEN_AGEN_DECLARE(name, T) GEN__PORT(name, gen_await_t, char, T)

/* async generator body: yield v to the consumer */
#define GEN_AYIELD(g, v) GEN__AYIELD_(CORO__ID, g, v)
#define GEN__AYIELD_(id, g, v) \
    do { \
        (g)->result = (v); \
        gen__ask((gen_await_t *)(void *)((char *)gen__self + gen__self->vt->value_off), GEN__VALUE, 0, 0, 0); \
        CORO__SUSPEND(id, 0) \
    } while (0)

CORO__API int gen__is_value(gen_t *sub)
{
    return ((gen_await_t *)gen__value_of(sub))->kind == GEN__VALUE;
}

/* Drive an async generator until it yields a value (then *out) or ends,
   delegating its awaits to our caller. After it: gen_state(agen) ==
   GEN_CLOSED when it is exhausted (StopAsyncIteration). */
#define GEN__ADRIVE_(id, g, agen, prepare, on_value) do { \
    coro__rc = (prepare); \
    if (coro__rc == GEN__GO) \
        coro__rc = gen__from_start(gen__self, &(agen)->base); \
    gen__clear_flag(&(agen)->base, CORO__F_SENT); /* delivered: once */ \
    while (coro__rc == GEN_YIELDED && !gen__is_value(gen__self->sub)) { \
        CORO__SUSPEND(id, CORO__F_DELEGATING) \
        coro__rc = gen__from_step(gen__self); \
    } \
    if (coro__rc == GEN_YIELDED) { \
        gen__self->sub = 0; \
        on_value; \
    } else if (coro__rc == GEN__CLOSED_SUB || \
               (coro__rc == GEN_ERROR && !gen__from_caught(gen__self, 0))) { \
        CORO__UNWIND(); \
    } \
} while (0)

#define GEN_ANEXT(g, agen, out) GEN__ADRIVE_(CORO__ID, g, agen, GEN__GO, *(out) = (agen)->result)
#define GEN_ASEND(g, agen, v, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, ((agen)->sent = (v), gen__prep_send(gen__self, &(agen)->base)), *(out) = (agen)->result)
#define GEN_ATHROW(g, agen, code, msg, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_throw(gen__self, &(agen)->base, (code), (msg)), *(out) = (agen)->result)
/* await agen.aclose(): its finally section may await; a value yielded
   instead raises GEN_ERROR_IGNORED_CLOSE here */
#define GEN_ACLOSE(g, agen) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_close(&(agen)->base), \
                 gen__raise(gen__self, GEN_ERROR_IGNORED_CLOSE, gen_strerror(GEN_ERROR_IGNORED_CLOSE)); CORO__UNWIND())

/* async for: GEN_ASYNC_FOR(g, agen, out) statement. Each pass awaits the
   next value into *out, then runs the statement (which may await, break or
   continue); the loop ends when agen is exhausted. The statement sits in
   the else branch, reached by goto, so that the await comes first. */
#define GEN_ASYNC_FOR(g, agen, out) GEN__AFOR(CORO__ID, g, agen, out)
/* one more macro level: pcc and chibicc expand __COUNTER__ again at each
   use of a parameter, but pass a literal on to the next macro */
#define GEN__AFOR(id, g, agen, out) GEN__AFOR_(id, g, agen, out)
#define GEN__AFOR_(id, g, agen, out) \
    for (;;) \
        if (1) { \
            GEN__ADRIVE_(id, g, agen, GEN__GO, *(out) = (agen)->result); \
            if (gen_state(agen) == GEN_CLOSED) \
                break; \
            goto CORO__CAT(gen__body, id); \
        } else \
            CORO__CAT(gen__body, id):

/* The first step of asend/athrow/aclose: GEN__GO to resume the async
   generator, or GEN_ERROR with the error to raise in self->exc. */
CORO__API int gen__prep_send(gen_t *self, gen_t *a)
{
    if (a->co.state == GEN_CREATED) { /* asyncio: TypeError, a stays new */
        self->exc.code = GEN_ERROR_NOT_STARTED;
        self->exc.msg = gen_strerror(GEN_ERROR_NOT_STARTED);
        return GEN_ERROR;
    }
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, CORO__F_SENT);
    return GEN__GO;
}
CORO__API int gen__prep_throw(gen_t *self, gen_t *a, int code, const char *msg)
{
    int created = a->co.state == GEN_CREATED;
    if (gen__deliver(a, code, msg))
        return GEN__GO;
    if (!created) /* closed: CPython 3.11's athrow returns None */
        return GEN__GO;
    self->exc.code = code; /* never started: closed, raised straight back */
    self->exc.msg = msg;
    return GEN_ERROR;
}
CORO__API int gen__prep_close(gen_t *a)
{
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, CORO__F_CLOSE);
    else
        a->co.state = GEN_CLOSED;
    return GEN__GO;
}

#endif /* CORO_NO_ASYNC */

#endif /* GEN_H */
