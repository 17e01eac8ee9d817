/* t_coro.c - coro.h: the resumable-function core, protothread style. */
#include "unit.h"
#include "coro.h"

/* ---- yield, end, closed stays closed ------------------------------------ */

struct counter { coro_t co; int i, runs; };

static int count3(struct counter *c)
{
    CORO_BEGIN(&c->co);
    c->runs++;
    for (c->i = 0; c->i < 3; c->i++)
        CORO_YIELD();
    CORO_END();
}

static void zero_is_fresh(void)
{
    static struct counter zeroed; /* all zero, whatever coro_t holds */
    struct counter c;
    c = zeroed;
    CHECK_EQ(coro_state(&c.co), CORO_STATE_CREATED);
    CHECK_EQ(count3(&c), CORO_SUSPENDED);
    CHECK_EQ(c.i, 0);
    CHECK_EQ(count3(&c), CORO_SUSPENDED);
    CHECK_EQ(count3(&c), CORO_SUSPENDED);
    CHECK_EQ(count3(&c), CORO_DONE);
    CHECK_EQ(c.i, 3);
    CHECK_EQ(coro_state(&c.co), CORO_STATE_CLOSED);
    /* exhausted every time, without running the body again */
    CHECK_EQ(count3(&c), CORO_DONE);
    CHECK_EQ(count3(&c), CORO_DONE);
    CHECK_EQ(c.runs, 1);
    /* coro_init makes it fresh again */
    coro_init(&c.co);
    CHECK_EQ(count3(&c), CORO_SUSPENDED);
    CHECK_EQ(c.runs, 2);
}

/* ---- wait until / while -------------------------------------------------- */

struct waiter { coro_t co; int flag, evals; };

static int eval_flag(struct waiter *w) { w->evals++; return w->flag; }

static int wait_body(struct waiter *w)
{
    CORO_BEGIN(&w->co);
    log_add("start");
    CORO_WAIT_UNTIL(eval_flag(w));
    log_add("until");
    CORO_WAIT_WHILE(eval_flag(w));
    log_add("while");
    CORO_END();
}

static void wait_until_while(void)
{
    struct waiter w;
    coro_init(&w.co);
    w.flag = 0;
    w.evals = 0;
    CHECK_EQ(wait_body(&w), CORO_SUSPENDED);
    CHECK_EQ(w.evals, 1);                     /* once per call */
    CHECK_EQ(wait_body(&w), CORO_SUSPENDED);
    CHECK_EQ(w.evals, 2);
    w.flag = 1;
    CHECK_EQ(wait_body(&w), CORO_SUSPENDED);  /* until passes, while waits */
    CHECK_EQ(w.evals, 4);
    CHECK_STR(log_text(), "start until");
    w.flag = 0;
    CHECK_EQ(wait_body(&w), CORO_DONE);
    CHECK_STR(log_text(), "start until while");
}

static void wait_already_true(void)
{
    struct waiter w;
    coro_init(&w.co);
    w.flag = 1;
    w.evals = 0;
    w.flag = 1;
    CHECK_EQ(wait_body(&w), CORO_SUSPENDED);  /* until true at once, while waits */
    CHECK_STR(log_text(), "start until");
    CHECK_EQ(w.evals, 2);
}

/* ---- spawn / await, errors, finally -------------------------------------- */

struct child { coro_t co; int steps, fail; };

static int child_body(struct child *c)
{
    CORO_BEGIN(&c->co);
    log_add("c1");
    CORO_YIELD();
    log_add("c2");
    if (c->fail)
        CORO_FAIL(CORO_ERROR_USER - 1);
    CORO_YIELD();
    log_add("c3");
    CORO_FINALLY();
    log_add("cfin");
    CORO_END();
}

struct parent { coro_t co; struct child kid; int spawned; };

static coro_t *count_spawn(struct parent *p)
{
    p->spawned++;
    return &p->kid.co;
}

static int parent_body(struct parent *p)
{
    CORO_BEGIN(&p->co);
    log_add("p1");
    CORO_SPAWN(count_spawn(p), child_body(&p->kid));
    log_add("p2");
    CORO_FINALLY();
    log_add("pfin");
    CORO_END();
}

