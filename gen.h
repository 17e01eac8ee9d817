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
   2. Body macros           4. Queries                 6. Async runtime
                                                       7. Caveats

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
   port was used before NAME_init (debug builds trap first). The runtime's:
   GEN_ERROR_CANCELLED (-9), GEN_ERROR_TIMEOUT (-10), GEN_ERROR_DEADLOCK
   (-11, from gen_loop_run). gen_strerror(rc) names each.
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

   6. ASYNC RUNTIME (asyncio on generators; full list with the code below)
   ----------------
   An async function is a generator of port type gen_async (returns int) or
   GEN_ASYNC_DECLARE(name, R); its yields are requests to the loop, so
   `await` is yield from and cancellation is a thrown error.
   Loop and clock:
     gen_run(&loop or NULL, port)     asyncio.run(main()): host clock, idle
                                      sleep, main as a task; returns its outcome
     gen_loop_init(&loop, clock)      clock: gen_clock_virtual(&c) (tests: jumps
                                      to the next deadline), gen_clock_ticks(&c,
                                      start) + gen_clock_tick(&c) from a timer
                                      interrupt, gen_clock_host(&c) (POSIX, ms;
                                      define _POSIX_C_SOURCE 199309L or later;
                                      with GEN_HOST_CLOCK_IS_VIRTUAL defined it
                                      is the virtual clock: a real-time
                                      program then runs instantly, for tests)
     loop.idle = gen_idle_sleep       called with the time to the next deadline
                                      when nothing is ready (firmware: WFI)
     loop.trace = fn(loop, task, GEN_TRACE_RESUME/_SUSPEND/_DONE)
     gen_loop_run(&loop)              until all tasks are done: GEN_DONE, or
                                      GEN_ERROR_DEADLOCK (tasks wait forever)
     gen_loop_step(&loop)             one pass, for a super-loop; returns the
                                      number of live tasks
     gen_now(&loop)
   Tasks (gen_task_t, yours):
     gen_spawn(&loop, &task, port)    create_task; FIFO among ready tasks
     gen_task_done, gen_task_state (GEN_TASK_READY/_SLEEPING/_WAITING/_DONE),
     gen_task_result (GEN_DONE or GEN_ERROR), gen_task_error, gen_task_line
     gen_cancel(&task)                CancelledError (GEN_ERROR_CANCELLED) at its
                                      suspension point, down the chain of
                                      awaits, every finally section runs; 0 if
                                      the task was already done
   In async bodies (each one statement):
     GEN_SLEEP(g, d), GEN_SLEEP0(g)   asyncio.sleep(d) / sleep(0)
     GEN_AWAIT(g, child)              await child (a port); child->result
     GEN_AWAIT_CATCH(g, child)        try: await ... except: gen_caught(g)
     GEN_AWAIT_TASK(g, task), GEN_AWAIT_TASK_CATCH(g, task)   await task
     GEN_AWAIT(g, gen_gather(&ga, tasks, n, return_errors))   asyncio.gather
     GEN_AWAIT(g, gen_wait_for(&wf, &task, timeout))          asyncio.wait_for
     GEN_EVENT_WAIT(g, &ev)           gen_event_set/_clear/_is_set (zero: clear)
     GEN_ACQUIRE(g, &sem), GEN_LOCK(g, &lock)   gen_semaphore_init/_release/
                                      _try, gen_lock_init/_release/_try
     GEN_QUEUE_PUT(g, name, &q, item), GEN_QUEUE_GET(g, name, &q, &item)
                                      GEN_QUEUE_DECLARE(name, T): name_init(q,
                                      array, cap), name_try_put, name_try_get
   Async generators: GEN_AGEN_DECLARE(name, T); in the body GEN_AYIELD(g, v)
   (and any await); the consumer: GEN_ASYNC_FOR(g, agen, &v, body),
   GEN_ANEXT, GEN_ASEND, GEN_ATHROW, GEN_ACLOSE.
   Interrupts: exactly three calls are safe from an interrupt or signal
   handler: gen_clock_tick (where the CPU stores a gen_time_t in one go, or
   with the tick type chosen so), gen_event_set_from_isr (after
   gen_loop_watch registered the event) and name_put_from_isr (after
   name_watch; the handler must be the queue's only producer, and the CPU
   must store a size_t in one go). Everything else runs on the loop's side. The idle hook should re-check loop->poked before sleeping (WFI wakes
   on a pending interrupt anyway).

   7. CAVEATS (see also coro.h's)
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
    GEN_ERROR_EXIT = -8,
    GEN_ERROR_CANCELLED = -9,  /* CancelledError */
    GEN_ERROR_TIMEOUT = -10,   /* TimeoutError (gen_wait_for) */
    GEN_ERROR_DEADLOCK = -11   /* gen_loop_run: tasks wait and nothing can wake them */
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
#define gen_closing(g) ((g)->base.co.rc == CORO__RC_CLOSING)
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
    case GEN_ERROR_CANCELLED: return "CancelledError";
    case GEN_ERROR_TIMEOUT: return "TimeoutError";
    case GEN_ERROR_DEADLOCK: return "deadlock: tasks wait for something no task or timer can bring";
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
            coro__fail(&self->co, CORO__RC_CLOSING); /* now close us */
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
        int (*body)(name *gen__g); \
    }; \
    CORO__API int name##__resume(gen_t *gen__b) \
    { \
        name *gen__g = (name *)(void *)gen__b; \
        return gen__g->body(gen__g); \
    } \
    CORO__API name *name##_init(name *gen__g, int (*gen__body)(name *)) \
    { \
        static const gen__vt gen__table = { name##__resume, offsetof(name, value), offsetof(name, sent) }; \
        gen__init(&gen__g->base, &gen__table); \
        gen__g->body = gen__body; \
        return gen__g; \
    } \
    CORO__API int name##__out(name *gen__g, int gen__rc, Y *gen__out) \
    { \
        if (gen__rc == GEN_YIELDED && gen__out) \
            *gen__out = gen__g->base.sub ? *(Y *)gen__value_of(&gen__g->base) : gen__g->value; \
        return gen__rc; \
    } \
    CORO__API int name##_next(name *gen__g, Y *gen__out) \
    { \
        if (!gen__g->body) \
            return gen__uninit(); \
        return name##__out(gen__g, gen__g->body(gen__g), gen__out); \
    } \
    CORO__API int name##_send(name *gen__g, S gen__v, Y *gen__out) \
    { \
        int gen__rc = gen__send_check(&gen__g->base); \
        if (gen__rc != GEN__GO) \
            return gen__rc; \
        *(S *)gen__sent_of(&gen__g->base) = gen__v; \
        gen__set_flag(&gen__g->base, CORO__F_SENT); \
        gen__rc = gen__g->body(gen__g); \
        gen__clear_flag(&gen__g->base, CORO__F_SENT); \
        return name##__out(gen__g, gen__rc, gen__out); \
    } \
    CORO__API int name##_throw(name *gen__g, int gen__code, const char *gen__msg, Y *gen__out) \
    { \
        return name##__out(gen__g, gen__throw(&gen__g->base, gen__code, gen__msg), gen__out); \
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
    typedef struct name##_enumerate_t { name##_items gen; name *src; long index; } name##_enumerate_t; \
    CORO__API int name##__enumerate(name##_items *gen__g) \
    { \
        name##_enumerate_t *gen__f = GEN_SELF(name##_enumerate_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;; gen__f->index++) { \
            GEN__PULL(name, gen__f->src, &gen__g->value.value) \
            gen__g->value.index = gen__f->index; \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_END(gen__g); \
    } \
    CORO__API name##_items *name##_enumerate(name##_enumerate_t *gen__f, name *gen__src, long gen__start) \
    { \
        gen__f->src = gen__src; \
        gen__f->index = gen__start; \
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


/* ==== ASYNC RUNTIME ========================================================
   An asyncio-shaped event loop for async functions written as generators,
   the way Python's own coroutines began (PEP 342/380): an async function is
   a generator whose yields are requests to the loop (sleep, wait on a list),
   `await child` is `yield from child` (GEN_AWAIT), cancellation is an error
   thrown in at the suspension point (and so travels down the chain of awaits
   and runs every finally section), and a task is the loop's handle on one
   top-level async function. Nothing is allocated: tasks, frames, waiter
   lists and queue buffers are yours.

   Time is a gen_time_t (GEN_TIME_TYPE, default unsigned long) counted by a
   pluggable clock; the host clock counts milliseconds. Comparisons are
   wrap-around safe (deadlines within half the type's range).
*/

#ifndef GEN_TIME_TYPE
#define GEN_TIME_TYPE unsigned long
#endif
typedef GEN_TIME_TYPE gen_time_t;


/* a < b, for times within half the type's range of each other */
#define gen__before(a, b) \
    ((gen_time_t)((gen_time_t)(a) - (gen_time_t)(b)) > ((gen_time_t)~(gen_time_t)0 >> 1))

typedef struct gen_task_t gen_task_t;
typedef struct gen_loop_t gen_loop_t;

/* A FIFO of tasks (a ready queue or the waiters of something). Zero is empty. */
typedef struct gen_list_t {
    gen_task_t *first, *last;
} gen_list_t;

/* What a suspended async function asks of the loop: its yielded value. */
enum { GEN__READY = 0, GEN__SLEEP = 1, GEN__WAIT = 2, GEN__VALUE = 3 };
enum { GEN_WOKE_NONE = 0, GEN_WOKE_SIGNAL = 1, GEN_WOKE_TIMEOUT = 2, GEN_WOKE_GRANT = 3 };
typedef struct gen_await_t {
    unsigned char kind;     /* GEN__READY, _SLEEP, _WAIT; _VALUE: an async generator's value */
    unsigned char timed;    /* GEN__WAIT: also wake at `t` */
    unsigned char woke;     /* set by the waker: GEN_WOKE_* */
    gen_time_t t;           /* GEN__SLEEP: delay; GEN__WAIT: deadline */
    gen_list_t *list;       /* GEN__WAIT: the list to wait in */
} gen_await_t;

/* The clock: now() and, for the virtual and tick clocks, a counter. */
typedef struct gen_clock_t gen_clock_t;
struct gen_clock_t {
    gen_time_t (*now)(gen_clock_t *c);
    volatile gen_time_t ticks; /* virtual time, or ticks counted by gen_clock_tick */
    unsigned char jumps;       /* virtual: the loop jumps to the next deadline */
};

enum { GEN_TASK_READY = 1, GEN_TASK_SLEEPING = 2, GEN_TASK_WAITING = 3, GEN_TASK_DONE = 4 };
enum { GEN_TRACE_RESUME = 1, GEN_TRACE_SUSPEND = 2, GEN_TRACE_DONE = 3 };

struct gen_task_t {
    gen_t *g;                        /* the async function it runs */
    gen_loop_t *loop;
    gen_task_t *prev, *next;         /* links in `list` */
    gen_list_t *list;                /* the ready queue or a waiter list, or NULL */
    gen_task_t *hchild, *hnext, *hprev; /* timer heap links */
    gen_time_t until;                /* deadline while in the timer heap */
    unsigned long seq;               /* FIFO order among equal deadlines */
    gen_list_t joiners;              /* tasks awaiting this one */
    struct gen_gather_t *gather;     /* the gather it belongs to, if any */
    unsigned char state;             /* 0 (not spawned), GEN_TASK_* */
    unsigned char cancel;            /* cancellation requested */
    unsigned char timed;             /* in the timer heap */
    signed char rc;                  /* final result once done */
};

/* Something an interrupt handler can signal (an event, a queue): the
   handler sets `fired` and the loop's `poked`; the loop calls poll(). */
typedef struct gen_watch_t {
    struct gen_watch_t *next;          /* the loop's watched list */
    void (*poll)(struct gen_watch_t *w);
    gen_loop_t *loop;
    volatile unsigned char fired;
} gen_watch_t;

struct gen_loop_t {
    gen_clock_t *clock;
    gen_list_t ready;
    gen_task_t *timers;              /* pairing heap on (until, seq) */
    unsigned long seq;
    unsigned long live;              /* spawned, not done */
    gen_task_t *current;             /* the task running now */
    void (*idle)(gen_loop_t *loop, gen_time_t wait); /* nothing ready: wait at most `wait` */
    void (*trace)(gen_loop_t *loop, gen_task_t *task, int event);
    gen_watch_t *watched;            /* what interrupts may signal */
    volatile unsigned char poked;    /* an interrupt signalled one of them */
};

/* ---- async ports ---------------------------------------------------------- */

/* GEN_ASYNC_DECLARE(name, R): the port type of async functions returning R. */
#define GEN_ASYNC_DECLARE(name, R) GEN__PORT(name, gen_await_t, char, R)

GEN_ASYNC_DECLARE(gen_async, int)

/* Fill in a request (no struct is returned by value: sdcc cannot). */
CORO__API void gen__ask(gen_await_t *r, unsigned kind, gen_time_t t, gen_list_t *list, unsigned timed)
{
    r->kind = (unsigned char)kind;
    r->timed = (unsigned char)timed;
    r->woke = GEN_WOKE_NONE;
    r->t = t;
    r->list = list;
}

/* Suspend with a request to the loop (flag: 0 or CORO__F_CATCHING). */
#define GEN__ASK(g, flag, kind, t, list, timed) GEN__ASK_(CORO__ID, g, flag, kind, t, list, timed)
#define GEN__ASK_(id, g, flag, kind, t, list, timed) \
    do { gen__ask(&(g)->value, (kind), (t), (list), (timed)); CORO__SUSPEND(id, flag) } while (0)

/* the request of a task's innermost async function */
CORO__API gen_await_t *gen__request(gen_task_t *t)
{
    return (gen_await_t *)gen__value_of(t->g);
}

/* ---- lists ------------------------------------------------------------------ */

CORO__API void gen__list_push(gen_list_t *l, gen_task_t *t)
{
    t->list = l;
    t->next = 0;
    t->prev = l->last;
    if (l->last)
        l->last->next = t;
    else
        l->first = t;
    l->last = t;
}

CORO__API void gen__list_remove(gen_task_t *t)
{
    gen_list_t *l = t->list;
    if (!l)
        return;
    if (t->prev) t->prev->next = t->next; else l->first = t->next;
    if (t->next) t->next->prev = t->prev; else l->last = t->prev;
    t->prev = t->next = 0;
    t->list = 0;
}

/* ---- the timer heap: a pairing heap, O(1) insert, O(log n) amortised pop ---- */

CORO__API int gen__earlier(const gen_task_t *a, const gen_task_t *b)
{
    if (a->until != b->until)
        return gen__before(a->until, b->until);
    return a->seq - b->seq > (~0ul >> 1); /* a->seq < b->seq, wrap-safe */
}

CORO__API gen_task_t *gen__meld(gen_task_t *a, gen_task_t *b)
{
    gen_task_t *t;
    if (!a) return b;
    if (!b) return a;
    if (gen__earlier(b, a)) { t = a; a = b; b = t; }
    b->hprev = a;
    b->hnext = a->hchild;
    if (a->hchild)
        a->hchild->hprev = b;
    a->hchild = b;
    return a;
}

/* melds a list of siblings into one heap, two passes, no recursion */
CORO__API gen_task_t *gen__merge_pairs(gen_task_t *first)
{
    gen_task_t *pairs = 0, *a, *b, *r;
    while (first) {
        a = first;
        b = a->hnext;
        first = b ? b->hnext : 0;
        a->hnext = a->hprev = 0;
        if (b)
            b->hnext = b->hprev = 0;
        r = gen__meld(a, b);
        r->hnext = pairs;
        pairs = r;
    }
    r = pairs;
    if (!r)
        return 0;
    pairs = r->hnext;
    r->hnext = 0;
    while (pairs) {
        a = pairs;
        pairs = a->hnext;
        a->hnext = 0;
        r = gen__meld(r, a);
    }
    r->hprev = 0;
    return r;
}

CORO__API void gen__timer_add(gen_loop_t *loop, gen_task_t *t, gen_time_t until)
{
    t->until = until;
    t->seq = loop->seq++;
    t->hchild = t->hnext = t->hprev = 0;
    t->timed = 1;
    loop->timers = gen__meld(loop->timers, t);
}

CORO__API void gen__timer_remove(gen_loop_t *loop, gen_task_t *t)
{
    gen_task_t *rest;
    if (!t->timed)
        return;
    t->timed = 0;
    rest = gen__merge_pairs(t->hchild);
    if (t == loop->timers) {
        loop->timers = rest;
    } else {
        if (t->hprev->hchild == t) t->hprev->hchild = t->hnext; else t->hprev->hnext = t->hnext;
        if (t->hnext) t->hnext->hprev = t->hprev;
        loop->timers = gen__meld(loop->timers, rest);
    }
    t->hchild = t->hnext = t->hprev = 0;
}

/* ---- clocks ------------------------------------------------------------------ */

CORO__API gen_time_t gen__clock_counter(gen_clock_t *c) { return c->ticks; }

/* a virtual clock: starts at 0; the loop jumps it to the next deadline */
CORO__API gen_clock_t *gen_clock_virtual(gen_clock_t *c)
{
    c->now = gen__clock_counter;
    c->ticks = 0;
    c->jumps = 1;
    return c;
}

/* a tick clock: gen_clock_tick() advances it (from a timer interrupt) */
CORO__API gen_clock_t *gen_clock_ticks(gen_clock_t *c, gen_time_t start)
{
    c->now = gen__clock_counter;
    c->ticks = start;
    c->jumps = 0;
    return c;
}

CORO__API void gen_clock_tick(gen_clock_t *c) { c->ticks = (gen_time_t)(c->ticks + 1u); }

#if defined(__unix__) || defined(__APPLE__)
#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199309L
#include <time.h>
#define GEN__HOST_CLOCK 1
/* the host's monotonic clock, in milliseconds */
CORO__API gen_time_t gen__clock_host_now(gen_clock_t *c)
{
    struct timespec ts;
    (void)c;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gen_time_t)((gen_time_t)ts.tv_sec * 1000u + (gen_time_t)(ts.tv_nsec / 1000000));
}
CORO__API gen_clock_t *gen_clock_host(gen_clock_t *c)
{
#ifdef GEN_HOST_CLOCK_IS_VIRTUAL /* run a real-time program instantly (tests) */
    return gen_clock_virtual(c);
#else
    c->now = gen__clock_host_now;
    c->ticks = 0;
    c->jumps = 0;
    return c;
#endif
}
/* the host's idle hook: sleep until the next deadline */
CORO__API void gen_idle_sleep(gen_loop_t *loop, gen_time_t wait)
{
    struct timespec ts;
    (void)loop;
    ts.tv_sec = (time_t)(wait / 1000u);
    ts.tv_nsec = (long)(wait % 1000u) * 1000000L;
    nanosleep(&ts, 0);
}
#endif
#endif

CORO__API gen_time_t gen_now(gen_loop_t *loop) { return loop->clock->now(loop->clock); }

/* ---- the loop ----------------------------------------------------------------- */

CORO__API void gen_loop_init(gen_loop_t *loop, gen_clock_t *clock)
{
    loop->clock = clock;
    loop->ready.first = loop->ready.last = 0;
    loop->timers = 0;
    loop->seq = 0;
    loop->live = 0;
    loop->current = 0;
    loop->idle = 0;
    loop->trace = 0;
    loop->watched = 0;
    loop->poked = 0;
}

CORO__API void gen__make_ready(gen_task_t *t, unsigned woke)
{
    gen__list_remove(t);
    gen__timer_remove(t->loop, t);
    if (t->state != GEN_TASK_DONE) {
        if (woke && t->state == GEN_TASK_WAITING)
            gen__request(t)->woke = (unsigned char)woke;
        t->state = GEN_TASK_READY;
        gen__list_push(&t->loop->ready, t);
    }
}

/* Wake the first waiter of a list (n = 1) or all of them (n = 0). */
CORO__API void gen__wake(gen_list_t *l, unsigned woke, int n)
{
    while (l->first) {
        gen__make_ready(l->first, woke);
        if (n)
            break;
    }
}

CORO__API void gen__spawn(gen_loop_t *loop, gen_task_t *t, gen_t *g)
{
    t->g = g;
    t->loop = loop;
    t->list = 0;
    t->prev = t->next = 0;
    t->hchild = t->hnext = t->hprev = 0;
    t->timed = 0;
    t->joiners.first = t->joiners.last = 0;
    t->gather = 0;
    t->cancel = 0;
    t->rc = 0;
    t->state = GEN_TASK_READY;
    loop->live++;
    gen__list_push(&loop->ready, t);
}
#define gen_spawn(loop, task, port) gen__spawn((loop), (task), &(port)->base)

CORO__API int gen_task_done(const gen_task_t *t) { return t->state == GEN_TASK_DONE; }
CORO__API int gen_task_state(const gen_task_t *t) { return t->state; }
/* the final result: GEN_DONE, or GEN_ERROR with gen_task_error(t) */
CORO__API int gen_task_result(const gen_task_t *t) { return t->rc; }
CORO__API const gen_error_t *gen_task_error(const gen_task_t *t) { return &t->g->err; }
/* the line the task's innermost async function waits at */
CORO__API unsigned gen_task_line(const gen_task_t *t) { return coro_line(&gen__leaf(t->g)->co); }

/* Request cancellation: CancelledError is thrown in at the task's suspension
   point when it next runs. 1 if requested, 0 if the task was already done. */
CORO__API int gen_cancel(gen_task_t *t)
{
    if (t->state == GEN_TASK_DONE)
        return 0;
    t->cancel = 1;
    if (t != t->loop->current)
        gen__make_ready(t, GEN_WOKE_SIGNAL);
    return 1;
}

static void gen__gather_done(struct gen_gather_t *ga, gen_task_t *t);

/* Runs one ready task one step and files it where its request says. */
CORO__API void gen__run(gen_loop_t *loop, gen_task_t *t)
{
    int rc;
    gen_await_t *req;
    gen__list_remove(t);
    loop->current = t;
    if (loop->trace) loop->trace(loop, t, GEN_TRACE_RESUME);
    if (t->cancel == 1) {
        t->cancel = 2; /* delivered */
        rc = gen__throw(t->g, GEN_ERROR_CANCELLED, "CancelledError");
    } else {
        rc = t->g->vt->resume(t->g);
    }
    loop->current = 0;
    if (rc != GEN_YIELDED) {
        t->state = GEN_TASK_DONE;
        t->rc = (signed char)(rc < 0 ? GEN_ERROR : GEN_DONE);
        if (rc < 0 && rc != GEN_ERROR) /* a misuse code: make it the task's error */
            gen__set_error(t->g, rc, gen_strerror(rc));
        loop->live--;
        if (loop->trace) loop->trace(loop, t, GEN_TRACE_DONE);
        gen__wake(&t->joiners, GEN_WOKE_SIGNAL, 0);
        if (t->gather)
            gen__gather_done(t->gather, t);
        return;
    }
    if (loop->trace) loop->trace(loop, t, GEN_TRACE_SUSPEND);
    req = gen__request(t);
    if (t->cancel == 1 || req->kind == GEN__READY || req->kind == GEN__VALUE) {
        /* sleep(0); or cancelled meanwhile; or an async generator run as a task */
        t->state = GEN_TASK_READY;
        gen__list_push(&loop->ready, t);
    } else if (req->kind == GEN__SLEEP) {
        t->state = GEN_TASK_SLEEPING;
        gen__timer_add(loop, t, (gen_time_t)(gen_now(loop) + req->t));
    } else {
        t->state = GEN_TASK_WAITING;
        gen__list_push(req->list, t);
        if (req->timed)
            gen__timer_add(loop, t, req->t);
    }
}

/* Moves every task whose deadline has come to the ready queue. */
CORO__API void gen__fire_timers(gen_loop_t *loop)
{
    gen_time_t now = gen_now(loop);
    while (loop->timers && !gen__before(now, loop->timers->until))
        gen__make_ready(loop->timers, GEN_WOKE_TIMEOUT);
}

/* One step: fire due timers, then run every task that was ready at the
   start. Returns the number of tasks still alive (0: all done). */
static void gen__poll_isr(gen_loop_t *loop);

CORO__API unsigned long gen_loop_step(gen_loop_t *loop)
{
    gen_task_t *last;
    if (loop->poked)
        gen__poll_isr(loop);
    gen__fire_timers(loop);
    last = loop->ready.last;
    while (loop->ready.first) {
        gen_task_t *t = loop->ready.first;
        gen__run(loop, t);
        if (t == last)
            break;
    }
    return loop->live;
}

/* Runs until every task is done: GEN_DONE, or GEN_ERROR_DEADLOCK when tasks
   wait for something no task and no timer can bring. With nothing ready it
   jumps a virtual clock to the next deadline, or calls the idle hook. */
CORO__API int gen_loop_run(gen_loop_t *loop)
{
    while (gen_loop_step(loop)) {
        if (loop->ready.first || loop->poked)
            continue;
        if (!loop->timers) {
            if (!loop->watched || !loop->idle)
                return GEN_ERROR_DEADLOCK;
            loop->idle(loop, (gen_time_t)((gen_time_t)~(gen_time_t)0 >> 1)); /* until an interrupt */
            continue;
        }
        if (loop->clock->jumps) {
            loop->clock->ticks = loop->timers->until;
        } else {
            gen_time_t now = gen_now(loop);
            if (gen__before(now, loop->timers->until) && loop->idle)
                loop->idle(loop, (gen_time_t)(loop->timers->until - now));
        }
    }
    return GEN_DONE;
}

#ifdef GEN__HOST_CLOCK
/* asyncio.run(main): a loop on the host clock that sleeps when idle, main
   as its only task to start with, run to the end. Returns main's outcome:
   GEN_DONE, GEN_ERROR (gen_error(main) tells which) or GEN_ERROR_DEADLOCK.
   loop: where to keep the loop (code that spawns tasks needs it), or NULL. */
CORO__API int gen__run_main(gen_loop_t *loop, gen_t *main_coro)
{
    gen_loop_t own;
    gen_clock_t clock;
    gen_task_t task;
    int rc;
    if (!loop)
        loop = &own;
    gen_loop_init(loop, gen_clock_host(&clock));
    loop->idle = gen_idle_sleep;
    gen__spawn(loop, &task, main_coro);
    rc = gen_loop_run(loop);
    return rc != GEN_DONE ? rc : task.rc;
}
#define gen_run(loop, port) gen__run_main((loop), &(port)->base)
#endif

/* ---- body macros for async functions -------------------------------------- */

/* await asyncio.sleep(d): d in clock units; 0 yields to the loop once */
#define GEN_SLEEP(g, d) GEN__ASK(g, 0, GEN__SLEEP, (gen_time_t)(d), 0, 0)
#define GEN_SLEEP0(g) GEN__ASK(g, 0, GEN__READY, 0, 0, 0)
/* await child: child's errors are raised here; child->result afterwards */
#define GEN_AWAIT(g, child) GEN_YIELD_FROM(g, child)
/* try: await child / except: gen_caught(g) tells */
#define GEN_AWAIT_CATCH(g, child) GEN_YIELD_FROM_CATCH(g, child)

/* await task: waits until it is done; its error is raised here.
   task is evaluated once per resume. */
#define GEN_AWAIT_TASK(g, task) GEN__AWAIT_TASK_(CORO__ID, g, task, 0)
#define GEN_AWAIT_TASK_CATCH(g, task) GEN__AWAIT_TASK_(CORO__ID, g, task, 1)
#define GEN__AWAIT_TASK_(id, g, task, catching) do { \
    while ((coro__rc = gen__join_wait(task)) == 0) { \
        gen__ask(&(g)->value, GEN__WAIT, 0, &(task)->joiners, 0); \
        CORO__SUSPEND(id, 0) \
    } \
    if (gen__joined(gen__self, (task), coro__rc == 2, catching)) { CORO__UNWIND(); } \
} while (0)

/* 0: keep waiting for t; 1: t is done; 2: t is the task running this code,
   which would wait forever (asyncio: "Task cannot await on itself") */
CORO__API int gen__join_wait(const gen_task_t *t)
{
    if (t->state == GEN_TASK_DONE)
        return 1;
    return t->loop && t->loop->current == t ? 2 : 0;
}

/* after joining: raise the task's error (1) or catch it (0) */
CORO__API int gen__joined(gen_t *self, const gen_task_t *t, int itself, int catching)
{
    if (itself)
        gen__set_error(self, GEN_ERROR_RUNNING, "a task cannot await itself");
    else if (t->rc >= 0)
        return 0;
    else
        gen__set_error(self, t->g->err.code, t->g->err.msg);
    return !gen__from_caught(self, catching);
}

/* wait for a list with an optional deadline: GEN_WOKE_* in (g)->value.woke */
#define GEN__WAIT_IN(g, l, timed, deadline) \
    GEN__ASK(g, 0, GEN__WAIT, (deadline), (l), (timed))

/* ---- gather ---------------------------------------------------------------- */

/* await gather(*tasks): an awaitable over tasks already spawned. Ends when
   all are done, or at the first error (raised here; the others go on), or
   with return_errors set never raises: read each task's result and error.
   Cancelling the task that awaits it cancels the children, waits for them,
   then raises CancelledError. A task belongs to one gather at most. */
typedef struct gen_gather_t {
    gen_async gen;
    gen_task_t *const *tasks;
    size_t n, done;
    gen_task_t *failed;         /* the first child that failed */
    gen_list_t waiters;
    int return_errors;
} gen_gather_t;

CORO__UNUSED static void gen__gather_done(gen_gather_t *ga, gen_task_t *t)
{
    ga->done++;
    if (t->rc < 0 && !ga->failed)
        ga->failed = t;
    gen__wake(&ga->waiters, GEN_WOKE_SIGNAL, 0);
}

CORO__API void gen__cancel_all(gen_task_t *const *tasks, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        gen_cancel(tasks[i]);
}

CORO__API int gen__gather(gen_async *g)
{
    gen_gather_t *ga = GEN_SELF(gen_gather_t, gen, g);
    GEN_BEGIN(g);
    while (ga->done < ga->n && (!ga->failed || ga->return_errors)) {
        GEN__ASK(g, CORO__F_CATCHING, GEN__WAIT, 0, &ga->waiters, 0);
        if (gen_caught(g)) {
            gen__cancel_all(ga->tasks, ga->n);
            while (ga->done < ga->n)
                GEN__WAIT_IN(g, &ga->waiters, 0, 0);
            GEN_FAIL(g, GEN_ERROR_CANCELLED, "CancelledError");
        }
    }
    if (ga->failed && !ga->return_errors)
        GEN_FAIL(g, ga->failed->g->err.code, ga->failed->g->err.msg);
    GEN_END(g);
}

CORO__API gen_async *gen_gather(gen_gather_t *ga, gen_task_t *const *tasks, size_t n, int return_errors)
{
    size_t i;
    ga->tasks = tasks;
    ga->n = n;
    ga->done = 0;
    ga->failed = 0;
    ga->waiters.first = ga->waiters.last = 0;
    ga->return_errors = return_errors;
    for (i = 0; i < n; i++) {
        tasks[i]->gather = ga;
        if (tasks[i]->state == GEN_TASK_DONE)
            gen__gather_done(ga, tasks[i]);
    }
    return gen_async_init(&ga->gen, gen__gather);
}

/* ---- wait_for ------------------------------------------------------------------ */

/* await wait_for(task, timeout): the task's outcome, or on timeout: cancel
   it, wait until its cleanup has run, raise GEN_ERROR_TIMEOUT. Cancelling
   the awaiting task cancels `task` too. */
typedef struct gen_wait_for_t {
    gen_async gen;
    gen_task_t *task;
    gen_time_t timeout, deadline;
    int timed_out;
} gen_wait_for_t;

CORO__API int gen__wait_for(gen_async *g)
{
    gen_wait_for_t *w = GEN_SELF(gen_wait_for_t, gen, g);
    GEN_BEGIN(g);
    w->deadline = (gen_time_t)(gen_now(w->task->loop) + w->timeout);
    while (!gen_task_done(w->task)) {
        GEN__ASK(g, CORO__F_CATCHING, GEN__WAIT, w->deadline, &w->task->joiners, 1);
        if (gen_caught(g) || (g->value.woke == GEN_WOKE_TIMEOUT && !gen_task_done(w->task))) {
            w->timed_out = !gen_caught(g);
            gen_cancel(w->task);
            while (!gen_task_done(w->task))
                GEN__WAIT_IN(g, &w->task->joiners, 0, 0);
            if (w->timed_out)
                GEN_FAIL(g, GEN_ERROR_TIMEOUT, "TimeoutError");
            GEN_FAIL(g, GEN_ERROR_CANCELLED, "CancelledError");
        }
    }
    if (w->task->rc < 0)
        GEN_FAIL(g, w->task->g->err.code, w->task->g->err.msg);
    GEN_END(g);
}

CORO__API gen_async *gen_wait_for(gen_wait_for_t *w, gen_task_t *task, gen_time_t timeout)
{
    w->task = task;
    w->timeout = timeout;
    return gen_async_init(&w->gen, gen__wait_for);
}

/* ---- Event, Semaphore, Lock -------------------------------------------------- */

/* An event: a zeroed one is clear. gen_event_set wakes every waiter.
   An interrupt or signal handler sets one with gen_event_set_from_isr, after
   the loop side registered it once with gen_loop_watch. */
typedef struct gen_event_t {
    gen_list_t waiters;
    unsigned char is_set;
    gen_watch_t watch;               /* for gen_event_set_from_isr */
} gen_event_t;

CORO__API void gen_event_set(gen_event_t *e)
{
    e->is_set = 1;
    gen__wake(&e->waiters, GEN_WOKE_SIGNAL, 0);
}

/* loop side: start watching w for interrupts (once) */
CORO__API void gen__watch(gen_loop_t *loop, gen_watch_t *w, void (*poll)(gen_watch_t *))
{
    if (w->loop)
        return;
    w->loop = loop;
    w->poll = poll;
    w->fired = 0;
    w->next = loop->watched;
    loop->watched = w;
}

/* interrupt side: two byte stores */
CORO__API void gen__fire(gen_watch_t *w)
{
    w->fired = 1;
    w->loop->poked = 1;
}

CORO__API void gen__event_poll(gen_watch_t *w)
{
    gen_event_set((gen_event_t *)(void *)((char *)w - offsetof(gen_event_t, watch)));
}

/* Loop side, once: let interrupt handlers set e. */
CORO__API void gen_loop_watch(gen_loop_t *loop, gen_event_t *e) { gen__watch(loop, &e->watch, gen__event_poll); }

/* Interrupt-safe: the loop sets the event at its next step (and
   gen_loop_run waits in the idle hook instead of reporting a deadlock while
   anything is watched). */
CORO__API void gen_event_set_from_isr(gen_event_t *e) { gen__fire(&e->watch); }

CORO__UNUSED static void gen__poll_isr(gen_loop_t *loop)
{
    gen_watch_t *w;
    loop->poked = 0;
    for (w = loop->watched; w; w = w->next)
        if (w->fired) {
            w->fired = 0;
            w->poll(w);
        }
}

CORO__API void gen_event_clear(gen_event_t *e) { e->is_set = 0; }
CORO__API int gen_event_is_set(const gen_event_t *e) { return e->is_set; }

/* await event.wait(); e is evaluated once per resume */
#define GEN_EVENT_WAIT(g, e) \
    do { while (!gen_event_is_set(e)) GEN__WAIT_IN(g, &(e)->waiters, 0, 0); } while (0)

/* A semaphore; a lock is a semaphore of 1. Releases hand the permit to the
   first waiter (FIFO-fair: no newcomer overtakes a waiter). */
typedef struct gen_semaphore_t {
    gen_list_t waiters;
    unsigned long value;
} gen_semaphore_t;
typedef gen_semaphore_t gen_lock_t;

CORO__API gen_semaphore_t *gen_semaphore_init(gen_semaphore_t *s, unsigned long value)
{
    s->waiters.first = s->waiters.last = 0;
    s->value = value;
    return s;
}
CORO__API gen_lock_t *gen_lock_init(gen_lock_t *l) { return gen_semaphore_init(l, 1); }

/* take a permit without waiting: 1 if taken */
CORO__API int gen_semaphore_try(gen_semaphore_t *s)
{
    if (!s->value || s->waiters.first)
        return 0;
    s->value--;
    return 1;
}

CORO__API void gen_semaphore_release(gen_semaphore_t *s)
{
    if (s->waiters.first)
        gen__wake(&s->waiters, GEN_WOKE_GRANT, 1);
    else
        s->value++;
}
#define gen_lock_release(l) gen_semaphore_release(l)
#define gen_lock_try(l) gen_semaphore_try(l)

/* await sem.acquire(): a cancellation while waiting gives back a permit
   already handed over. s is evaluated once per resume. */
#define GEN_ACQUIRE(g, s) GEN__GRANTED_(g, gen_semaphore_try(s), &(s)->waiters, gen_semaphore_release(s))
#define GEN_LOCK(g, l) GEN_ACQUIRE(g, l)

/* Wait in `list` until a waker hands us what `try_now` could not take. */
#define GEN__GRANTED_(g, try_now, list, give_back) do { \
    (g)->value.woke = GEN_WOKE_NONE; \
    if (!(try_now)) { \
        do { \
            GEN__ASK(g, CORO__F_CATCHING, GEN__WAIT, 0, (list), 0); \
            if (gen_caught(g)) { \
                if ((g)->value.woke == GEN_WOKE_GRANT) give_back; \
                GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg); \
            } \
        } while ((g)->value.woke != GEN_WOKE_GRANT); \
    } \
} while (0)

