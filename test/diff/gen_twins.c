/* gen_twins.c - the C side of the generator differential test: the C twin
   of every Python program in gen_programs.py (same names), each mirroring its
   Python line by line (the Python is in the comments), and a driver that
   reads scripts on stdin, one a line:
       prog op op ...      op: next | send:K | throw:K | close
   and writes their traces on stdout, in the format and outcome vocabulary
   described at the top of gen_programs.py. With -u it flushes every line
   (so that a crash leaves the lines before it).

   Conventions of the twins:
   - Python's `x = yield v` is GEN_YIELD(g, v) then x = SENT(g): the sent
     value, or NONE (Python's None) when the resume was a next.
   - `try: <one yield or yield from> except E as e:` is a catching yield
     (GEN_YIELD_CATCH / GEN_YIELD_FROM_CATCH) followed by EXCEPT_E, which
     raises again any caught error that is not an E (code < 1: GeneratorExit,
     RuntimeError, ValueError), as `except E` would let it through, and
     leaves the code of an E in f->e (0: none was caught).
   - `raise E(k)` is GEN_FAIL(g, k, "E"); a sub-generator's frame lives in its
     caller's frame; `except GeneratorExit: log(...); raise` ahead of a
     finally section is `if (gen_closing(g)) log(...)` at its top. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"

/* ---- the programs' world: a log, None, the generator itself ------------- */

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE __attribute__((format(printf, 1, 2)))
#else
#define PRINTF_LIKE
#endif

static char log_buf[8192];
static size_t log_len;

static void say(const char *fmt, ...) PRINTF_LIKE;
static void say(const char *fmt, ...)
{
    va_list ap;
    int n;
    if (log_len > 0 && log_len + 2 < sizeof log_buf) {
        log_buf[log_len++] = ';';
        log_buf[log_len++] = ' ';
    }
    va_start(ap, fmt);
    n = vsnprintf(log_buf + log_len, sizeof log_buf - log_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        log_len += (size_t)n;
    if (log_len >= sizeof log_buf)
        log_len = sizeof log_buf - 1;
}

#define NONE INT_MIN /* Python's None, for a value that may be sent */
#define SENT(g) (gen_was_sent(g) ? (g)->sent : NONE)

/* str(x) of an int-or-None, in one of a few rotating buffers */
static const char *num(int x)
{
    static char bufs[8][16];
    static unsigned i;
    char *b = bufs[i++ % 8];
    if (x == NONE)
        return "None";
    snprintf(b, sizeof bufs[0], "%d", x);
    return b;
}

/* except E as e: see the conventions above */
#define EXCEPT_E(g, e) \
    do { \
        if (gen_caught(g) && gen_caught(g)->code < 1) \
            GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg); \
        (e) = gen_caught(g) ? gen_caught(g)->code : 0; \
    } while (0)

static gen_int *ME; /* the top-level generator of the running script */

/* the outcome vocabulary of gen_programs.py */
static const char *describe_code(int code)
{
    static char b[64];
    if (code >= 1)
        snprintf(b, sizeof b, "raise E %d", code);
    else if (code == GEN_ERROR_EXIT)
        return "raise GeneratorExit";
    else if (code == GEN_ERROR_IGNORED_CLOSE)
        return "raise RuntimeError ignored-close";
    else if (code == GEN_ERROR_NOT_STARTED)
        return "raise TypeError not-started";
    else if (code == GEN_ERROR_RUNNING)
        return "raise ValueError running";
    else
        snprintf(b, sizeof b, "raise C-error %d", code);
    return b;
}

/* rc: what next/send/throw/close returned; v: the value when it yielded */
static const char *outcome(gen_int *g, int rc, int v, int is_close, int was_closed)
{
    static char b[64];
    if (rc == GEN_YIELDED) {
        snprintf(b, sizeof b, "yield %d", v);
        return b;
    }
    if (rc == GEN_DONE) {
        if (is_close)
            return "closed";
        if (was_closed)
            return "stop";
        snprintf(b, sizeof b, "return %d", g->result);
        return b;
    }
    if (rc == GEN_ERROR)
        return describe_code(gen_error(g)->code);
    return describe_code(rc);
}

/* try_op of gen_programs.py: an operation on a generator from inside a
   body; "running" for GEN_ERROR_RUNNING */
enum { OP_NEXT, OP_SEND, OP_THROW, OP_CLOSE };
static const char *try_op(gen_int *g, int op, int arg)
{
    int rc, v = 0, was_closed = gen_state(g) == GEN_CLOSED;
    switch (op) {
    case OP_NEXT: rc = gen_int_next(g, &v); break;
    case OP_SEND: rc = gen_int_send(g, arg, &v); break;
    case OP_THROW: rc = gen_int_throw(g, arg, "E", &v); break;
    default: rc = gen_close(g); break;
    }
    if (rc == GEN_ERROR_RUNNING)
        return "running";
    return outcome(g, rc, v, op == OP_CLOSE, was_closed);
}

/* ==== the programs ========================================================= */

/* ---- plain yields and sends ---------------------------------------------- */

struct basic { gen_int gen; int x; };

static int basic_body(gen_int *g)
{
    struct basic *f = GEN_SELF(struct basic, gen, g);
    GEN_BEGIN(g);                              /* def basic(): */
    say("start");                              /*     log("start") */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    GEN_YIELD(g, 2);                           /*     x = yield 2 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    GEN_RETURN(g, 3);                          /*     return 3 */
    GEN_END(g);
}

struct acc { gen_int gen; int total, x; };

static int acc_body(gen_int *g)
{
    struct acc *f = GEN_SELF(struct acc, gen, g);
    GEN_BEGIN(g);                              /* def acc(): */
    f->total = 0;                              /*     total = 0 */
    for (;;) {                                 /*     while True: */
        GEN_YIELD(g, f->total);                /*         x = yield total */
        f->x = SENT(g);
        if (f->x == NONE) {                    /*         if x is None: */
            say("next");                       /*             log("next") */
            continue;                          /*             continue */
        }
        f->total += f->x;                      /*         total += x */
        say("total %d", f->total);             /*         log("total", total) */
        if (f->total < 0)                      /*         if total < 0: */
            GEN_RETURN(g, f->total);           /*             return total */
        if (f->total > 20)                     /*         if total > 20: */
            GEN_FAIL(g, f->total, "E");        /*             raise E(total) */
    }
    GEN_END(g);
}

/* ---- try/except around a yield, in a loop; re-raise, return from except -- */

struct catch_loop { gen_int gen; int n, x, e; };

static int catch_loop_body(gen_int *g)
{
    struct catch_loop *f = GEN_SELF(struct catch_loop, gen, g);
    GEN_BEGIN(g);                              /* def catch_loop(): */
    f->n = 0;                                  /*     n = 0 */
    while (f->n < 4) {                         /*     while n < 4: */
        GEN_YIELD_CATCH(g, f->n);              /*         try: x = yield n */
        EXCEPT_E(g, f->e);                     /*         except E as e: */
        if (f->e) {
            say("caught %d", f->e);            /*             log("caught", e.code) */
            if (f->e % 3 == 0)                 /*             if e.code % 3 == 0: */
                GEN_FAIL(g, f->e, "E");        /*                 raise */
            if (f->e % 3 == 1)                 /*             if e.code % 3 == 1: */
                GEN_RETURN(g, 100 + f->e);     /*                 return 100 + e.code */
            f->n += 2;                         /*             n += 2 */
        } else {                               /*         else: */
            f->x = SENT(g);
            say("x %s", num(f->x));            /*             log("x", x) */
            f->n += 1;                         /*             n += 1 */
        }
    }
    GEN_RETURN(g, f->n);                       /*     return n */
    GEN_END(g);
}