static void spawn_runs_child(void)
{
    struct parent p;
    int n = 0;
    coro_init(&p.co);
    p.kid.fail = 0;
    p.spawned = 0;
    while (parent_body(&p) == CORO_SUSPENDED)
        n++;
    CHECK_EQ(n, 2);
    CHECK_EQ(p.spawned, 1);                   /* child argument evaluated once */
    CHECK_STR(log_text(), "p1 c1 c2 c3 cfin p2 pfin");
    CHECK_EQ(coro_state(&p.kid.co), CORO_STATE_CLOSED);
}

static void spawn_error_propagates(void)
{
    struct parent p;
    int rc, n = 0;
    coro_init(&p.co);
    p.kid.fail = 1;
    p.spawned = 0;
    while ((rc = parent_body(&p)) == CORO_SUSPENDED)
        n++;
    CHECK_EQ(rc, CORO_ERROR_USER - 1);
    CHECK_EQ(n, 1);
    CHECK_STR(log_text(), "p1 c1 c2 cfin pfin");
    CHECK_EQ(coro_state(&p.co), CORO_STATE_CLOSED);
    CHECK_EQ(parent_body(&p), CORO_DONE);     /* closed: done from now on */
}

struct awaiter { coro_t co; struct child kid; };

static int await_body(struct awaiter *a)
{
    CORO_BEGIN(&a->co);
    CORO_AWAIT(child_body(&a->kid));          /* child initialised by the caller */
    log_add("after");
    CORO_END();
}

static void await_initialised_child(void)
{
    struct awaiter a;
    coro_init(&a.co);
    coro_init(&a.kid.co);
    a.kid.fail = 0;
    CHECK_EQ(await_body(&a), CORO_SUSPENDED);
    CHECK_EQ(await_body(&a), CORO_SUSPENDED);
    CHECK_EQ(await_body(&a), CORO_DONE);
    CHECK_STR(log_text(), "c1 c2 c3 cfin after");
}

/* ---- exit, fail, finally ------------------------------------------------- */

struct ender { coro_t co; int how; };

static int ender_body(struct ender *e)
{
    CORO_BEGIN(&e->co);
    CORO_YIELD();
    if (e->how == 1)
        CORO_EXIT();
    else if (e->how == 2)
        CORO_FAIL(-20);
    log_add("body");
    CORO_FINALLY();
    log_add("fin");
    if (e->how == 3)
        CORO_FAIL(-21);                       /* replaces the outcome */
    if (e->how == 4)
        CORO_YIELD();                         /* a finally section may suspend */
    log_add("fin-end");
    CORO_END();
}

static void exit_fail_finally(void)
{
    struct ender e;
    int how;
    static const char *const logs[] = {
        "body fin fin-end", "fin fin-end", "fin fin-end", "body fin", "body fin fin-end"
    };
    static const int rcs[] = { CORO_DONE, CORO_DONE, -20, -21, CORO_DONE };
    for (how = 0; how < 5; how++) {
        int rc;
        log_reset();
        coro_init(&e.co);
        e.how = how;
        CHECK_EQ(ender_body(&e), CORO_SUSPENDED);
        rc = ender_body(&e);
        if (how == 4) {
            CHECK_EQ(rc, CORO_SUSPENDED);
            CHECK_EQ(coro_state(&e.co), CORO_STATE_SUSPENDED);
            rc = ender_body(&e);
        }
        CHECK_EQ(rc, rcs[how]);
        CHECK_STR(log_text(), logs[how]);
        CHECK_EQ(coro_state(&e.co), CORO_STATE_CLOSED);
    }
}

/* A finally section that suspends. After a normal end it may (how 4
   above), and a CORO_FAIL after the resume finishes at once, without
   running the finally section again. With an error pending it cannot keep
   the error across the suspension (a coro_t is its resume point alone): it
   ends there with the error, after a debug trap that says so. */
struct fin_wait { coro_t co; int fail_first, fail_after; };

static int fin_wait_body(struct fin_wait *f)
{
    CORO_BEGIN(&f->co);
    log_add("body");
    if (f->fail_first)
        CORO_FAIL(-30);
    CORO_FINALLY();
    log_add("fin");
    CORO_YIELD();
    log_add("fin2");
    if (f->fail_after)
        CORO_FAIL(-31);
    log_add("fin3");
    CORO_END();
}