/* ---- Queue ------------------------------------------------------------------- */

/* A bounded FIFO queue over a caller's array. put waits while it is full,
   get while it is empty; wake-ups are FIFO and hand over the slot or item,
   so no newcomer overtakes a waiter. An interrupt handler may be its
   producer (name_put_from_isr) when it is the only one. */
typedef struct gen_queue_t {
    gen_list_t getters, putters;
    size_t cap;
    volatile size_t head, tail;  /* free-running: tail - head items */
    size_t for_getters;          /* items handed to woken getters */
    size_t for_putters;          /* slots handed to woken putters */
    gen_watch_t watch;           /* for name_put_from_isr */
} gen_queue_t;

#if defined(__GNUC__) || defined(__clang__)
#define GEN__BARRIER() __asm__ __volatile__("" ::: "memory")
#else
#define GEN__BARRIER() ((void)0)
#endif

CORO__API size_t gen__queue_items(const gen_queue_t *q) { return q->tail - q->head; }

/* hand items to waiting getters, slots to waiting putters */
CORO__API void gen__queue_hand_over(gen_queue_t *q)
{
    while (q->getters.first && gen__queue_items(q) > q->for_getters) {
        q->for_getters++;
        gen__wake(&q->getters, GEN_WOKE_GRANT, 1);
    }
    while (q->putters.first && gen__queue_items(q) + q->for_putters < q->cap) {
        q->for_putters++;
        gen__wake(&q->putters, GEN_WOKE_GRANT, 1);
    }
}