/* ---- try/finally (with except GeneratorExit to see a close) -------------- */

struct try_finally { gen_int gen; int x; };

static int try_finally_body(gen_int *g)
{
    struct try_finally *f = GEN_SELF(struct try_finally, gen, g);
    GEN_BEGIN(g);                              /* def try_finally(): try: */
    say("start");                              /*     log("start") */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    if (f->x != NONE && f->x < 0)              /*     if x is not None and x < 0: */
        GEN_FAIL(g, -f->x, "E");               /*         raise E(-x) */
    GEN_YIELD(g, 2);                           /*     yield 2 */
    GEN_RETURN(g, 10);                         /*     return 10 */
    GEN_FINALLY(g);
    if (gen_closing(g))                        /* except GeneratorExit: */
        say("closing");                        /*     log("closing"); raise */
    say("finally");                            /* finally: log("finally") */
    GEN_END(g);
}

/* ---- try/except/else inside try/finally --------------------------------- */

struct tef { gen_int gen; int r, x, y, e; };

static int tef_body(gen_int *g)
{
    struct tef *f = GEN_SELF(struct tef, gen, g);
    GEN_BEGIN(g);                              /* def tef(): */
    f->r = 0;                                  /*     r = 0; try: */
    GEN_YIELD_CATCH(g, 1);                     /*         try: x = yield 1 */
    EXCEPT_E(g, f->e);                         /*         except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*             log("caught", e.code) */
        f->r = f->e;                           /*             r = e.code */
    } else {                                   /*         else: */
        f->x = SENT(g);
        say("x %s", num(f->x));                /*             log("x", x) */
        f->r = f->x == NONE ? -1 : f->x;       /*             r = -1 if x is None else x */
    }
    GEN_YIELD(g, f->r);                        /*         y = yield r */
    f->y = SENT(g);
    say("y %s", num(f->y));                    /*         log("y", y) */
    GEN_RETURN(g, f->r);                       /*         return r */
    GEN_FINALLY(g);                            /*     finally: */
    say("finally");                            /*         log("finally") */
    GEN_END(g);
}

/* ---- a yield inside a finally section: close ignored ----------------------- */

struct fin_yield { gen_int gen; int x, y; };

static int fin_yield_body(gen_int *g)
{
    struct fin_yield *f = GEN_SELF(struct fin_yield, gen, g);
    GEN_BEGIN(g);                              /* def fin_yield(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin");                                /*     log("fin") */
    GEN_YIELD(g, 2);                           /*     y = yield 2 */
    f->y = SENT(g);
    say("after %s", num(f->y));                /*     log("after", y) */
    GEN_END(g);
}

/* ---- the finally section ignores a close (yields), then returns ----------- */

struct fin_yield_return { gen_int gen; };

static int fin_yield_return_body(gen_int *g)
{
    GEN_BEGIN(g);                              /* def fin_yield_return(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin");                                /*     log("fin") */
    GEN_YIELD(g, 2);                           /*     yield 2 */
    say("after");                              /*     log("after") */
    GEN_RETURN(g, 4);                          /*     return 4 */
    GEN_END(g);
}

/* ---- known case: a catching yield inside a finally section ------------------ */

struct fcatch { gen_int gen; int e; };

static int fcatch_body(gen_int *g)
{
    struct fcatch *f = GEN_SELF(struct fcatch, gen, g);
    GEN_BEGIN(g);                              /* def fcatch(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_RETURN(g, 3);                          /*     return 3 */
    GEN_FINALLY(g);                            /* finally: */
    GEN_YIELD_CATCH(g, 2);                     /*     try: yield 2 */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e)
        say("caught in finally %d", f->e);     /*         log("caught in finally", e.code) */
    GEN_END(g);
}

/* ---- known case: return inside a finally section ---------------------------- */

struct freturn { gen_int gen; int x; };

static int freturn_body(gen_int *g)
{
    struct freturn *f = GEN_SELF(struct freturn, gen, g);
    GEN_BEGIN(g);                              /* def freturn(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    if (f->x != NONE && f->x < 0)              /*     if x is not None and x < 0: */
        GEN_FAIL(g, -f->x, "E");               /*         raise E(-x) */
    GEN_FINALLY(g);                            /* finally: */
    say("finally");                            /*     log("finally") */
    GEN_RETURN(g, 5);                          /*     return 5 */
    GEN_END(g);
}

/* ---- known case: catching yield froms of subs that end without suspending -- */

struct sub { gen_int gen; int n, i; };

static int sub_body(gen_int *g)
{
    struct sub *f = GEN_SELF(struct sub, gen, g);
    GEN_BEGIN(g);                              /* def sub(n): */
    if (f->n < 0)                              /*     if n < 0: */
        GEN_FAIL(g, -f->n, "E");               /*         raise E(-n) */
    for (f->i = 0; f->i < f->n; f->i++)        /*     for i in range(n): */
        GEN_YIELD(g, f->i);                    /*         yield i */
    GEN_RETURN(g, f->n);                       /*     return n */
    GEN_END(g);
}

static gen_int *sub(struct sub *f, int n)
{
    f->n = n;
    return gen_int_init(&f->gen, sub_body);
}

struct multi { gen_int gen; struct sub s1, s2; int r, e; };

static int multi_body(gen_int *g)
{
    struct multi *f = GEN_SELF(struct multi, gen, g);
    GEN_BEGIN(g);                              /* def multi(): */
    GEN_YIELD_FROM_CATCH(g, sub(&f->s1, -4));  /*     try: yield from sub(-4) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e)
        say("caught %d", f->e);                /*         log("caught", e.code) */
    GEN_YIELD_FROM_CATCH(g, sub(&f->s2, 0));   /*     try: r = yield from sub(0) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*         log("caught", e.code) */
    } else {                                   /*     else: */
        f->r = f->s2.gen.result;
        say("got %d", f->r);                   /*         log("got", r) */
    }
    GEN_YIELD(g, 0);                           /*     yield 0 */
    GEN_RETURN(g, 0);                          /*     return 0 */
    GEN_END(g);
}

/* ---- yield from, two levels --------------------------------------------------- */

struct leaf { gen_int gen; int base, x, e; };

static int leaf_body(gen_int *g)
{
    struct leaf *f = GEN_SELF(struct leaf, gen, g);
    GEN_BEGIN(g);                              /* def leaf(base): try: */
    GEN_YIELD(g, f->base + 1);                 /*     x = yield base + 1 */
    f->x = SENT(g);
    say("leaf x %s", num(f->x));               /*     log("leaf x", x) */
    if (f->x != NONE && f->x < 0)              /*     if x is not None and x < 0: */
        GEN_FAIL(g, -f->x, "E");               /*         raise E(-x) */
    GEN_YIELD_CATCH(g, f->base + 2);           /*     try: x = yield base + 2 */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("leaf caught %d", f->e);           /*         log("leaf caught", e.code) */
        f->x = f->e;                           /*         x = e.code */
    } else {
        f->x = SENT(g);
    }
    GEN_RETURN(g, f->base + (f->x == NONE ? 0 : f->x)); /* return base + (0 if x is None else x) */
    GEN_FINALLY(g);                            /* finally: */
    say("leaf fin");                           /*     log("leaf fin") */
    GEN_END(g);
}

