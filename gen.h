/* gen.h - Python's generators in C99 and C++: yield, send, throw, close with
   cleanup, yield from, return values, states, misuse errors, for-each and
   itertools-style combinators. No malloc. Builds on coro.h.

   License: 0BSD (see the end of coro.h).

   QUICK START
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
   - a BODY: int body(name *g), written with the macros below; GEN_SELF gets
     the frame back from the port.
   A constructor that fills in the arguments and calls name_init is the
   counterpart of calling a Python generator function.

   CONTENTS
   ========
   1. Types and results     3. Consumer functions      5. Combinators
   2. Body macros           4. Queries                 6. Caveats

   1. TYPES AND RESULTS
   --------------------
   GEN_DECLARE(name, Y, S, R)  declares:
       struct name { gen_t base; Y value; S sent; R result; int (*body)(name *); }
       name_items, name_pairs: ports of name_item {long index; Y value} and
           name_pair {Y first; Y second} (for enumerate and zip)
       and the functions below, all static inline.
   gen_error_t { int code; const char *msg; }: an error; msg must be static.
   Results (int): GEN_YIELDED (1) a value was produced; GEN_DONE (0) the
   generator finished (StopIteration: read g->result); GEN_ERROR (-3) it
   raised an error (gen_error(g)); misuse, with the generator unchanged:
   GEN_ERROR_RUNNING (-2, "already executing": resumed from inside itself or
   from an interrupt), GEN_ERROR_NOT_STARTED (-4, send to a just-started
   generator), GEN_ERROR_IGNORED_CLOSE (-5, close: the finally section
   yielded; the generator stays suspended there, and the resume that
   finishes it raises GEN_ERROR with code GEN_ERROR_EXIT, "GeneratorExit"), GEN_ERROR_LOST (-1, see coro.h caveat 2). GEN_ERROR_VALUE (-6) is
   the code of gen_range's error for a zero step. GEN_ERROR_UNINIT (-7): the
   port was used before NAME_init (debug builds trap first). gen_strerror(rc)
   names each.
   After it finished or raised, a generator is closed: next and send return
   GEN_DONE every time.

   2. BODY MACROS (g: the port pointer the body received; each one statement)
   --------------
   GEN_BEGIN(g)          starts the body (see CORO_BEGIN: refuses re-entry,
                         delivers close/throw, jumps to the resume point).
   GEN_YIELD(g, v)       (1) g->value = v, (2) saves this point, (3) returns
                         GEN_YIELDED; resumed by next/send/throw/close. A
                         thrown error or a close is not caught here: it runs
                         the finally section and ends the generator.
   GEN_YIELD_CATCH(g, v) as GEN_YIELD, but a thrown error is caught here:
                         execution resumes after it and gen_caught(g) returns
                         the error (else NULL). try/except around one yield.
   g->sent, gen_was_sent(g)  after a yield: the value send delivered, and
                         whether the resume was a send (next is send(None)).
   GEN_YIELD_FROM(g, sub)    delegates to sub, a port with the same Y and S
                         types (checked at compile time): sub's values go to
                         our caller, our caller's send/throw go to sub, close
                         closes sub and then us. Afterwards sub->result holds
                         its return value. An error sub raises is raised here.
                         sub is evaluated once.
   GEN_YIELD_FROM_CATCH(g, sub)  as GEN_YIELD_FROM, but an error sub raises is
                         caught: gen_caught(g) returns it afterwards.
   GEN_RETURN(g, v)      g->result = v, then finishes (finally section first).
   GEN_FAIL(g, code, msg)    raises an error (finally section first): the
                         consumer gets GEN_ERROR and gen_error(g) = {code, msg}.
   GEN_FINALLY(g)        starts the finally section (see CORO_FINALLY): runs on
                         normal end, GEN_RETURN, GEN_FAIL, close and an uncaught
                         throw. gen_closing(g) tells whether close caused it.
   GEN_END(g)            ends the body.
   GEN_SELF(T, member, g)    the frame of type T whose port member is g.

   3. CONSUMER FUNCTIONS (name_*: generated for each port type)
   ---------------------
   name *name_init(name *g, int (*body)(name *))   fresh generator; returns g
   int name_next(name *g, Y *out)          resume; on GEN_YIELDED *out is the
                                           value (out may be NULL)
   int name_send(name *g, S v, Y *out)     resume with v as the yield's value
   int name_throw(name *g, int code, const char *msg, Y *out)  raise an error
                                           at the suspension point; returns
                                           the next value if the body catches
                                           it, else GEN_ERROR. A created
                                           generator is closed and the error
                                           comes straight back, as does a
                                           closed one's.
   int gen_close(g)                        GeneratorExit: runs the finally
                                           section; GEN_DONE, or
                                           GEN_ERROR_IGNORED_CLOSE, or the
                                           error the finally section raised.
                                           No-op on created/closed generators.
   GEN_FOR(var, name, it) statement        for var in it: (it evaluated once)

   4. QUERIES (any port; each evaluates g once)
   ----------
   gen_state(g)   GEN_CREATED, GEN_RUNNING, GEN_SUSPENDED, GEN_CLOSED
   gen_line(g)    source line of the yield it is suspended at, else 0
   gen_error(g)   const gen_error_t *: the error it raised or was thrown
   gen_caught(g), gen_was_sent(g), gen_closing(g): see section 2

   5. COMBINATORS (frames are yours: pass a pointer to an uninitialised one)
   --------------
   gen_long *gen_range(gen_range_t *f, long start, long stop, long step)
   gen_long *gen_count(gen_count_t *f, long start, long step)        endless
   name *name_chain(name_chain_t *f, name *a, name *b)     a's values, then b's
   name *name_map(name_map_t *f, name *src, Y (*fn)(Y))
   name *name_filter(name_filter_t *f, name *src, int (*pred)(Y))
   name *name_take(name_take_t *f, name *src, long n)     islice(src, n)
   name_items *name_enumerate(name_enumerate_t *f, name *src, long start)
   name_pairs *name_zip(name_zip_t *f, name *a, name *b)  stops at the shorter
   int name_collect(name *src, Y *array, size_t cap, size_t *n)
       list(src) into a caller's array: stores up to cap values, *n = count;
       returns GEN_DONE when src ended, GEN_YIELDED when the array filled
       first, or src's error.
   A combinator raises the error its source raises.

   6. CAVEATS (see also coro.h's)
   ----------
   1. Block-local variables do not survive a yield: keep them in the frame.
      A local declared in a block and used only between two yields is fine.
   2. Values are read after the generator returns: read them through next's
      out parameter (it follows yield from to the innermost generator), not
      from g->value while g delegates.
   3. A frame must not move while its generator is suspended (it holds
      pointers to itself through yield from and the combinators).
   4. gcc -O2 can warn that a variable "may be used uninitialized" when it
      is filled through next/send's out parameter and read only after
      GEN_YIELDED (a false positive: out is written only then). Initialise it.
   5. gen_caught(g) is meant to be read right after the catching yield; it
      stays set until the generator is resumed again.
   6. coro.h's macros work in a generator body too (CORO_WAIT_UNTIL,
      CORO_SPAWN...): each suspension they make is seen by the consumer as a
      yield of the current g->value again.
   7. Use name_init on a port before anything else: a port used before it
      gets GEN_ERROR_UNINIT (and a trap in debug builds), not a crash, as long
      as its memory was zeroed.
*/
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include "coro.h"

