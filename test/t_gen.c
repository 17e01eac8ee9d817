/* t_gen.c - gen.h: Python's generator protocol. */
#include "unit.h"
#include "gen.h"

/* ---- a generator with every way out -------------------------------------
   yields 1, 2, 3 (catching throws at the second yield), returns 100 + the
   number of caught errors; its finally section logs "fin". */

struct full { gen_int gen; int caught, fail_at; };

static int full_body(gen_int *g)
{
    struct full *f = GEN_SELF(struct full, gen, g);
    GEN_BEGIN(g);
    log_add("start");
    GEN_YIELD(g, 1);
    GEN_YIELD_CATCH(g, 2);
    while (gen_caught(g)) {
        f->caught++;
        log_add(gen_caught(g)->msg);
        GEN_YIELD_CATCH(g, 20 + f->caught);
    }
    if (f->fail_at == 3)
        GEN_FAIL(g, 7, "failed at 3");
    GEN_YIELD(g, 3);
    GEN_RETURN(g, 100 + f->caught);
    GEN_FINALLY(g);
    log_add(gen_closing(g) ? "fin-close" : "fin");
    GEN_END(g);
}

static gen_int *full(struct full *f, int fail_at)
{
    f->caught = 0;
    f->fail_at = fail_at;
    return gen_int_init(&f->gen, full_body);
}

static void next_then_return_value(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = -1;
    CHECK_EQ(gen_state(g), GEN_CREATED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_EQ(gen_state(g), GEN_SUSPENDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    v = -1;
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(v, -1);                          /* no value with GEN_DONE */
    CHECK_EQ(g->result, 100);                 /* StopIteration.value */
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "start fin");
    /* exhausted, every time; the body does not run again */
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(gen_int_next(g, 0), GEN_DONE);
    CHECK_EQ(gen_int_send(g, 5, &v), GEN_DONE);
    CHECK_STR(log_text(), "start fin");
}

static void throw_caught_and_resumed(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_int_throw(g, 11, "first", &v), GEN_YIELDED);
    CHECK_EQ(v, 21);                          /* throw returns the next value */
    CHECK_EQ(gen_int_throw(g, 12, "second", &v), GEN_YIELDED);
    CHECK_EQ(v, 22);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(g->result, 102);
    CHECK_STR(log_text(), "start first second fin");
}

static void throw_uncaught_propagates(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED); /* at the first (non-catching) yield */
    CHECK_EQ(gen_int_throw(g, 42, "boom", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 42);
    CHECK_STR(gen_error(g)->msg, "boom");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "start fin");       /* the finally section ran */
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);  /* then exhausted */
}

static void throw_into_created_and_closed(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = 0;
    CHECK_EQ(gen_int_throw(g, 1, "early", &v), GEN_ERROR);
    CHECK_STR(gen_error(g)->msg, "early");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "");                /* the body never ran */
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(gen_int_throw(g, 2, "late", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 2);
    CHECK_STR(log_text(), "");
}

static void fail_from_body(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 3);
    int v = 0, rc;
    while ((rc = gen_int_next(g, &v)) == GEN_YIELDED)
        ;
    CHECK_EQ(rc, GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(gen_error(g)->msg, "failed at 3");
    CHECK_STR(log_text(), "start fin");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

static void close_runs_finally(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED); /* at a catching yield: close is not caught */
    CHECK_EQ(gen_close(g), GEN_DONE);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "start fin-close");
    CHECK_EQ(gen_close(g), GEN_DONE);         /* closed: no-op */
    CHECK_STR(log_text(), "start fin-close");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
}

static void close_created_does_nothing(void)
{
    UNIT_FRAME struct full f;
    gen_int *g = full(&f, 0);
    int v = 0;
    CHECK_EQ(gen_close(g), GEN_DONE);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_STR(log_text(), "");
}

/* ---- a finally section that yields: close is ignored -------------------- */

struct stubborn { gen_int gen; int fail_in_finally; };