static gen_int *leaf(struct leaf *f, int base)
{
    f->base = base;
    return gen_int_init(&f->gen, leaf_body);
}

struct chain2 { gen_int gen; struct leaf l; int r; };

static int chain2_body(gen_int *g)
{
    struct chain2 *f = GEN_SELF(struct chain2, gen, g);
    GEN_BEGIN(g);                              /* def chain2(): try: */
    GEN_YIELD_FROM(g, leaf(&f->l, 10));        /*     r = yield from leaf(10) */
    f->r = f->l.gen.result;
    say("r %d", f->r);                         /*     log("r", r) */
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_FINALLY(g);
    if (gen_closing(g))                        /* except GeneratorExit: */
        say("top closing");                    /*     log("top closing"); raise */
    say("top fin");                            /* finally: log("top fin") */
    GEN_END(g);
}

/* ---- three levels: a catching middle, a yield in its handler ------------------ */

struct mid { gen_int gen; struct leaf l; int base, r, e; };

static int mid_body(gen_int *g)
{
    struct mid *f = GEN_SELF(struct mid, gen, g);
    GEN_BEGIN(g);                              /* def mid(base): */
    GEN_YIELD_FROM_CATCH(g, leaf(&f->l, f->base)); /* try: r = yield from leaf(base) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("mid caught %d", f->e);            /*         log("mid caught", e.code) */
        GEN_YIELD(g, -f->e);                   /*         yield -e.code */
        f->r = f->e;                           /*         r = e.code */
    } else {                                   /*     else: */
        f->r = f->l.gen.result;
        say("mid got %d", f->r);               /*         log("mid got", r) */
    }
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

static gen_int *mid(struct mid *f, int base)
{
    f->base = base;
    return gen_int_init(&f->gen, mid_body);
}

struct chain3 { gen_int gen; struct mid m; int r; };

static int chain3_body(gen_int *g)
{
    struct chain3 *f = GEN_SELF(struct chain3, gen, g);
    GEN_BEGIN(g);                              /* def chain3(): try: */
    GEN_YIELD_FROM(g, mid(&f->m, 20));         /*     r = yield from mid(20) */
    f->r = f->m.gen.result;
    say("top r %d", f->r);                     /*     log("top r", r) */
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_FINALLY(g);                            /* finally: */
    say("top fin");                            /*     log("top fin") */
    GEN_END(g);
}

/* ---- a close ignored deep in a chain (the leaf's finally yields) ------------ */

struct stubborn { gen_int gen; };

static int stubborn_body(gen_int *g)
{
    GEN_BEGIN(g);                              /* def stubborn(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_YIELD(g, 2);                           /*     yield 2 */
    GEN_RETURN(g, 2);                          /*     return 2 */
    GEN_FINALLY(g);                            /* finally: */
    say("stub fin");                           /*     log("stub fin") */
    GEN_YIELD(g, 99);                          /*     yield 99 */
    say("stub after");                         /*     log("stub after") */
    GEN_END(g);
}

struct mid_stub { gen_int gen; struct stubborn s; int r, e; };

static int mid_stub_body(gen_int *g)
{
    struct mid_stub *f = GEN_SELF(struct mid_stub, gen, g);
    GEN_BEGIN(g);                              /* def mid_stub(): */
    GEN_YIELD_FROM_CATCH(g, gen_int_init(&f->s.gen, stubborn_body)); /* try: r = yield from stubborn() */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("mid caught %d", f->e);            /*         log("mid caught", e.code) */
        f->r = f->e;                           /*         r = e.code */
    } else {
        f->r = f->s.gen.result;
    }
    say("mid r %d", f->r);                     /*     log("mid r", r) */
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

struct chain_ignore { gen_int gen; struct mid_stub m; };

static int chain_ignore_body(gen_int *g)
{
    struct chain_ignore *f = GEN_SELF(struct chain_ignore, gen, g);
    GEN_BEGIN(g);                              /* def chain_ignore(): try: */
    GEN_YIELD_FROM(g, gen_int_init(&f->m.gen, mid_stub_body)); /* r = yield from mid_stub() */
    GEN_RETURN(g, f->m.gen.result);            /*     return r */
    GEN_FINALLY(g);                            /* finally: */
    say("top fin");                            /*     log("top fin") */
    GEN_END(g);
}

/* ---- errors raised, caught and re-raised in a finally section; a catching
   yield from of a sub that raises (at once or after a yield), in finally -- */

struct raiser { gen_int gen; int n, x; };

static int raiser_body(gen_int *g)
{
    struct raiser *f = GEN_SELF(struct raiser, gen, g);
    GEN_BEGIN(g);                              /* def raiser(n): */
    say("raiser %d", f->n);                    /*     log("raiser", n) */
    if (f->n > 0) {                            /*     if n > 0: */
        GEN_YIELD(g, f->n);                    /*         x = yield n */
        f->x = SENT(g);
        say("raiser x %s", num(f->x));         /*         log("raiser x", x) */
    }
    GEN_FAIL(g, f->n + 20, "E");               /*     raise E(n + 20) */
    GEN_END(g);
}

static gen_int *raiser(struct raiser *f, int n)
{
    f->n = n;
    return gen_int_init(&f->gen, raiser_body);
}

struct fin_raise { gen_int gen; struct raiser s; int x, e; };

static int fin_raise_body(gen_int *g)
{
    struct fin_raise *f = GEN_SELF(struct fin_raise, gen, g);
    GEN_BEGIN(g);                              /* def fin_raise(): */
    f->x = NONE;                               /*     x = None; try: */
    GEN_YIELD(g, 1);                           /*         x = yield 1 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*         log("x", x) */
    GEN_RETURN(g, 1);                          /*         return 1 */
    GEN_FINALLY(g);                            /*     finally: */
    say("fin");                                /*         log("fin") */
    GEN_YIELD_FROM_CATCH(g, raiser(&f->s, f->x == NONE ? 0 : f->x)); /* try: yield from raiser(0 if x is None else x) */
    EXCEPT_E(g, f->e);                         /*         except E as e: */
    if (f->e) {
        say("fin caught %d", f->e);            /*             log("fin caught", e.code) */
        if (f->e > 25)                         /*             if e.code > 25: */
            GEN_FAIL(g, f->e + 100, "E");      /*                 raise E(e.code + 100) */
    }
    GEN_END(g);
}

/* ---- a catching yield from in a finally section, of a sub with a finally -- */

struct two { gen_int gen; int k, x; };

static int two_body(gen_int *g)
{
    struct two *f = GEN_SELF(struct two, gen, g);
    GEN_BEGIN(g);                              /* def two(k): try: */
    GEN_YIELD(g, f->k);                        /*     x = yield k */
    f->x = SENT(g);
    say("two x %s", num(f->x));                /*     log("two x", x) */
    GEN_YIELD(g, f->k + 1);                    /*     yield k + 1 */
    GEN_RETURN(g, f->k + 2);                   /*     return k + 2 */
    GEN_FINALLY(g);                            /* finally: */
    say("two fin %d", f->k);                   /*     log("two fin", k) */
    GEN_END(g);
}