typedef struct gen_error_t {
    int code;
    const char *msg;
} gen_error_t;

typedef struct gen_t gen_t;

/* What the generic code needs to know of a port type. */
typedef struct gen__vt {
    int (*resume)(gen_t *g);
    size_t value_off; /* offset of the port's value field */
    size_t sent_off;  /* offset of the port's sent field */
} gen__vt;

struct gen_t {
    coro_t co;
    gen_error_t err;   /* the error raised, thrown in, or caught */
    gen_t *sub;        /* the generator yield from delegates to */
    const gen__vt *vt;
};

enum {
    GEN_DONE = CORO_DONE,
    GEN_YIELDED = CORO_SUSPENDED,
    GEN_ERROR_LOST = CORO_ERROR_LOST,
    GEN_ERROR_RUNNING = CORO_ERROR_RUNNING,
    GEN_ERROR = CORO_ERROR_RAISED,
    GEN_ERROR_NOT_STARTED = -4,
    GEN_ERROR_IGNORED_CLOSE = -5,
    GEN_ERROR_VALUE = -6,
    GEN_ERROR_UNINIT = -7,
    GEN_ERROR_EXIT = -8
};

enum {
    GEN_CREATED = CORO_STATE_CREATED,
    GEN_SUSPENDED = CORO_STATE_SUSPENDED,
    GEN_RUNNING = CORO_STATE_RUNNING,
    GEN_CLOSED = CORO_STATE_CLOSED
};