static int stubborn_body(gen_int *g)
{
    struct stubborn *s = GEN_SELF(struct stubborn, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_FINALLY(g);
    log_add("fin");
    if (s->fail_in_finally)
        GEN_FAIL(g, 9, "cleanup failed");
    GEN_YIELD(g, 2);
    log_add("after");
    GEN_END(g);
}

static void close_ignored(void)
{
    UNIT_FRAME struct stubborn s;
    gen_int *g = gen_int_init(&s.gen, stubborn_body);
    int v = 0;
    s.fail_in_finally = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_state(g), GEN_SUSPENDED);    /* it goes on, as in Python */
    CHECK_EQ(gen_line(g) != 0, 1);
    /* next resumes after the yield; finishing raises the pending GeneratorExit */
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, GEN_ERROR_EXIT);
    CHECK_STR(gen_error(g)->msg, "GeneratorExit");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "fin after");
    /* closing it a second time while it sits in its finally section ends it */
    log_reset();
    g = gen_int_init(&s.gen, stubborn_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_close(g), GEN_DONE);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "fin");
}

static void close_error_in_finally(void)
{
    UNIT_FRAME struct stubborn s;
    gen_int *g = gen_int_init(&s.gen, stubborn_body);
    int v = 0;
    s.fail_in_finally = 1;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR);
    CHECK_STR(gen_error(g)->msg, "cleanup failed");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

/* ---- send --------------------------------------------------------------- */

struct acc { gen_long gen; long total; int nexts; };

static int acc_body(gen_long *g)
{
    struct acc *a = GEN_SELF(struct acc, gen, g);
    GEN_BEGIN(g);
    a->total = 0;
    for (;;) {
        GEN_YIELD(g, a->total);
        if (gen_was_sent(g))
            a->total += g->sent;
        else
            a->nexts++;                       /* next() is send(None) */
        if (a->total < 0)
            GEN_RETURN(g, a->total);
    }
    GEN_END(g);
}

static void send_values(void)
{
    UNIT_FRAME struct acc a;
    gen_long *g = gen_long_init(&a.gen, acc_body);
    long v = -1;
    a.nexts = 0;
    CHECK_EQ(gen_long_send(g, 5, &v), GEN_ERROR_NOT_STARTED);
    CHECK_EQ(gen_state(g), GEN_CREATED);      /* unchanged */
    CHECK_EQ(v, -1);
    CHECK_EQ(gen_long_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_long_send(g, 5, &v), GEN_YIELDED);
    CHECK_EQ(v, 5);
    CHECK_EQ(gen_long_send(g, 10, &v), GEN_YIELDED);
    CHECK_EQ(v, 15);
    CHECK_EQ(gen_long_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 15);
    CHECK_EQ(a.nexts, 1);
    CHECK_EQ(gen_long_send(g, -100, &v), GEN_DONE);
    CHECK_EQ(g->result, -85);
    CHECK_EQ(gen_long_send(g, 1, &v), GEN_DONE);
}

/* ---- re-entry --------------------------------------------------------------- */

struct selfish { gen_int gen; int rc_next, rc_send, rc_throw, rc_close, state; };

static int selfish_body(gen_int *g)
{
    struct selfish *s = GEN_SELF(struct selfish, gen, g);
    int v = 0;
    GEN_BEGIN(g);
    s->state = gen_state(g);
    s->rc_next = gen_int_next(g, &v);
    s->rc_send = gen_int_send(g, 3, &v);
    s->rc_throw = gen_int_throw(g, 1, "x", &v);
    s->rc_close = gen_close(g);
    GEN_YIELD(g, v);
    GEN_END(g);
}