struct fin_yf { gen_int gen; struct two t; int e; };

static int fin_yf_body(gen_int *g)
{
    struct fin_yf *f = GEN_SELF(struct fin_yf, gen, g);
    GEN_BEGIN(g);                              /* def fin_yf(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin");                                /*     log("fin") */
    f->t.k = 10;
    GEN_YIELD_FROM_CATCH(g, gen_int_init(&f->t.gen, two_body)); /* try: r = yield from two(10) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e)
        say("fin caught %d", f->e);            /*         log("fin caught", e.code) */
    else                                       /*     else: */
        say("fin got %d", f->t.gen.result);    /*         log("fin got", r) */
    GEN_END(g);
}

/* ---- return inside a sub's finally section, seen through yield from ---------- */

struct fret_sub { gen_int gen; int x; };

static int fret_sub_body(gen_int *g)
{
    struct fret_sub *f = GEN_SELF(struct fret_sub, gen, g);
    GEN_BEGIN(g);                              /* def fret_sub(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    say("sub x %s", num(f->x));                /*     log("sub x", x) */
    GEN_RETURN(g, 2);                          /*     return 2 */
    GEN_FINALLY(g);                            /* finally: */
    say("sub fin");                            /*     log("sub fin") */
    GEN_RETURN(g, 7);                          /*     return 7 */
    GEN_END(g);
}

struct fret_top { gen_int gen; struct fret_sub s; int r; };

static int fret_top_body(gen_int *g)
{
    struct fret_top *f = GEN_SELF(struct fret_top, gen, g);
    GEN_BEGIN(g);                              /* def fret_top(): */
    GEN_YIELD_FROM(g, gen_int_init(&f->s.gen, fret_sub_body)); /* r = yield from fret_sub() */
    f->r = f->s.gen.result;
    say("r %d", f->r);                         /*     log("r", r) */
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- nested try/finally, by delegating to a sub-generator -------------------- */

struct inner_fin { gen_int gen; int k, x; };

static int inner_fin_body(gen_int *g)
{
    struct inner_fin *f = GEN_SELF(struct inner_fin, gen, g);
    GEN_BEGIN(g);                              /* def inner_fin(k): try: */
    GEN_YIELD(g, f->k);                        /*     x = yield k */
    f->x = SENT(g);
    say("inner x %s", num(f->x));              /*     log("inner x", x) */
    GEN_RETURN(g, f->x == NONE ? f->k : f->x); /*     return k if x is None else x */
    GEN_FINALLY(g);                            /* finally: */
    say("inner fin %d", f->k);                 /*     log("inner fin", k) */
    GEN_END(g);
}

static gen_int *inner_fin(struct inner_fin *f, int k)
{
    f->k = k;
    return gen_int_init(&f->gen, inner_fin_body);
}

struct nested { gen_int gen; struct inner_fin i1, i2; int a, b; };

static int nested_body(gen_int *g)
{
    struct nested *f = GEN_SELF(struct nested, gen, g);
    GEN_BEGIN(g);                              /* def nested(): try: */
    GEN_YIELD_FROM(g, inner_fin(&f->i1, 1));   /*     a = yield from inner_fin(1) */
    f->a = f->i1.gen.result;
    GEN_YIELD_FROM(g, inner_fin(&f->i2, f->a + 1)); /* b = yield from inner_fin(a + 1) */
    f->b = f->i2.gen.result;
    GEN_RETURN(g, f->a + f->b);                /*     return a + b */
    GEN_FINALLY(g);                            /* finally: */
    say("outer fin");                          /*     log("outer fin") */
    GEN_END(g);
}

/* ---- re-entry ------------------------------------------------------------------ */

struct reent_sub { gen_int gen; };

static int reent_sub_body(gen_int *g)
{
    GEN_BEGIN(g);                              /* def reent_sub(): */
    say("sub next %s", try_op(ME, OP_NEXT, 0)); /*    log("sub next", try_op(lambda: next(ME))) */
    GEN_YIELD(g, 5);                           /*     yield 5 */
    GEN_RETURN(g, 6);                          /*     return 6 */
    GEN_END(g);
}

struct reentry { gen_int gen; struct reent_sub s; int r; };

static int reentry_body(gen_int *g)
{
    struct reentry *f = GEN_SELF(struct reentry, gen, g);
    GEN_BEGIN(g);                              /* def reentry(): */
    say("next %s", try_op(ME, OP_NEXT, 0));    /*     log("next", try_op(lambda: next(ME))) */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    say("send %s", try_op(ME, OP_SEND, 3));    /*     log("send", try_op(lambda: ME.send(3))) */
    say("throw %s", try_op(ME, OP_THROW, 1));  /*     log("throw", try_op(lambda: ME.throw(E(1)))) */
    say("close %s", try_op(ME, OP_CLOSE, 0));  /*     log("close", try_op(lambda: ME.close())) */
    GEN_YIELD_FROM(g, gen_int_init(&f->s.gen, reent_sub_body)); /* r = yield from reent_sub() */
    f->r = f->s.gen.result;
    say("r %d", f->r);                         /*     log("r", r) */
    GEN_YIELD_FROM_CATCH(g, ME);               /*     try: yield from ME */
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_RUNNING) /* except ValueError: */
        say("self running");                   /*         log("self running") */
    else if (gen_caught(g))
        GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg);
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- subs that end without suspending: return at once, raise at once -------- */

struct instant { gen_int gen; int n; };

static int instant_body(gen_int *g)
{
    struct instant *f = GEN_SELF(struct instant, gen, g);
    GEN_BEGIN(g);                              /* def instant(n): */
    say("instant %d", f->n);                   /*     log("instant", n) */
    if (f->n < 0)                              /*     if n < 0: */
        GEN_FAIL(g, -f->n, "E");               /*         raise E(-n) */
    GEN_RETURN(g, f->n);                       /*     return n */
    GEN_YIELD(g, 0);                           /*     yield  (never reached; clang's goto
                                                          backend refuses a body without one) */
    GEN_END(g);
}

static gen_int *instant(struct instant *f, int n)
{
    f->n = n;
    return gen_int_init(&f->gen, instant_body);
}

struct instant_chain { gen_int gen; struct instant i1, i2, i3; int r, x, r2, e; };

static int instant_chain_body(gen_int *g)
{
    struct instant_chain *f = GEN_SELF(struct instant_chain, gen, g);
    GEN_BEGIN(g);                              /* def instant_chain(): */
    GEN_YIELD_FROM(g, instant(&f->i1, 2));     /*     r = yield from instant(2) */
    f->r = f->i1.gen.result;
    say("r %d", f->r);                         /*     log("r", r) */
    GEN_YIELD_FROM_CATCH(g, instant(&f->i2, -3)); /*  try: r = yield from instant(-3) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*         log("caught", e.code) */
        f->r = f->e;                           /*         r = e.code */
    } else {
        f->r = f->i2.gen.result;
    }
    GEN_YIELD(g, f->r);                        /*     x = yield r */
    f->x = SENT(g);
    GEN_YIELD_FROM(g, instant(&f->i3, f->x == NONE ? -5 : f->x)); /* r2 = yield from instant(-5 if x is None else x) */
    f->r2 = f->i3.gen.result;
    GEN_YIELD(g, f->r2);                       /*     yield r2 */
    GEN_RETURN(g, f->r2);                      /*     return r2 */
    GEN_END(g);
}