CORO__API int gen__queue_can_put(const gen_queue_t *q, int granted)
{
    return granted || (!q->putters.first && gen__queue_items(q) + q->for_putters < q->cap);
}
CORO__API int gen__queue_can_get(const gen_queue_t *q, int granted)
{
    return granted || (!q->getters.first && gen__queue_items(q) > q->for_getters);
}
/* index of the slot to write, after a put is allowed; call gen__queue_put_done after writing */
CORO__API size_t gen__queue_put_slot(gen_queue_t *q, int granted)
{
    if (granted)
        q->for_putters--;
    return q->tail % q->cap;
}
CORO__API void gen__queue_put_done(gen_queue_t *q)
{
    q->tail = q->tail + 1;
    gen__queue_hand_over(q);
}
/* index of the slot to read, after a get is allowed; then gen__queue_get_done */
CORO__API size_t gen__queue_get_slot(gen_queue_t *q, int granted)
{
    if (granted)
        q->for_getters--;
    return q->head % q->cap;
}
CORO__API void gen__queue_get_done(gen_queue_t *q)
{
    q->head = q->head + 1;
    gen__queue_hand_over(q);
}
CORO__API void gen__queue_poll(gen_watch_t *w)
{
    gen__queue_hand_over((gen_queue_t *)(void *)((char *)w - offsetof(gen_queue_t, watch)));
}