static void finally_that_suspends(void)
{
    struct fin_wait f;
    int traps;
    coro_init(&f.co);
    f.fail_first = 0;
    f.fail_after = 1;
    CHECK_EQ(fin_wait_body(&f), CORO_SUSPENDED);
    CHECK_EQ(fin_wait_body(&f), -31);
    CHECK_STR(log_text(), "body fin fin2");
    CHECK_EQ(coro_state(&f.co), CORO_STATE_CLOSED);
    log_reset();
    coro_init(&f.co);
    f.fail_first = 1;
    f.fail_after = 0;
    traps = unit_traps;
    CHECK_EQ(fin_wait_body(&f), -30);
    CHECK_STR(log_text(), "body fin");
    CHECK_EQ(coro_state(&f.co), CORO_STATE_CLOSED);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    if (CORO_DEBUG)
        CHECK(unit_has(unit_last_trap, "keeps no error across a suspension"));
    CHECK_EQ(fin_wait_body(&f), CORO_DONE);
}

/* The manual's idiom for a cleanup that waits after an error: the error in
   the frame, CORO_EXIT, and CORO_FAIL at the end of the finally section. */
struct kept { coro_t co; int err, busy, released; };

static int kept_body(struct kept *k)
{
    CORO_BEGIN(&k->co);
    k->err = 0;
    CORO_YIELD();
    k->err = -40;                             /* a timeout, say */
    CORO_EXIT();
    CORO_FINALLY();
    CORO_WAIT_UNTIL(!k->busy);                /* may suspend: nothing pending */
    k->released = 1;
    if (k->err)
        CORO_FAIL(k->err);
    CORO_END();
}

static void finally_waits_after_an_error_kept_in_the_frame(void)
{
    struct kept k;
    int traps = unit_traps;
    coro_init(&k.co);
    k.busy = 1;
    k.released = 0;
    CHECK_EQ(kept_body(&k), CORO_SUSPENDED);  /* the yield */
    CHECK_EQ(kept_body(&k), CORO_SUSPENDED);  /* waiting for the bus */
    CHECK_EQ(kept_body(&k), CORO_SUSPENDED);
    k.busy = 0;
    CHECK_EQ(kept_body(&k), -40);
    CHECK_EQ(k.released, 1);
    CHECK_EQ(unit_traps - traps, 0);
    CHECK_EQ(coro_state(&k.co), CORO_STATE_CLOSED);
}

/* ---- restart ------------------------------------------------------------- */

struct restarter { coro_t co; int laps; };

static int restart_body(struct restarter *r)
{
    CORO_BEGIN(&r->co);
    log_add("top");
    CORO_YIELD();
    if (++r->laps < 3)
        CORO_RESTART();
    CORO_END();
}

static void restart(void)
{
    struct restarter r;
    int n = 0;
    coro_init(&r.co);
    r.laps = 0;
    while (restart_body(&r) == CORO_SUSPENDED)
        n++;
    CHECK_EQ(n, 5);
    CHECK_STR(log_text(), "top top top");
}

/* ---- re-entry, state, line ----------------------------------------------- */

struct reentrant { coro_t co; int inner_rc, inner_state, yield_line; };

static int reentrant_body(struct reentrant *r)
{
    CORO_BEGIN(&r->co);
    r->inner_state = coro_state(&r->co);
    r->inner_rc = reentrant_body(r);          /* as an interrupt handler might */
    r->yield_line = __LINE__; CORO_YIELD();
    CORO_END();
}

static void reentry_is_refused(void)
{
    struct reentrant r;
    coro_init(&r.co);
    CHECK_EQ(coro_line(&r.co), 0);
    CHECK_EQ(reentrant_body(&r), CORO_SUSPENDED);
    CHECK_EQ(r.inner_rc, CORO_ERROR_RUNNING);
    CHECK_EQ(r.inner_state, CORO_STATE_RUNNING);
    CHECK_EQ(coro_state(&r.co), CORO_STATE_SUSPENDED);
    /* the line is kept where CORO_TRACK_LINE is on (debug builds) */
    CHECK_EQ(coro_line(&r.co), CORO_TRACK_LINE ? r.yield_line : 0);
    CHECK_EQ(reentrant_body(&r), CORO_DONE);
    CHECK_EQ(coro_line(&r.co), 0);
}