/* ---- three levels with a catching top: instant subs deep down ---------------- */

struct mid_instant { gen_int gen; struct instant a, b; int n, r, x; };

static int mid_instant_body(gen_int *g)
{
    struct mid_instant *f = GEN_SELF(struct mid_instant, gen, g);
    GEN_BEGIN(g);                              /* def mid_instant(n): */
    say("mid start %d", f->n);                 /*     log("mid start", n) */
    GEN_YIELD_FROM(g, instant(&f->a, f->n));   /*     r = yield from instant(n) */
    f->r = f->a.gen.result;
    GEN_YIELD(g, f->r);                        /*     x = yield r */
    f->x = SENT(g);
    GEN_YIELD_FROM(g, instant(&f->b, f->x == NONE ? -7 : f->x)); /* r = yield from instant(-7 if x is None else x) */
    f->r = f->b.gen.result;
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

static gen_int *mid_instant(struct mid_instant *f, int n)
{
    f->n = n;
    return gen_int_init(&f->gen, mid_instant_body);
}

struct deep_catch { gen_int gen; struct mid_instant m1, m2; int r, e; };

static int deep_catch_body(gen_int *g)
{
    struct deep_catch *f = GEN_SELF(struct deep_catch, gen, g);
    GEN_BEGIN(g);                              /* def deep_catch(): */
    GEN_YIELD_FROM_CATCH(g, mid_instant(&f->m1, 1)); /* try: r = yield from mid_instant(1) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("top caught %d", f->e);            /*         log("top caught", e.code) */
        f->r = -f->e;                          /*         r = -e.code */
    } else {                                   /*     else: */
        f->r = f->m1.gen.result;
        say("top got %d", f->r);               /*         log("top got", r) */
    }
    GEN_YIELD_FROM_CATCH(g, mid_instant(&f->m2, -2)); /* try: r = yield from mid_instant(-2) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("top caught %d", f->e);            /*         log("top caught", e.code) */
        f->r = -f->e;                          /*         r = -e.code */
    } else {
        f->r = f->m2.gen.result;
    }
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- a throw caught at a yield in the else branch; re-raise another code ---- */

struct except_else { gen_int gen; int x, e; };

static int except_else_body(gen_int *g)
{
    struct except_else *f = GEN_SELF(struct except_else, gen, g);
    GEN_BEGIN(g);                              /* def except_else(): */
    GEN_YIELD_CATCH(g, 1);                     /*     try: x = yield 1 */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*         log("caught", e.code) */
        if (f->e > 5)                          /*         if e.code > 5: */
            GEN_FAIL(g, f->e * 10, "E");       /*             raise E(e.code * 10) */
        f->x = f->e;                           /*         x = e.code */
    } else {                                   /*     else: */
        f->x = SENT(g);
        say("else %s", num(f->x));             /*         log("else", x) */
        GEN_YIELD_CATCH(g, 2);                 /*         try: x = yield 2 */
        EXCEPT_E(g, f->e);                     /*         except E as e: */
        if (f->e) {
            say("else caught %d", f->e);       /*             log("else caught", e.code) */
            f->x = -f->e;                      /*             x = -e.code */
        } else {
            f->x = SENT(g);
        }
    }
    GEN_YIELD(g, 3);                           /*     yield 3 */
    GEN_RETURN(g, f->x == NONE ? 0 : f->x);    /*     return 0 if x is None else x */
    GEN_END(g);
}

/* ---- a finally section that raises, also while closing ------------------------ */

struct fin_raise_close { gen_int gen; int n, x; };

static int fin_raise_close_body(gen_int *g)
{
    struct fin_raise_close *f = GEN_SELF(struct fin_raise_close, gen, g);
    GEN_BEGIN(g);                              /* def fin_raise_close(): */
    f->n = 0;                                  /*     n = 0; try: */
    for (;;) {                                 /*         while True: */
        GEN_YIELD(g, f->n);                    /*             x = yield n */
        f->x = SENT(g);
        if (f->x == NONE)                      /*             if x is None: */
            break;                             /*                 break */
        f->n += f->x;                          /*             n += x */
    }
    GEN_RETURN(g, f->n);                       /*         return n */
    GEN_FINALLY(g);                            /*     finally: */
    say("fin %d", f->n);                       /*         log("fin", n) */
    if (f->n > 3)                              /*         if n > 3: */
        GEN_FAIL(g, f->n, "E");                /*             raise E(n) */
    GEN_END(g);
}

/* ---- close: the sub's finally raises, the delegating generator catches that
   and yields again (a close ignored outside any finally section) --------- */

struct closer_sub { gen_int gen; };

static int closer_sub_body(gen_int *g)
{
    GEN_BEGIN(g);                              /* def closer_sub(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_YIELD(g, 2);                           /*     yield 2 */
    GEN_RETURN(g, 2);                          /*     return 2 */
    GEN_FINALLY(g);                            /* finally: */
    say("sub fin");                            /*     log("sub fin") */
    GEN_FAIL(g, 6, "E");                       /*     raise E(6) */
    GEN_END(g);
}

struct catch_close { gen_int gen; struct closer_sub s; int r, x, e; };

static int catch_close_body(gen_int *g)
{
    struct catch_close *f = GEN_SELF(struct catch_close, gen, g);
    GEN_BEGIN(g);                              /* def catch_close(): */
    GEN_YIELD_FROM_CATCH(g, gen_int_init(&f->s.gen, closer_sub_body)); /* try: r = yield from closer_sub() */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*         log("caught", e.code) */
        f->r = f->e;                           /*         r = e.code */
    } else {
        f->r = f->s.gen.result;
    }
    GEN_YIELD(g, f->r);                        /*     x = yield r */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- a caught throw, then a catching yield from of a sub that returns at once */

struct stale_yield { gen_int gen; struct instant i; int r, e; };

static int stale_yield_body(gen_int *g)
{
    struct stale_yield *f = GEN_SELF(struct stale_yield, gen, g);
    GEN_BEGIN(g);                              /* def stale_yield(): */
    GEN_YIELD_CATCH(g, 1);                     /*     try: yield 1 */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e)
        say("caught %d", f->e);                /*         log("caught", e.code) */
    GEN_YIELD_FROM_CATCH(g, instant(&f->i, 2)); /*    try: r = yield from instant(2) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught again %d", f->e);          /*         log("caught again", e.code) */
        f->r = -1;                             /*         r = -1 */
    } else {                                   /*     else: */
        f->r = f->i.gen.result;
        say("got %d", f->r);                   /*         log("got", r) */
    }
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- three levels: the middle one's finally section yields; a catching top -- */

struct mid_fy { gen_int gen; struct two t; int k, x; };

static int mid_fy_body(gen_int *g)
{
    struct mid_fy *f = GEN_SELF(struct mid_fy, gen, g);
    GEN_BEGIN(g);                              /* def mid_fy(k): try: */
    f->t.k = f->k;
    GEN_YIELD_FROM(g, gen_int_init(&f->t.gen, two_body)); /* r = yield from two(k) */
    GEN_RETURN(g, f->t.gen.result);            /*     return r */
    GEN_FINALLY(g);                            /* finally: */
    say("midfy fin");                          /*     log("midfy fin") */
    GEN_YIELD(g, -1);                          /*     x = yield -1 */
    f->x = SENT(g);
    say("midfy after %s", num(f->x));          /*     log("midfy after", x) */
    GEN_END(g);
}