/* GEN_QUEUE_DECLARE(name, T): a queue of T: name_init(q, array, cap),
   name_try_put(q, item), name_try_get(q, &item), name_size(q); for an
   interrupt handler as the only producer: name_watch(loop, q) once on the
   loop side, then name_put_from_isr(q, item) (0 when full: refused, never
   waits); inside async bodies GEN_QUEUE_PUT(g, name, q, item) and
   GEN_QUEUE_GET(g, name, q, &item). */
#define GEN_QUEUE_DECLARE(name, T) \
    typedef struct name { gen_queue_t core; T *buf; } name; \
    CORO__API name *name##_init(name *gen__q, T *gen__array, size_t gen__cap) \
    { \
        gen__q->core.getters.first = gen__q->core.getters.last = 0; \
        gen__q->core.putters.first = gen__q->core.putters.last = 0; \
        gen__q->core.cap = gen__cap; \
        gen__q->core.head = 0; \
        gen__q->core.tail = 0; \
        gen__q->core.for_getters = gen__q->core.for_putters = 0; \
        gen__q->core.watch.loop = 0; \
        gen__q->buf = gen__array; \
        return gen__q; \
    } \
    CORO__API int name##__put(name *gen__q, T gen__item, int gen__granted) \
    { \
        if (!gen__queue_can_put(&gen__q->core, gen__granted)) \
            return 0; \
        gen__q->buf[gen__queue_put_slot(&gen__q->core, gen__granted)] = gen__item; \
        gen__queue_put_done(&gen__q->core); \
        return 1; \
    } \
    CORO__API int name##__get(name *gen__q, T *gen__item, int gen__granted) \
    { \
        if (!gen__queue_can_get(&gen__q->core, gen__granted)) \
            return 0; \
        *gen__item = gen__q->buf[gen__queue_get_slot(&gen__q->core, gen__granted)]; \
        gen__queue_get_done(&gen__q->core); \
        return 1; \
    } \
    CORO__API int name##_try_put(name *gen__q, T gen__item) { return name##__put(gen__q, gen__item, 0); } \
    CORO__API int name##_try_get(name *gen__q, T *gen__item) { return name##__get(gen__q, gen__item, 0); } \
    CORO__API size_t name##_size(const name *gen__q) { return gen__queue_items(&gen__q->core); } \
    CORO__API void name##_watch(gen_loop_t *gen__loop, name *gen__q) { gen__watch(gen__loop, &gen__q->core.watch, gen__queue_poll); } \
    CORO__API int name##_put_from_isr(name *gen__q, T gen__item) \
    { \
        size_t gen__tail = gen__q->core.tail; \
        if (gen__tail - gen__q->core.head + gen__q->core.for_putters >= gen__q->core.cap) \
            return 0; \
        gen__q->buf[gen__tail % gen__q->core.cap] = gen__item; \
        GEN__BARRIER(); /* the gen__item before the index that publishes it */ \
        gen__q->core.tail = gen__tail + 1; \
        gen__fire(&gen__q->core.watch); \
        return 1; \
    }