/* ---- every macro is one statement ----------------------------------------- */

struct stmt { coro_t co; int sel, flag; };

static int stmt_body(struct stmt *s)
{
    CORO_BEGIN(&s->co);
    if (s->sel) CORO_YIELD(); else log_add("no-yield");
    if (s->sel) CORO_WAIT_UNTIL(s->flag); else log_add("no-wait");
    if (!s->sel) CORO_EXIT(); else log_add("no-exit");
    log_add("end");
    CORO_END();
}

static void single_statements(void)
{
    struct stmt s;
    coro_init(&s.co);
    s.sel = 0;
    s.flag = 0;
    CHECK_EQ(stmt_body(&s), CORO_DONE);
    CHECK_STR(log_text(), "no-yield no-wait");
    log_reset();
    coro_init(&s.co);
    s.sel = 1;
    CHECK_EQ(stmt_body(&s), CORO_SUSPENDED);
    CHECK_EQ(stmt_body(&s), CORO_SUSPENDED);
    s.flag = 1;
    CHECK_EQ(stmt_body(&s), CORO_DONE);
    CHECK_STR(log_text(), "no-exit end");
}

/* ---- two suspension points on one line (needs __COUNTER__) ---------------- */

#if CORO__HAS_COUNTER
struct twins { coro_t co; };
static int twins_body(struct twins *t)
{
    CORO_BEGIN(&t->co);
    log_add("a"); CORO_YIELD(); log_add("b"); CORO_YIELD(); log_add("c");
    CORO_END();
}
#endif

static void two_yields_one_line(void)
{
#if CORO__HAS_COUNTER
    struct twins t;
    coro_init(&t.co);
    CHECK_EQ(twins_body(&t), CORO_SUSPENDED);
    CHECK_EQ(twins_body(&t), CORO_SUSPENDED);
    CHECK_EQ(twins_body(&t), CORO_DONE);
    CHECK_STR(log_text(), "a b c");
#endif
}

/* ---- a yield inside the user's own switch --------------------------------- */

struct inner { coro_t co; int mode; };

static int inner_switch_body(struct inner *s)
{
    CORO_BEGIN(&s->co);
    switch (s->mode) {
    case 100: /* dense resume numbers start at 1: a small case value here
                 would be a "duplicate case value" compile error instead */
        log_add("before");
        CORO_YIELD();
        log_add("after");
        break;
    default:
        break;
    }
    log_add("end");
    CORO_END();
}

static void yield_in_own_switch(void)
{
    struct inner s;
    int rc;
    coro_init(&s.co);
    s.mode = 100;
    CHECK_EQ(inner_switch_body(&s), CORO_SUSPENDED);
    rc = inner_switch_body(&s);
#ifdef CORO_BACKEND_GOTO
    CHECK_EQ(rc, CORO_DONE);                  /* works with labels as values */
    CHECK_STR(log_text(), "before after end");
    CHECK_EQ(unit_traps, 0);
#else
    CHECK_EQ(rc, CORO_ERROR_LOST);            /* never silent */
    CHECK_STR(log_text(), "before");
    CHECK_EQ(unit_traps, CORO_DEBUG ? 1 : 0);
    if (CORO_DEBUG)
        CHECK(unit_has(unit_last_trap, "yield in your own switch"));
    CHECK_EQ(coro_state(&s.co), CORO_STATE_CLOSED);
    CHECK_EQ(inner_switch_body(&s), CORO_DONE);
#endif
}

/* ---- messages, sizes, configuration --------------------------------------- */

static void strerror_names_each_code(void)
{
    int rc;
    for (rc = -6; rc <= 1; rc++)
        CHECK(coro_strerror(rc) != 0 && coro_strerror(rc)[0] != '\0');
    CHECK(!unit_streq(coro_strerror(CORO_ERROR_RUNNING), coro_strerror(CORO_ERROR_LOST)));
    /* the message also names the other cause: a plain return in the body */
    CHECK(unit_has(coro_strerror(CORO_ERROR_RUNNING), "already executing"));
    CHECK(unit_has(coro_strerror(CORO_ERROR_RUNNING), "plain return"));
    CHECK(unit_has(coro_strerror(CORO_ERROR_UNINIT), "never initialised"));
}