struct chain_fy { gen_int gen; struct mid_fy m; int r, e; };

static int chain_fy_body(gen_int *g)
{
    struct chain_fy *f = GEN_SELF(struct chain_fy, gen, g);
    GEN_BEGIN(g);                              /* def chain_fy(): */
    f->m.k = 30;
    GEN_YIELD_FROM_CATCH(g, gen_int_init(&f->m.gen, mid_fy_body)); /* try: r = yield from mid_fy(30) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("top caught %d", f->e);            /*         log("top caught", e.code) */
        f->r = f->e;                           /*         r = e.code */
    } else {
        f->r = f->m.gen.result;
    }
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- a finally section that yields (close ignored), then raises ----------- */

struct fin_yield_raise { gen_int gen; int x, y; };

static int fin_yield_raise_body(gen_int *g)
{
    struct fin_yield_raise *f = GEN_SELF(struct fin_yield_raise, gen, g);
    GEN_BEGIN(g);                              /* def fin_yield_raise(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    say("x %s", num(f->x));                    /*     log("x", x) */
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_FINALLY(g);                            /* finally: */
    GEN_YIELD(g, 2);                           /*     y = yield 2 */
    f->y = SENT(g);
    say("after %s", num(f->y));                /*     log("after", y) */
    if (f->y != NONE && f->y > 0)              /*     if y is not None and y > 0: */
        GEN_FAIL(g, f->y, "E");                /*         raise E(y) */
    GEN_END(g);
}

/* ---- a yield from inside the handler of a catching yield from --------------- */

struct handler_yf { gen_int gen; struct leaf l; struct inner_fin i; int r, e; };

static int handler_yf_body(gen_int *g)
{
    struct handler_yf *f = GEN_SELF(struct handler_yf, gen, g);
    GEN_BEGIN(g);                              /* def handler_yf(): */
    GEN_YIELD_FROM_CATCH(g, leaf(&f->l, 40));  /*     try: r = yield from leaf(40) */
    EXCEPT_E(g, f->e);                         /*     except E as e: */
    if (f->e) {
        say("caught %d", f->e);                /*         log("caught", e.code) */
        GEN_YIELD_FROM(g, inner_fin(&f->i, f->e)); /*     r = yield from inner_fin(e.code) */
        f->r = f->i.gen.result;
    } else {
        f->r = f->l.gen.result;
    }
    GEN_YIELD(g, f->r);                        /*     yield r */
    GEN_RETURN(g, f->r);                       /*     return r */
    GEN_END(g);
}

/* ---- re-entry from a finally section (also while closing) ------------------- */

struct reent_fin { gen_int gen; };

static int reent_fin_body(gen_int *g)
{
    GEN_BEGIN(g);                              /* def reent_fin(): try: */
    GEN_YIELD(g, 1);                           /*     yield 1 */
    GEN_YIELD(g, 2);                           /*     yield 2 */
    GEN_RETURN(g, 2);                          /*     return 2 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin next %s", try_op(ME, OP_NEXT, 0)); /*    log("fin next", try_op(lambda: next(ME))) */
    say("fin close %s", try_op(ME, OP_CLOSE, 0)); /*  log("fin close", try_op(lambda: ME.close())) */
    GEN_END(g);
}

/* ==== try blocks (GEN_TRY / GEN_EXCEPT): any number of yields, raises and
   ==== yield froms inside one try, nested, in a loop, in a finally section */

/* except E as e, as the first statement of a GEN_EXCEPT branch: what is no
   E (code < 1) is raised on; e gets the code */
#define EXCEPT_E_BRANCH(g, e) \
    do { \
        if (gen_caught(g)->code < 1) \
            GEN_RERAISE(g); \
        (e) = gen_caught(g)->code; \
    } while (0)

/* ---- a try block around two yields and a raise, in a loop ------------------- */

struct try_block { gen_int gen; int n, x, y, z, e; };

static int try_block_body(gen_int *g)
{
    struct try_block *f = GEN_SELF(struct try_block, gen, g);
    GEN_BEGIN(g);                              /* def try_block(): */
    f->n = 0;                                  /*     n = 0 */
    while (f->n < 5) {                         /*     while n < 5: */
        GEN_TRY(g) {                           /*         try: */
            GEN_YIELD(g, f->n);                /*             x = yield n */
            f->x = SENT(g);
            if (f->x != NONE && f->x < 0)      /*             if x is not None and x < 0: */
                GEN_FAIL(g, -f->x, "E");       /*                 raise E(-x) */
            GEN_YIELD(g, f->n + 10);           /*             y = yield n + 10 */
            f->y = SENT(g);
            say("y %s", num(f->y));            /*             log("y", y) */
        } GEN_EXCEPT(g) {                      /*         except E as e: */
            EXCEPT_E_BRANCH(g, f->e);
            say("caught %d", f->e);            /*             log("caught", e.code) */
            if (f->e % 3 == 0)                 /*             if e.code % 3 == 0: */
                GEN_RERAISE(g);                /*                 raise */
            if (f->e % 3 == 1) {               /*             if e.code % 3 == 1: */
                GEN_YIELD(g, 100 + f->e);      /*                 z = yield 100 + e.code */
                f->z = SENT(g);
                say("z %s", num(f->z));        /*                 log("z", z) */
            }
        } GEN_END_TRY(g);
        f->n += 1;                             /*         n += 1 */
    }
    GEN_RETURN(g, f->n);                       /*     return n */
    GEN_END(g);
}

/* ---- nested try blocks ---------------------------------------------------------- */

struct try_nested { gen_int gen; int x, z, e; };

static int try_nested_body(gen_int *g)
{
    struct try_nested *f = GEN_SELF(struct try_nested, gen, g);
    GEN_BEGIN(g);                              /* def try_nested(): try: */
    GEN_TRY(g) {                               /*     try: */
        GEN_TRY(g) {                           /*         try: */
            GEN_YIELD(g, 1);                   /*             x = yield 1 */
            f->x = SENT(g);
            if (f->x != NONE && f->x < 0)      /*             if x is not None and x < 0: */
                GEN_FAIL(g, -f->x, "E");       /*                 raise E(-x) */
            GEN_YIELD(g, 2);                   /*             yield 2 */
        } GEN_EXCEPT(g) {                      /*         except E as e: */
            EXCEPT_E_BRANCH(g, f->e);
            say("inner %d", f->e);             /*             log("inner", e.code) */
            if (f->e % 2 == 0)                 /*             if e.code % 2 == 0: */
                GEN_RERAISE(g);                /*                 raise */
            GEN_YIELD(g, 20 + f->e);           /*             z = yield 20 + e.code */
            f->z = SENT(g);
            say("z %s", num(f->z));            /*             log("z", z) */
        } GEN_END_TRY(g);
        GEN_YIELD(g, 3);                       /*         yield 3 */
    } GEN_EXCEPT(g) {                          /*     except E as e: */
        EXCEPT_E_BRANCH(g, f->e);
        say("outer %d", f->e);                 /*         log("outer", e.code) */
        GEN_YIELD(g, 30 + f->e);               /*         yield 30 + e.code */
    } GEN_END_TRY(g);
    GEN_RETURN(g, 7);                          /*     (return 7, after the finally) */
    GEN_FINALLY(g);                            /* finally: */
    say("finally");                            /*     log("finally") */
    GEN_END(g);
}