/* await q.put(item) / item = await q.get(); q is evaluated once per resume.
   Cancelled while waiting, a handed-over slot or item is passed on. */
#define GEN_QUEUE_PUT(g, name, q, item) do { \
    GEN__GRANTED_(g, name##_try_put((q), (item)), &(q)->core.putters, gen__queue_pass_slot(&(q)->core)); \
    if ((g)->value.woke == GEN_WOKE_GRANT) { (g)->value.woke = GEN_WOKE_NONE; name##__put((q), (item), 1); } \
} while (0)
#define GEN_QUEUE_GET(g, name, q, itemp) do { \
    GEN__GRANTED_(g, name##_try_get((q), (itemp)), &(q)->core.getters, gen__queue_pass_item(&(q)->core)); \
    if ((g)->value.woke == GEN_WOKE_GRANT) { (g)->value.woke = GEN_WOKE_NONE; name##__get((q), (itemp), 1); } \
} while (0)

CORO__API void gen__queue_pass_slot(gen_queue_t *q)
{
    q->for_putters--;
    gen__queue_hand_over(q);
}
CORO__API void gen__queue_pass_item(gen_queue_t *q)
{
    q->for_getters--;
    gen__queue_hand_over(q);
}

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
    prepare; \
    coro__rc = gen__from_start(gen__self, &(agen)->base); \
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

#define GEN_ANEXT(g, agen, out) GEN__ADRIVE_(CORO__ID, g, agen, (void)0, *(out) = (agen)->result)
#define GEN_ASEND(g, agen, v, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, ((agen)->sent = (v), gen__prep_send(&(agen)->base)), *(out) = (agen)->result)
#define GEN_ATHROW(g, agen, code, msg, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_throw(&(agen)->base, (code), (msg)), *(out) = (agen)->result)
/* await agen.aclose(): its finally section may await; a value yielded
   instead raises GEN_ERROR_IGNORED_CLOSE here */
#define GEN_ACLOSE(g, agen) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_close(&(agen)->base), \
                 gen__raise(gen__self, GEN_ERROR_IGNORED_CLOSE, gen_strerror(GEN_ERROR_IGNORED_CLOSE)); CORO__UNWIND())

/* async for out in agen: BODY (the loop body is the last argument; with
   __LINE__ numbering, at most one suspension point in it) */
#define GEN_ASYNC_FOR(g, agen, out, ...) \
    for (;;) { \
        GEN_ANEXT(g, agen, out); \
        if (gen_state(agen) == GEN_CLOSED) \
            break; \
        __VA_ARGS__ \
    }

CORO__API void gen__prep_send(gen_t *a)
{
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, CORO__F_SENT);
}
CORO__API void gen__prep_throw(gen_t *a, int code, const char *msg)
{
    gen__set_error(a, code, msg);
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, CORO__F_THROW);
    else
        a->co.state = GEN_CLOSED; /* raised straight back: see gen__from_start */
}
CORO__API void gen__prep_close(gen_t *a)
{
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, CORO__F_CLOSE);
    else
        a->co.state = GEN_CLOSED;
}

#endif /* GEN_H */