/* a coro_t no coro_init wrote, whose resume point is none of its body's:
   with the switch backend the dispatch lands in its default branch,
   CORO_ERROR_LOST after a debug trap that names both causes; the coroutine
   is closed from then on. (The goto backend would jump to the garbage
   address: the resume point is all a coro_t holds, and it cannot be told
   from a real one. Manual, caveat 9.) */
static void never_initialised_is_told(void)
{
#ifdef CORO_BACKEND_SWITCH
    struct counter c;
    int traps = unit_traps;
    coro_init(&c.co);
    c.runs = 0;
    c.co.pc = (coro__pc_t)0x5A5A; /* no line of this file, no sentinel */
    CHECK_EQ(count3(&c), CORO_ERROR_LOST);
    CHECK_EQ(c.runs, 0);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    if (CORO_DEBUG)
        CHECK(unit_has(unit_last_trap, "never initialised"));
    CHECK_EQ(coro_state(&c.co), CORO_STATE_CLOSED);
    CHECK_EQ(count3(&c), CORO_DONE);
#else
    unit_out("  n/a: never_initialised_is_told: the goto backend cannot tell a garbage resume point\n");
#endif
}

static void line_type_holds_16_bits(void)
{
    coro_line_t big = (coro_line_t)65534u;
    CHECK(sizeof(coro_line_t) >= 2);
    CHECK_EQ((long)big, 65534L);
}

/* A suspension point beyond line 32767: the line must survive a 16-bit int.
   (#line above 32767 needs C99 or C++11. One #line, outside any #if:
   chibicc's preprocessor refuses a #line inside a conditional and numbers
   the lines after it one off. cc65 defines no __STDC_VERSION__ and ignores
   #line, which the test detects and says. The body records its yield's
   __LINE__.) */
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L) || \
    (defined(__cplusplus) && __cplusplus >= 201103L) || defined(__CC65__)
#define FAR_LINE 60000
#else
#define FAR_LINE 30000
#endif
struct far { coro_t co; long yield_line; };
static int far_body(struct far *f);

static void lines_above_32767(void)
{
    struct far f;
    if (!CORO_TRACK_LINE) {
        unit_out("  n/a: lines_above_32767: CORO_TRACK_LINE is 0 (coro_line is 0)\n");
        return;
    }
    coro_init(&f.co);
    f.yield_line = 0;
    CHECK_EQ(far_body(&f), CORO_SUSPENDED);
    CHECK_EQ((long)coro_line(&f.co), f.yield_line);
    if (f.yield_line < FAR_LINE) {
        /* __LINE__ is the physical line: the compiler ignored #line */
        unit_out("  n/a: lines_above_32767: this compiler ignores #line (__LINE__ ");
        unit_num(f.yield_line);
        unit_out(" after #line ");
        unit_num(FAR_LINE);
        unit_out("): no line above 32767 to check\n");
    } else {
        CHECK(f.yield_line < FAR_LINE + 10L);
#if FAR_LINE < 32768
        unit_out("  n/a: lines_above_32767: #line above 32767 needs C99 or C++11\n");
#endif
    }
    CHECK_EQ(far_body(&f), CORO_DONE);
}

void t_coro(void)
{
    RUN(zero_is_fresh);
    RUN(wait_until_while);
    RUN(wait_already_true);
    RUN(spawn_runs_child);
    RUN(spawn_error_propagates);
    RUN(await_initialised_child);
    RUN(exit_fail_finally);
    RUN(finally_that_suspends);
    RUN(finally_waits_after_an_error_kept_in_the_frame);
    RUN(restart);
    RUN(reentry_is_refused);
    RUN(single_statements);
    RUN(two_yields_one_line);
    RUN(yield_in_own_switch);
    RUN(strerror_names_each_code);
    RUN(never_initialised_is_told);
    RUN(line_type_holds_16_bits);
    RUN(lines_above_32767);
}

#line FAR_LINE
static int far_body(struct far *f)
{
    CORO_BEGIN(&f->co);
    f->yield_line = __LINE__; CORO_YIELD();
    CORO_END();
}