static void reentry_already_executing(void)
{
    UNIT_FRAME struct selfish s;
    gen_int *g = gen_int_init(&s.gen, selfish_body);
    int v = 0;
    s.gen.sent = 77;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(s.state, GEN_RUNNING);
    CHECK_EQ(s.rc_next, GEN_ERROR_RUNNING);
    CHECK_EQ(s.rc_send, GEN_ERROR_RUNNING);
    CHECK_EQ(s.rc_throw, GEN_ERROR_RUNNING);
    CHECK_EQ(s.rc_close, GEN_ERROR_RUNNING);
    CHECK_EQ(s.gen.sent, 77);                 /* the refused send changed nothing */
    CHECK_EQ(gen_state(g), GEN_SUSPENDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK(unit_has(gen_strerror(s.rc_next), "already executing"));
}

/* ---- states and lines ---------------------------------------------------- */

struct lined { gen_int gen; int line1, line2; };

static int lined_body(gen_int *g)
{
    struct lined *l = GEN_SELF(struct lined, gen, g);
    GEN_BEGIN(g);
    l->line1 = __LINE__; GEN_YIELD(g, 1);
    l->line2 = __LINE__; GEN_YIELD(g, 2);
    GEN_END(g);
}

static void states_and_lines(void)
{
    UNIT_FRAME struct lined l;
    gen_int *g = gen_int_init(&l.gen, lined_body);
    CHECK_EQ(gen_line(g), 0);
    CHECK_EQ(gen_int_next(g, 0), GEN_YIELDED);
    CHECK_EQ(gen_line(g), l.line1);
    CHECK_EQ(gen_int_next(g, 0), GEN_YIELDED);
    CHECK_EQ(gen_line(g), l.line2);
    CHECK(l.line2 > l.line1);
    CHECK_EQ(gen_int_next(g, 0), GEN_DONE);
    CHECK_EQ(gen_line(g), 0);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

/* ---- for-each ------------------------------------------------------------ */

struct upto { gen_int gen; int n, i; };

static int upto_body(gen_int *g)
{
    struct upto *u = GEN_SELF(struct upto, gen, g);
    GEN_BEGIN(g);
    for (u->i = 1; u->i <= u->n; u->i++)
        GEN_YIELD(g, u->i);
    GEN_END(g);
}

static gen_int *upto(struct upto *u, int n)
{
    u->n = n;
    return gen_int_init(&u->gen, upto_body);
}

static int foreach_evals;
static gen_int *counted(gen_int *g)
{
    foreach_evals++;
    return g;
}

static void for_each(void)
{
#if UNIT_FOR_DECL
    UNIT_FRAME struct upto u;
    int x, sum = 0, n = 0;
    foreach_evals = 0;
    GEN_FOR(x, gen_int, counted(upto(&u, 4))) {
        sum += x;
        n++;
    }
    CHECK_EQ(sum, 10);
    CHECK_EQ(n, 4);
    CHECK_EQ(foreach_evals, 1);
    n = 0;
    GEN_FOR(x, gen_int, upto(&u, 0))
        n++;
    CHECK_EQ(n, 0);
#else
    (void)counted;
    unit_out("  n/a: for_each: GEN_FOR declares its iterator in the for statement (C99), which this compiler does not have\n");
#endif
}

/* ---- macros: one statement, arguments evaluated once ----------------------- */

struct once { gen_int gen; int evals_g, evals_v; };

static gen_int *count_g(struct once *o) { o->evals_g++; return &o->gen; }
static int count_v(struct once *o, int v) { o->evals_v++; return v; }

static int once_body(gen_int *g)
{
    struct once *o = GEN_SELF(struct once, gen, g);
    GEN_BEGIN(g);
    /* one suspension point per line: __LINE__ numbering (cc65) */
    if (o->evals_g >= 0)
        GEN_YIELD(count_g(o), count_v(o, 1));
    else
        GEN_YIELD(g, -1);
    GEN_YIELD_CATCH(count_g(o), count_v(o, 2));
    if (o->evals_g < 0) GEN_FAIL(g, 1, "no"); else log_add("no-fail");
    GEN_RETURN(count_g(o), count_v(o, 3));
    GEN_END(g);
}

static void arguments_evaluated_once(void)
{
    UNIT_FRAME struct once o;
    gen_int *g = gen_int_init(&o.gen, once_body);
    int v = 0;
    o.evals_g = o.evals_v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_EQ(o.evals_g, 1);
    CHECK_EQ(o.evals_v, 1);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(o.evals_g, 2);
    CHECK_EQ(o.evals_v, 2);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(g->result, 3);
    CHECK_EQ(o.evals_g, 3);
    CHECK_EQ(o.evals_v, 3);
    CHECK_STR(log_text(), "no-fail");
}

/* every body macro compiles and behaves as one statement after if/else
   (coro.h's CORO_ macros are a compile error in a generator body:
   test/fail/coro_macro_in_gen_body.c) */
struct stmts { gen_int gen; struct upto u; int sel; };

static int stmts_body(gen_int *g)
{
    struct stmts *s = GEN_SELF(struct stmts, gen, g);
    GEN_BEGIN(g);
    /* each macro the whole branch of an if/else; one suspension point per
       line: __LINE__ numbering (cc65) */
    if (s->sel)
        GEN_YIELD_CATCH(g, 1);
    else
        GEN_YIELD(g, 2);
    if (s->sel)
        GEN_YIELD_FROM(g, upto(&s->u, 1));
    else
        GEN_YIELD_FROM_CATCH(g, upto(&s->u, 2));
    if (s->sel > 1) GEN_FAIL(g, 1, "x"); else if (s->sel < 0) GEN_FAIL(g, 2, "y"); else log_add("go");
    if (s->sel > 1) GEN_YIELD(g, 3); else GEN_RETURN(g, 5);
    GEN_FINALLY(g);
    if (s->sel > 1) GEN_YIELD(g, 4); else log_add("fin");
    GEN_END(g);
}

static void all_macros_are_statements(void)
{
    UNIT_FRAME struct stmts s;
    int v, n, sel;
    static const int want[2][4] = { { 2, 1, 2, 0 }, { 1, 1, 0, 0 } };
    static const int count[2] = { 3, 2 };
    UNIT_FRAME int got[4];
    for (sel = 0; sel < 2; sel++) {
        got[0] = got[1] = got[2] = got[3] = 0;
        s.sel = sel;
        gen_int_init(&s.gen, stmts_body);
        for (n = 0; gen_int_next(&s.gen, &v) == GEN_YIELDED && n < 4; n++)
            got[n] = v;
        CHECK_EQ(n, count[sel]);
        CHECK_EQ(got[0], want[sel][0]);
        CHECK_EQ(got[1], want[sel][1]);
        CHECK_EQ(got[2], want[sel][2]);
        CHECK_EQ(s.gen.result, 5);
    }
    CHECK_STR(log_text(), "go fin go fin");
}

/* ---- yield from ------------------------------------------------------------ */

/* sub: yields its base + 1, + 2, receiving sends into a sum; a sent negative
   value makes it raise; returns the sum as a long (a different R type). */
GEN_DECLARE(sub_port, int, int, long)

struct sub { sub_port gen; int base; long sum; int catch_throws; };

static int sub_body(sub_port *g)
{
    struct sub *s = GEN_SELF(struct sub, gen, g);
    GEN_BEGIN(g);
    s->sum = 0;
    GEN_YIELD_CATCH(g, s->base + 1);
    if (gen_caught(g)) {
        log_add("sub-caught");
        if (!s->catch_throws)
            GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg);
    }
    if (gen_was_sent(g))
        s->sum += g->sent;
    if (s->sum < 0)
        GEN_FAIL(g, 5, "negative");
    GEN_YIELD(g, s->base + 2);
    if (gen_was_sent(g))
        s->sum += g->sent;
    GEN_RETURN(g, s->sum);
    GEN_FINALLY(g);
    log_add(gen_closing(g) ? "sub-fin-close" : "sub-fin");
    GEN_END(g);
}

static sub_port *sub(struct sub *s, int base, int catch_throws)
{
    s->base = base;
    s->catch_throws = catch_throws;
    return sub_port_init(&s->gen, sub_body);
}

struct outer { gen_int gen; struct sub inner; sub_port *inner_port; int evals; long got; int catching; };

static sub_port *count_sub(struct outer *o) { o->evals++; return &o->inner.gen; }

static int outer_body(gen_int *g)
{
    struct outer *o = GEN_SELF(struct outer, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD(g, 0);
    sub(&o->inner, 10, 0);
    if (o->catching) {
        GEN_YIELD_FROM_CATCH(g, count_sub(o));
        if (gen_caught(g))
            log_add("outer-caught");
    } else {
        GEN_YIELD_FROM(g, count_sub(o));
    }
    o->got = o->inner.gen.result;
    GEN_YIELD(g, 99);
    GEN_FINALLY(g);
    log_add(gen_closing(g) ? "outer-fin-close" : "outer-fin");
    GEN_END(g);
}

static gen_int *outer(struct outer *o, int catching)
{
    o->evals = 0;
    o->got = -1;
    o->catching = catching;
    return gen_int_init(&o->gen, outer_body);
}

static void yield_from_values_and_result(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = outer(&o, 0);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 11);                          /* the sub's value reaches us */
    CHECK_EQ(gen_state(&o.inner.gen), GEN_SUSPENDED);
    CHECK_EQ(gen_int_send(g, 7, &v), GEN_YIELDED);
    CHECK_EQ(v, 12);
    CHECK_EQ(gen_int_send(g, 8, &v), GEN_YIELDED);
    CHECK_EQ(v, 99);
    CHECK_EQ(o.got, 15);                      /* the sub's return value */
    CHECK_EQ(o.evals, 1);                     /* sub evaluated once */
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_STR(log_text(), "sub-fin outer-fin");
}

/* after a yield from has ended (also at once, from an exhausted sub), send
   and next reach the delegating generator itself again */
static int resend_body(gen_int *g)
{
    struct outer *o = GEN_SELF(struct outer, gen, g);
    GEN_BEGIN(g);
    sub(&o->inner, 10, 0);
    GEN_YIELD_FROM(g, &o->inner.gen);
    GEN_YIELD(g, 99);
    GEN_YIELD(g, gen_was_sent(g) ? g->sent : -1);
    GEN_YIELD_FROM(g, &o->inner.gen);            /* exhausted: ends at once */
    GEN_YIELD(g, gen_was_sent(g) ? g->sent : -1);
    GEN_YIELD(g, gen_was_sent(g) ? g->sent : -1);
    GEN_END(g);
}

static void send_after_yield_from(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = gen_int_init(&o.gen, resend_body);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 11);                              /* the sub's */
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 12);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 99);                              /* the sub returned */
    CHECK_EQ(gen_int_send(g, 42, &v), GEN_YIELDED);
    CHECK_EQ(v, 42);                              /* sent to us, not to the sub */
    CHECK_EQ(gen_int_send(g, 43, &v), GEN_YIELDED);
    CHECK_EQ(v, 43);
    CHECK_EQ(gen_int_send(g, 44, &v), GEN_YIELDED);
    CHECK_EQ(v, 44);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
}