/* ---- a try block around a yield and a yield from ------------------------------- */

struct try_from { gen_int gen; struct sub s; int k, x, r, e; };

static int try_from_body(gen_int *g)
{
    struct try_from *f = GEN_SELF(struct try_from, gen, g);
    GEN_BEGIN(g);                              /* def try_from(): */
    f->k = 0;                                  /*     k = 0 */
    while (f->k < 3) {                         /*     while k < 3: */
        GEN_TRY(g) {                           /*         try: */
            GEN_YIELD(g, f->k);                /*             x = yield k */
            f->x = SENT(g);
            GEN_YIELD_FROM(g, sub(&f->s, f->x == NONE ? 2 : f->x)); /* r = yield from sub(2 if x is None else x) */
            f->r = f->s.gen.result;
            say("got %d", f->r);               /*             log("got", r) */
        } GEN_EXCEPT(g) {                      /*         except E as e: */
            EXCEPT_E_BRANCH(g, f->e);
            say("caught %d", f->e);            /*             log("caught", e.code) */
        } GEN_END_TRY(g);
        f->k += 1;                             /*         k += 1 */
    }
    GEN_RETURN(g, f->k);                       /*     return k */
    GEN_END(g);
}

/* ---- a try block inside a finally section ------------------------------------- */

struct try_in_finally { gen_int gen; int x, y, e; };

static int try_in_finally_body(gen_int *g)
{
    struct try_in_finally *f = GEN_SELF(struct try_in_finally, gen, g);
    GEN_BEGIN(g);                              /* def try_in_finally(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    if (f->x != NONE && f->x < 0)              /*     if x is not None and x < 0: */
        GEN_FAIL(g, -f->x, "E");               /*         raise E(-x) */
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin");                                /*     log("fin") */
    GEN_TRY(g) {                               /*     try: */
        GEN_YIELD(g, 2);                       /*         y = yield 2 */
        f->y = SENT(g);
        if (f->y != NONE && f->y < 0)          /*         if y is not None and y < 0: */
            GEN_FAIL(g, -f->y, "E");           /*             raise E(-y) */
    } GEN_EXCEPT(g) {                          /*     except E as e: */
        EXCEPT_E_BRANCH(g, f->e);
        say("caught in finally %d", f->e);     /*         log("caught in finally", e.code) */
    } GEN_END_TRY(g);
    say("fin end");                            /*     log("fin end") */
    GEN_END(g);
}

/* ---- try/finally blocks (GEN_TRY_FINALLY) --------------------------------------- */

struct tf_block { gen_int gen; int n, x; };

static int tf_block_body(gen_int *g)
{
    struct tf_block *f = GEN_SELF(struct tf_block, gen, g);
    GEN_BEGIN(g);                              /* def tf_block(): */
    f->n = 0;                                  /*     n = 0 */
    while (f->n < 4) {                         /*     while n < 4: */
        GEN_TRY_FINALLY(g) {                   /*         try: */
            GEN_YIELD(g, f->n);                /*             x = yield n */
            f->x = SENT(g);
            if (f->x != NONE && f->x < 0)      /*             if x is not None and x < 0: */
                GEN_FAIL(g, -f->x, "E");       /*                 raise E(-x) */
            if (f->x != NONE && f->x > 50)     /*             if x is not None and x > 50: */
                GEN_RETURN(g, f->x);           /*                 return x */
        } GEN_FINALLY_BLOCK(g) {               /*         finally: */
            say("fin %d", f->n);               /*             log("fin", n) */
        } GEN_END_FINALLY(g);
        f->n += 1;                             /*         n += 1 */
    }
    GEN_RETURN(g, f->n);                       /*     return n */
    GEN_END(g);
}

struct tf_except { gen_int gen; int x, e; };

static int tf_except_body(gen_int *g)
{
    struct tf_except *f = GEN_SELF(struct tf_except, gen, g);
    GEN_BEGIN(g);                              /* def tf_except(): */
    GEN_TRY_FINALLY(g) {                       /*     try: */
        GEN_TRY(g) {                           /*         try: */
            GEN_YIELD(g, 1);                   /*             x = yield 1 */
            f->x = SENT(g);
            if (f->x != NONE && f->x < 0)      /*             if x is not None and x < 0: */
                GEN_FAIL(g, -f->x, "E");       /*                 raise E(-x) */
            GEN_YIELD(g, 2);                   /*             yield 2 */
        } GEN_EXCEPT(g) {                      /*         except E as e: */
            EXCEPT_E_BRANCH(g, f->e);
            say("caught %d", f->e);            /*             log("caught", e.code) */
            if (f->e % 2 == 0)                 /*             if e.code % 2 == 0: */
                GEN_FAIL(g, f->e + 1, "E");    /*                 raise E(e.code + 1) */
            GEN_YIELD(g, 10 + f->e);           /*             yield 10 + e.code */
        } GEN_END_TRY(g);
    } GEN_FINALLY_BLOCK(g) {                   /*     finally: */
        say("fin");                            /*         log("fin") */
    } GEN_END_FINALLY(g);
    GEN_YIELD(g, 3);                           /*     yield 3 */
    GEN_RETURN(g, 0);                          /*     return 0 */
    GEN_END(g);
}

struct tf_nested { gen_int gen; struct sub s; int r, x, e; };

static int tf_nested_body(gen_int *g)
{
    struct tf_nested *f = GEN_SELF(struct tf_nested, gen, g);
    GEN_BEGIN(g);                              /* def tf_nested(): */
    GEN_TRY(g) {                               /*     try: */
        GEN_TRY_FINALLY(g) {                   /*         try: */
            GEN_TRY_FINALLY(g) {               /*             try: */
                GEN_YIELD_FROM(g, sub(&f->s, 2)); /*              r = yield from sub(2) */
                f->r = f->s.gen.result;
                say("got %d", f->r);           /*                 log("got", r) */
                GEN_YIELD(g, 5);               /*                 x = yield 5 */
                f->x = SENT(g);
                if (f->x != NONE && f->x < 0)  /*                 if x is not None and x < 0: */
                    GEN_FAIL(g, -f->x, "E");   /*                     raise E(-x) */
            } GEN_FINALLY_BLOCK(g) {           /*             finally: */
                say("inner fin");              /*                 log("inner fin") */
            } GEN_END_FINALLY(g);
            GEN_YIELD(g, 6);                   /*             yield 6 */
        } GEN_FINALLY_BLOCK(g) {               /*         finally: */
            say("outer fin");                  /*             log("outer fin") */
        } GEN_END_FINALLY(g);
    } GEN_EXCEPT(g) {                          /*     except E as e: */
        EXCEPT_E_BRANCH(g, f->e);
        say("caught %d", f->e);                /*         log("caught", e.code) */
        GEN_YIELD(g, 7);                       /*         yield 7 */
    } GEN_END_TRY(g);
    GEN_RETURN(g, 1);                          /*     return 1 */
    GEN_END(g);
}

struct tf_in_finally { gen_int gen; int x, y; };