#define gen_state(g) coro_state(&(g)->base.co)
#define gen_line(g) coro_line(&(g)->base.co)
#define gen_error(g) gen__error(&(g)->base)
#define gen_caught(g) gen__caught(&(g)->base)
#define gen_was_sent(g) gen__flag(&(g)->base, CORO__F_SENT)
#define gen_closing(g) gen__flag(&(g)->base, CORO__F_CLOSE)
#define gen_close(g) gen__close(&(g)->base)

#define GEN_SELF(T, member, g) ((T *)(void *)((char *)(g) - offsetof(T, member)))

/* ---- generic functions on gen_t ----------------------------------------- */

enum { GEN__GO = 2, GEN__CLOSED_SUB = 3 };

CORO__API const char *gen_strerror(int rc)
{
    switch (rc) {
    case GEN_ERROR_NOT_STARTED: return "can't send a value to a just-started generator: call next first";
    case GEN_ERROR_IGNORED_CLOSE: return "generator ignored close: its finally section yielded";
    case GEN_ERROR_VALUE: return "bad argument value";
    case GEN_ERROR_UNINIT: return "generator used before NAME_init: initialise its port first";
    case GEN_ERROR_EXIT: return "GeneratorExit";
    default: return coro_strerror(rc);
    }
}

/* A port used before NAME_init (its body and vt are null). */
CORO__API int gen__uninit(void)
{
#if CORO_DEBUG
    CORO_TRAP("a generator was used before NAME_init: initialise its port with NAME_init, or its constructor, first");
#endif
    return GEN_ERROR_UNINIT;
}

CORO__API void gen__init(gen_t *g, const gen__vt *vt)
{
    coro_init(&g->co);
    g->err.code = 0;
    g->err.msg = 0;
    g->sub = 0;
    g->vt = vt;
}

CORO__API const gen_error_t *gen__error(const gen_t *g) { return &g->err; }

CORO__API const gen_error_t *gen__caught(const gen_t *g)
{
    return (g->co.flags & CORO__F_CAUGHT) ? &g->err : 0;
}

CORO__API int gen__flag(const gen_t *g, unsigned flag) { return (g->co.flags & flag) != 0; }

CORO__API void gen__set_flag(gen_t *g, unsigned flag)
{
    g->co.flags = (unsigned char)(g->co.flags | flag);
}

CORO__API void gen__clear_flag(gen_t *g, unsigned flag)
{
    g->co.flags = (unsigned char)(g->co.flags & ~flag);
}

/* The innermost generator of a yield-from chain. */
CORO__API gen_t *gen__leaf(gen_t *g)
{
    while (g->sub)
        g = g->sub;
    return g;
}