static void yield_from_throw_caught_by_sub(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = outer(&o, 0);
    int v = 0;
    gen_int_next(g, &v);
    gen_int_next(g, &v);
    o.inner.catch_throws = 1;
    CHECK_EQ(gen_int_throw(g, 3, "into sub", &v), GEN_YIELDED);
    CHECK_EQ(v, 12);
    CHECK_EQ(gen_state(g), GEN_SUSPENDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 99);
    CHECK_STR(log_text(), "sub-caught sub-fin");
}

static void yield_from_error_propagates(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = outer(&o, 0);
    int v = 0;
    gen_int_next(g, &v);
    gen_int_next(g, &v);
    CHECK_EQ(gen_int_throw(g, 3, "into sub", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 3);
    CHECK_STR(gen_error(g)->msg, "into sub");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_EQ(gen_state(&o.inner.gen), GEN_CLOSED);
    CHECK_STR(log_text(), "sub-caught sub-fin outer-fin");
    /* an error the sub raises by itself, too */
    log_reset();
    g = outer(&o, 0);
    gen_int_next(g, &v);
    gen_int_next(g, &v);
    CHECK_EQ(gen_int_send(g, -1, &v), GEN_ERROR);
    CHECK_STR(gen_error(g)->msg, "negative");
    CHECK_STR(log_text(), "sub-fin outer-fin");
}

static void yield_from_error_caught_by_outer(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = outer(&o, 1);
    int v = 0;
    gen_int_next(g, &v);
    gen_int_next(g, &v);
    CHECK_EQ(gen_int_send(g, -1, &v), GEN_YIELDED);
    CHECK_EQ(v, 99);
    CHECK_STR(log_text(), "sub-fin outer-caught");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
}

static void yield_from_close_closes_sub_first(void)
{
    UNIT_FRAME struct outer o;
    gen_int *g = outer(&o, 0);
    int v = 0;
    gen_int_next(g, &v);
    gen_int_next(g, &v);
    CHECK_EQ(gen_close(g), GEN_DONE);
    CHECK_STR(log_text(), "sub-fin-close outer-fin-close");
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_EQ(gen_state(&o.inner.gen), GEN_CLOSED);
}

/* three levels: values, sends and close cross the whole chain */
struct mid { gen_int gen; struct outer o; };

static int mid_body(gen_int *g)
{
    struct mid *m = GEN_SELF(struct mid, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM(g, outer(&m->o, 0));
    GEN_YIELD(g, -5);
    GEN_END(g);
}

static void yield_from_chain(void)
{
    UNIT_FRAME struct mid m;
    gen_int *g = gen_int_init(&m.gen, mid_body);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 11);
    CHECK_EQ(gen_int_send(g, 1, &v), GEN_YIELDED);
    CHECK_EQ(v, 12);
    CHECK_EQ(gen_int_send(g, 2, &v), GEN_YIELDED);
    CHECK_EQ(v, 99);
    CHECK_EQ(g->value, 99);                   /* current at every level */
    CHECK_EQ(m.o.gen.value, 99);
    CHECK_EQ(m.o.got, 3);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, -5);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
}