static int tf_in_finally_body(gen_int *g)
{
    struct tf_in_finally *f = GEN_SELF(struct tf_in_finally, gen, g);
    GEN_BEGIN(g);                              /* def tf_in_finally(): try: */
    GEN_YIELD(g, 1);                           /*     x = yield 1 */
    f->x = SENT(g);
    if (f->x != NONE && f->x < 0)              /*     if x is not None and x < 0: */
        GEN_FAIL(g, -f->x, "E");               /*         raise E(-x) */
    GEN_RETURN(g, 4);                          /*     return 4 */
    GEN_FINALLY(g);                            /* finally: */
    say("fin");                                /*     log("fin") */
    GEN_TRY_FINALLY(g) {                       /*     try: */
        GEN_YIELD(g, 2);                       /*         y = yield 2 */
        f->y = SENT(g);
        say("y %s", num(f->y));                /*         log("y", y) */
        if (f->y != NONE && f->y < 0)          /*         if y is not None and y < 0: */
            GEN_FAIL(g, -f->y, "E");           /*             raise E(-y) */
    } GEN_FINALLY_BLOCK(g) {                   /*     finally: */
        say("inner fin");                      /*         log("inner fin") */
    } GEN_END_FINALLY(g);
    say("fin end");                            /*     log("fin end") */
    GEN_END(g);
}

struct tf_return { gen_int gen; int k, x; };

static int tf_return_body(gen_int *g)
{
    struct tf_return *f = GEN_SELF(struct tf_return, gen, g);
    GEN_BEGIN(g);                              /* def tf_return(): */
    f->k = 0;                                  /*     k = 0 */
    GEN_TRY_FINALLY(g) {                       /*     try: */
        GEN_YIELD(g, 1);                       /*         x = yield 1 */
        f->x = SENT(g);
        f->k = f->x == NONE ? 0 : f->x;        /*         k = 0 if x is None else x */
        if (f->k > 0)                          /*         if k > 0: */
            GEN_RETURN(g, f->k);               /*             return k */
        if (f->k < 0)                          /*         if k < 0: */
            GEN_FAIL(g, -f->k, "E");           /*             raise E(-k) */
        GEN_YIELD(g, 2);                       /*         yield 2 */
    } GEN_FINALLY_BLOCK(g) {                   /*     finally: */
        say("fin %d", f->k);                   /*         log("fin", k) */
        if (f->k == 9)                         /*         if k == 9: */
            GEN_RETURN(g, 99);                 /*             return 99 */
    } GEN_END_FINALLY(g);
    GEN_RETURN(g, -1);                         /*     return -1 */
    GEN_END(g);
}

/* ==== the table: fresh instances in zeroed static frames ===================== */

#define RESULT_UNSET (-12345) /* a path that forgot its return shows it */
#define MAKE(name) \
    static gen_int *make_##name(void) \
    { \
        static struct name f; \
        memset(&f, 0, sizeof f); \
        gen_int_init(&f.gen, name##_body); \
        f.gen.result = RESULT_UNSET; \
        return &f.gen; \
    }

MAKE(basic)
MAKE(acc)
MAKE(catch_loop)
MAKE(try_finally)
MAKE(tef)
MAKE(fin_yield)
MAKE(fin_yield_return)
MAKE(fcatch)
MAKE(freturn)
MAKE(multi)
MAKE(chain2)
MAKE(chain3)
MAKE(chain_ignore)
MAKE(fin_raise)
MAKE(fin_yf)
MAKE(fret_top)
MAKE(nested)
MAKE(reentry)
MAKE(instant_chain)
MAKE(deep_catch)
MAKE(except_else)
MAKE(fin_raise_close)
MAKE(catch_close)
MAKE(stale_yield)
MAKE(chain_fy)
MAKE(fin_yield_raise)
MAKE(handler_yf)
MAKE(reent_fin)
MAKE(try_block)
MAKE(try_nested)
MAKE(try_from)
MAKE(try_in_finally)
MAKE(tf_block)
MAKE(tf_except)
MAKE(tf_nested)
MAKE(tf_in_finally)
MAKE(tf_return)

static const struct program {
    const char *name;
    gen_int *(*make)(void);
} programs[] = {
#define P(name) { #name, make_##name }
    P(basic), P(acc), P(catch_loop), P(try_finally), P(tef), P(fin_yield),
    P(fin_yield_return), P(fcatch), P(freturn), P(multi), P(chain2),
    P(chain3), P(chain_ignore), P(fin_raise), P(fin_yf), P(fret_top),
    P(nested), P(reentry), P(instant_chain), P(deep_catch), P(except_else),
    P(fin_raise_close), P(catch_close), P(stale_yield), P(chain_fy),
    P(fin_yield_raise), P(handler_yf), P(reent_fin),
    P(try_block), P(try_nested), P(try_from), P(try_in_finally),
    P(tf_block), P(tf_except), P(tf_nested), P(tf_in_finally), P(tf_return),
#undef P
};

/* ==== the driver ============================================================= */

#ifndef FUZZ_NO_MAIN /* test/fuzz/fuzz_gen.c includes this file for its programs */

static int atoi_(const char *s)
{
    return (int)strtol(s, 0, 10);
}

static const char *state_name(int s)
{
    switch (s) {
    case GEN_CREATED: return "CREATED";
    case GEN_RUNNING: return "RUNNING";
    case GEN_SUSPENDED: return "SUSPENDED";
    case GEN_CLOSED: return "CLOSED";
    default: return "?";
    }
}

static int flush_lines; /* -u: flush every line (gen_diff.py, to find a crash) */

static void run_op(gen_int *g, const char *op)
{
    int rc, v = 0, was_closed = gen_state(g) == GEN_CLOSED, is_close = 0;
    log_len = 0;
    log_buf[0] = '\0';
    if (strcmp(op, "next") == 0) {
        rc = gen_int_next(g, &v);
    } else if (strncmp(op, "send:", 5) == 0) {
        rc = gen_int_send(g, atoi_(op + 5), &v);
    } else if (strncmp(op, "throw:", 6) == 0) {
        rc = gen_int_throw(g, atoi_(op + 6), "E", &v);
    } else if (strcmp(op, "close") == 0) {
        rc = gen_close(g);
        is_close = 1;
    } else {
        printf("%s -> unknown op\n", op);
        return;
    }
    log_buf[log_len] = '\0';
    printf("%s -> %s | %s | %s\n", op, outcome(g, rc, v, is_close, was_closed),
           log_len ? log_buf : "-", state_name(gen_state(g)));
    if (flush_lines)
        fflush(stdout); /* a crash or a hang must not swallow the lines before it */
}

int main(int argc, char **argv)
{
    static char line[4096];
    flush_lines = argc > 1 && strcmp(argv[1], "-u") == 0;
    while (fgets(line, sizeof line, stdin)) {
        char *word = strtok(line, " \t\r\n");
        const struct program *p = 0;
        size_t i;
        if (!word)
            continue;
        for (i = 0; i < sizeof programs / sizeof programs[0]; i++)
            if (strcmp(programs[i].name, word) == 0)
                p = &programs[i];
        printf("== %s", word);
        {
            /* echo the ops first: the header is the whole script */
            char *ops[64];
            size_t n = 0, k;
            while (n < 64 && (ops[n] = strtok(0, " \t\r\n")) != 0)
                n++;
            for (k = 0; k < n; k++)
                printf(" %s", ops[k]);
            printf("\n");
            if (flush_lines)
                fflush(stdout);
            if (!p) {
                printf("unknown program %s\n", word);
                continue;
            }
            ME = p->make();
            for (k = 0; k < n; k++)
                run_op(ME, ops[k]);
            ME = 0;
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
#endif /* FUZZ_NO_MAIN */