CORO__API void *gen__value_of(gen_t *g)
{
    g = gen__leaf(g);
    return (char *)(void *)g + g->vt->value_off;
}

CORO__API void *gen__sent_of(gen_t *g)
{
    g = gen__leaf(g);
    return (char *)(void *)g + g->vt->sent_off;
}

CORO__API void gen__set_error(gen_t *g, int code, const char *msg)
{
    g->err.code = code;
    g->err.msg = msg;
}

/* GEN_FAIL: record the error as the pending outcome. */
CORO__API void gen__raise(gen_t *g, int code, const char *msg)
{
    gen__set_error(g, code, msg);
    coro__fail(&g->co, GEN_ERROR);
}

/* Take over the error of a source that ended with rc < 0. */
CORO__API void gen__raise_from(gen_t *g, const gen_t *src, int rc)
{
    if (rc == GEN_ERROR)
        gen__raise(g, src->err.code, src->err.msg);
    else
        gen__raise(g, rc, gen_strerror(rc));
}

/* Can send go on? GEN__GO, or the result to return at once. */
CORO__API int gen__send_check(const gen_t *g)
{
    if (!g->vt)
        return gen__uninit();
    switch (g->co.state) {
    case GEN_SUSPENDED: return GEN__GO;
    case GEN_CREATED: return GEN_ERROR_NOT_STARTED;
    case GEN_RUNNING: return GEN_ERROR_RUNNING;
    default: return GEN_DONE;
    }
}

CORO__API int gen__throw(gen_t *g, int code, const char *msg)
{
    if (!g->vt)
        return gen__uninit();
    if (g->co.state == GEN_RUNNING)
        return GEN_ERROR_RUNNING;
    gen__set_error(g, code, msg);
    if (g->co.state != GEN_SUSPENDED) { /* created or closed: raised straight back */
        g->co.state = GEN_CLOSED;
        return GEN_ERROR;
    }
    gen__set_flag(g, CORO__F_THROW);
    return g->vt->resume(g);
}

CORO__API int gen__close(gen_t *g)
{
    int rc;
    if (!g->vt)
        return gen__uninit();
    switch (g->co.state) {
    case GEN_SUSPENDED: break;
    case GEN_RUNNING: return GEN_ERROR_RUNNING;
    default: g->co.state = GEN_CLOSED; return GEN_DONE;
    }
    gen__set_flag(g, CORO__F_CLOSE);
    rc = g->vt->resume(g);
    if (rc != GEN_YIELDED)
        return rc;
    /* It goes on suspended in its finally section, as in Python, with
       GeneratorExit pending: the resume that finishes it raises that. */
    gen__clear_flag(g, CORO__F_CLOSE);
    gen__raise(g, GEN_ERROR_EXIT, "GeneratorExit");
    return GEN_ERROR_IGNORED_CLOSE;
}

/* yield from: the first step, started as next() would. */
CORO__API int gen__from_start(gen_t *self, gen_t *sub)
{
    int rc;
    self->sub = sub;
    rc = sub->vt ? sub->vt->resume(sub) : gen__uninit();
    if (rc == GEN_YIELDED)
        return rc;
    self->sub = 0;
    if (rc < 0)
        gen__set_error(self, rc == GEN_ERROR ? sub->err.code : rc,
                       rc == GEN_ERROR ? sub->err.msg : gen_strerror(rc));
    return rc < 0 ? GEN_ERROR : GEN_DONE;
}