/* A body called by its name (no port dispatch) and read through g->value
   gives what NAME_next gives, through a chain of yield from too. */
static void body_called_by_name(void)
{
    UNIT_FRAME struct mid a, b;
    gen_int *ga = gen_int_init(&a.gen, mid_body), *gb = gen_int_init(&b.gen, mid_body);
    int va = 0, rb, n = 0, same = 1;
    for (;;) {
        int ra = gen_int_next(ga, &va);
        rb = mid_body(gb);
        if (ra != rb || (ra == GEN_YIELDED && va != gb->value))
            same = 0;
        if (ra != GEN_YIELDED || rb != GEN_YIELDED)
            break;
        n++;
    }
    CHECK(same);
    CHECK_EQ(n, 5);                           /* 0, the sub's, 99, -5 */
    CHECK_EQ(rb, GEN_DONE);
}

/* delegating to a finished generator completes at once; to itself fails */
struct selfdeleg { gen_int gen; struct upto u; };

static int finished_sub_body(gen_int *g)
{
    struct selfdeleg *s = GEN_SELF(struct selfdeleg, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM(g, &s->u.gen);             /* already exhausted */
    GEN_YIELD(g, 7);
    GEN_YIELD_FROM(g, g);                     /* itself: already executing */
    GEN_YIELD(g, 8);
    GEN_END(g);
}

static void yield_from_odd_subs(void)
{
    UNIT_FRAME struct selfdeleg s;
    gen_int *g = gen_int_init(&s.gen, finished_sub_body);
    int v = 0;
    upto(&s.u, 0);
    CHECK_EQ(gen_int_next(&s.u.gen, &v), GEN_DONE);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 7);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, GEN_ERROR_RUNNING);
    CHECK(unit_has(gen_error(g)->msg, "already executing"));
}

/* ---- misuse: a port used before its init -------------------------------- */

static gen_int zero_port; /* static storage: all zero */

static void uninitialised_port(void)
{
    int v = 5, rc;
    rc = gen_int_next(&zero_port, &v);
    CHECK_EQ(rc, GEN_ERROR_UNINIT);
    CHECK_EQ(gen_int_send(&zero_port, 1, &v), GEN_ERROR_UNINIT);
    CHECK_EQ(gen_int_throw(&zero_port, 1, "x", &v), GEN_ERROR_UNINIT);
    CHECK_EQ(gen_close(&zero_port), GEN_ERROR_UNINIT);
    CHECK_EQ(v, 5);
    CHECK_EQ(unit_traps, CORO_DEBUG ? 4 : 0);
    CHECK(gen_strerror(rc)[0] != '\0');
}

static void every_code_has_a_message(void)
{
    int rc;
    for (rc = -11; rc <= 1; rc++)
        CHECK(gen_strerror(rc) != 0 && gen_strerror(rc)[0] != '\0');
    CHECK(unit_has(gen_strerror(GEN_ERROR_RUNNING), "already executing"));
    CHECK(!unit_streq(gen_strerror(-9), gen_strerror(-10)) && !unit_streq(gen_strerror(-10), gen_strerror(-11)));
    CHECK(!unit_streq(gen_strerror(GEN_ERROR_NOT_STARTED), gen_strerror(GEN_ERROR_IGNORED_CLOSE)));
}

void t_gen(void)
{
    RUN(uninitialised_port);
    RUN(every_code_has_a_message);
    RUN(next_then_return_value);
    RUN(throw_caught_and_resumed);
    RUN(throw_uncaught_propagates);
    RUN(throw_into_created_and_closed);
    RUN(fail_from_body);
    RUN(close_runs_finally);
    RUN(close_created_does_nothing);
    RUN(close_ignored);
    RUN(close_error_in_finally);
    RUN(send_values);
    RUN(reentry_already_executing);
    RUN(states_and_lines);
    RUN(for_each);
    RUN(arguments_evaluated_once);
    RUN(all_macros_are_statements);
    RUN(yield_from_values_and_result);
    RUN(send_after_yield_from);
    RUN(yield_from_throw_caught_by_sub);
    RUN(yield_from_error_propagates);
    RUN(yield_from_error_caught_by_outer);
    RUN(yield_from_close_closes_sub_first);
    RUN(yield_from_chain);
    RUN(body_called_by_name);
    RUN(yield_from_odd_subs);
}