/* yield from: one later step, forwarding what our caller did to sub. */
CORO__API int gen__from_step(gen_t *self)
{
    gen_t *sub = self->sub;
    unsigned f = self->co.flags;
    int rc;
    gen__clear_flag(self, CORO__F_DELEGATING | CORO__F_THROW | CORO__F_CLOSE);
    if (f & CORO__F_CLOSE) {
        rc = gen__close(sub);
        self->sub = 0;
        if (rc == GEN_DONE) {
            gen__set_flag(self, CORO__F_CLOSE); /* now close us */
            return GEN__CLOSED_SUB;
        }
    } else if (f & CORO__F_THROW) {
        rc = gen__throw(sub, self->err.code, self->err.msg);
    } else {
        if (f & CORO__F_SENT)
            gen__set_flag(sub, CORO__F_SENT);
        rc = sub->vt->resume(sub);
        gen__clear_flag(sub, CORO__F_SENT);
    }
    if (rc == GEN_YIELDED)
        return rc;
    self->sub = 0;
    if (rc < 0) {
        if (rc != GEN_ERROR)
            gen__set_error(self, rc, gen_strerror(rc));
        else if (sub != self)
            gen__set_error(self, sub->err.code, sub->err.msg);
        return GEN_ERROR;
    }
    return GEN_DONE;
}

/* After yield from ended with an error: caught (1) or raised (0). */
CORO__API int gen__from_caught(gen_t *self, int catching)
{
    if (catching) {
        gen__set_flag(self, CORO__F_CAUGHT);
        return 1;
    }
    coro__fail(&self->co, GEN_ERROR);
    return 0;
}

/* ---- body macros -------------------------------------------------------- */

#define GEN_BEGIN(g) \
    gen_t *const gen__self = &(g)->base; \
    CORO_BEGIN(&gen__self->co)

#define GEN_YIELD(g, v) GEN__YIELD_(CORO__ID, g, v, 0)
#define GEN_YIELD_CATCH(g, v) GEN__YIELD_(CORO__ID, g, v, CORO__F_CATCHING)
#define GEN__YIELD_(id, g, v, flag) do { (g)->value = (v); CORO__SUSPEND(id, flag) } while (0)

#define GEN_RETURN(g, v) do { (g)->result = (v); CORO__UNWIND(); } while (0)

#define GEN_FAIL(g, code, msg) do { gen__raise(&(g)->base, (code), (msg)); CORO__UNWIND(); } while (0)

/* Compile-time check (nothing is evaluated) that sub yields and receives
   the same types as g. */
#define GEN__SAME_TYPES(g, sub) \
    (void)sizeof(&(g)->value == &(sub)->value); \
    (void)sizeof(&(g)->sent == &(sub)->sent)

#define GEN_YIELD_FROM(g, sub) GEN__FROM_(CORO__ID, g, sub, 0)
#define GEN_YIELD_FROM_CATCH(g, sub) GEN__FROM_(CORO__ID, g, sub, 1)
#define GEN__FROM_(id, g, sub, catching) do { \
    GEN__SAME_TYPES(g, sub); \
    coro__rc = gen__from_start(gen__self, &(sub)->base); \
    while (coro__rc == GEN_YIELDED) { \
        CORO__SUSPEND(id, CORO__F_DELEGATING) \
        coro__rc = gen__from_step(gen__self); \
    } \
    if (coro__rc == GEN__CLOSED_SUB || \
        (coro__rc == GEN_ERROR && !gen__from_caught(gen__self, catching))) { \
        CORO__UNWIND(); \
    } \
} while (0)

#define GEN_FINALLY(g) (void)sizeof((g)->base); CORO_FINALLY()
#define GEN_END(g) (void)sizeof((g)->base); CORO_END()

#define GEN_FOR(var, name, it) \
    for (name *CORO__CAT(gen__it, __LINE__) = (it); \
         name##_next(CORO__CAT(gen__it, __LINE__), &(var)) == GEN_YIELDED;)

/* ---- port types --------------------------------------------------------- */

#define GEN__PORT(name, Y, S, R) \
    typedef struct name name; \
    struct name { \
        gen_t base; \
        Y value;  /* the value last yielded */ \
        S sent;   /* the value last sent */ \
        R result; /* the return value */ \
        int (*body)(name *g); \
    }; \
    CORO__API int name##__resume(gen_t *b) \
    { \
        name *g = (name *)(void *)b; \
        return g->body(g); \
    } \
    CORO__API name *name##_init(name *g, int (*body)(name *)) \
    { \
        static const gen__vt vt = { name##__resume, offsetof(name, value), offsetof(name, sent) }; \
        gen__init(&g->base, &vt); \
        g->body = body; \
        return g; \
    } \
    CORO__API int name##__out(name *g, int rc, Y *out) \
    { \
        if (rc == GEN_YIELDED && out) \
            *out = g->base.sub ? *(Y *)gen__value_of(&g->base) : g->value; \
        return rc; \
    } \
    CORO__API int name##_next(name *g, Y *out) \
    { \
        if (!g->body) \
            return gen__uninit(); \
        return name##__out(g, g->body(g), out); \
    } \
    CORO__API int name##_send(name *g, S v, Y *out) \
    { \
        int rc = gen__send_check(&g->base); \
        if (rc != GEN__GO) \
            return rc; \
        *(S *)gen__sent_of(&g->base) = v; \
        gen__set_flag(&g->base, CORO__F_SENT); \
        rc = g->body(g); \
        gen__clear_flag(&g->base, CORO__F_SENT); \
        return name##__out(g, rc, out); \
    } \
    CORO__API int name##_throw(name *g, int code, const char *msg, Y *out) \
    { \
        return name##__out(g, gen__throw(&g->base, code, msg), out); \
    }

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
    typedef struct name##_chain_t { name gen; name *src, *next; } name##_chain_t; \
    CORO__API int name##__chain(name *g) \
    { \
        name##_chain_t *f = GEN_SELF(name##_chain_t, gen, g); \
        GEN_BEGIN(g); \
        for (;;) { \
            coro__rc = name##_next(f->src, &g->value); \
            if (coro__rc == GEN_DONE && f->next) { \
                f->src = f->next; \
                f->next = 0; \
                continue; \
            } \
            GEN__STOP_UNLESS_YIELDED(f->src) \
            GEN_YIELD(g, g->value); \
        } \
        GEN_END(g); \
    } \
    CORO__API name *name##_chain(name##_chain_t *f, name *a, name *b) \
    { \
        f->src = a; \
        f->next = b; \
        return name##_init(&f->gen, name##__chain); \
    } \
    typedef struct name##_map_t { name gen; name *src; Y (*fn)(Y); Y v; } name##_map_t; \
    CORO__API int name##__map(name *g) \
    { \
        name##_map_t *f = GEN_SELF(name##_map_t, gen, g); \
        GEN_BEGIN(g); \
        for (;;) { \
            GEN__PULL(name, f->src, &f->v) \
            GEN_YIELD(g, f->fn(f->v)); \
        } \
        GEN_END(g); \
    } \
    CORO__API name *name##_map(name##_map_t *f, name *src, Y (*fn)(Y)) \
    { \
        f->src = src; \
        f->fn = fn; \
        return name##_init(&f->gen, name##__map); \
    } \
    typedef struct name##_filter_t { name gen; name *src; int (*pred)(Y); Y v; } name##_filter_t; \
    CORO__API int name##__filter(name *g) \
    { \
        name##_filter_t *f = GEN_SELF(name##_filter_t, gen, g); \
        GEN_BEGIN(g); \
        for (;;) { \
            GEN__PULL(name, f->src, &f->v) \
            if (f->pred(f->v)) \
                GEN_YIELD(g, f->v); \
        } \
        GEN_END(g); \
    } \
    CORO__API name *name##_filter(name##_filter_t *f, name *src, int (*pred)(Y)) \
    { \
        f->src = src; \
        f->pred = pred; \
        return name##_init(&f->gen, name##__filter); \
    } \
    typedef struct name##_take_t { name gen; name *src; long left; } name##_take_t; \
    CORO__API int name##__take(name *g) \
    { \
        name##_take_t *f = GEN_SELF(name##_take_t, gen, g); \
        GEN_BEGIN(g); \
        for (; f->left > 0; f->left--) { \
            GEN__PULL(name, f->src, &g->value) \
            GEN_YIELD(g, g->value); \
        } \
        GEN_END(g); \
    } \
    CORO__API name *name##_take(name##_take_t *f, name *src, long n) \
    { \
        f->src = src; \
        f->left = n; \
        return name##_init(&f->gen, name##__take); \
    } \
    typedef struct name##_enumerate_t { name##_items gen; name *src; long index; } name##_enumerate_t; \
    CORO__API int name##__enumerate(name##_items *g) \
    { \
        name##_enumerate_t *f = GEN_SELF(name##_enumerate_t, gen, g); \
        GEN_BEGIN(g); \
        for (;; f->index++) { \
            GEN__PULL(name, f->src, &g->value.value) \
            g->value.index = f->index; \
            GEN_YIELD(g, g->value); \
        } \
        GEN_END(g); \
    } \
    CORO__API name##_items *name##_enumerate(name##_enumerate_t *f, name *src, long start) \
    { \
        f->src = src; \
        f->index = start; \
        return name##_items_init(&f->gen, name##__enumerate); \
    } \
    typedef struct name##_zip_t { name##_pairs gen; name *a, *b; } name##_zip_t; \
    CORO__API int name##__zip(name##_pairs *g) \
    { \
        name##_zip_t *f = GEN_SELF(name##_zip_t, gen, g); \
        GEN_BEGIN(g); \
        for (;;) { \
            GEN__PULL(name, f->a, &g->value.first) \
            GEN__PULL(name, f->b, &g->value.second) \
            GEN_YIELD(g, g->value); \
        } \
        GEN_END(g); \
    } \
    CORO__API name##_pairs *name##_zip(name##_zip_t *f, name *a, name *b) \
    { \
        f->a = a; \
        f->b = b; \
        return name##_pairs_init(&f->gen, name##__zip); \
    } \
    CORO__API int name##_collect(name *src, Y *array, size_t cap, size_t *n) \
    { \
        size_t i = 0; \
        int rc = GEN_YIELDED; \
        while (i < cap && (rc = name##_next(src, &array[i])) == GEN_YIELDED) \
            i++; \
        if (n) \
            *n = i; \
        return rc; \
    }

#define GEN_DECLARE(name, Y, S, R) \
    GEN__PORT(name, Y, S, R) \
    typedef struct name##_item { long index; Y value; } name##_item; \
    typedef struct name##_pair { Y first; Y second; } name##_pair; \
    GEN__PORT(name##_items, name##_item, S, R) \
    GEN__PORT(name##_pairs, name##_pair, S, R) \
    GEN__TOOLS(name, Y)

GEN_DECLARE(gen_int, int, int, int)
GEN_DECLARE(gen_long, long, long, long)

/* ---- range and count ----------------------------------------------------- */

typedef struct gen_range_t { gen_long gen; long next, stop, step; } gen_range_t;

CORO__API int gen__range(gen_long *g)
{
    gen_range_t *f = GEN_SELF(gen_range_t, gen, g);
    GEN_BEGIN(g);
    if (f->step == 0)
        GEN_FAIL(g, GEN_ERROR_VALUE, "range() arg 3 must not be zero");
    for (; f->step > 0 ? f->next < f->stop : f->next > f->stop; f->next += f->step)
        GEN_YIELD(g, f->next);
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
    for (;; f->next += f->step)
        GEN_YIELD(g, f->next);
    GEN_END(g);
}

CORO__API gen_long *gen_count(gen_count_t *f, long start, long step)
{
    f->next = start;
    f->step = step;
    return gen_long_init(&f->gen, gen__count);
}

#endif /* GEN_H */
