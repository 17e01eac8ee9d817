/* t_gen2.c - where the generator protocol once differed from CPython 3.11:
   the cases test/diff's differential runs found, one test each, with the
   Python program it mirrors above it. Each failed on the code before the fix. */
#include "unit.h"
#include "gen.h"

/* def sub(n):
       if n < 0: raise E(-n)
       for i in range(n): yield i
       return n */
struct sub { gen_int gen; int n, i; };

static int sub_body(gen_int *g)
{
    struct sub *s = GEN_SELF(struct sub, gen, g);
    GEN_BEGIN(g);
    if (s->n < 0)
        GEN_FAIL(g, -s->n, "E");
    for (s->i = 0; s->i < s->n; s->i++)
        GEN_YIELD(g, s->i);
    GEN_RETURN(g, s->n);
    GEN_END(g);
}

static gen_int *sub(struct sub *s, int n)
{
    s->n = n;
    return gen_int_init(&s->gen, sub_body);
}

static void log_code(const char *what, int code)
{
    UNIT_FRAME char buf[24];
    unsigned i = 0;
    while (*what)
        buf[i++] = *what++;
    buf[i++] = ' ';
    if (code < 0) {
        buf[i++] = '-';
        code = -code;
    }
    if (code >= 10)
        buf[i++] = (char)('0' + code / 10 % 10);
    buf[i++] = (char)('0' + code % 10);
    buf[i] = '\0';
    log_add(buf);
}

/* def multi():
       try: yield from sub(-4)
       except E as e: log("caught", e.code)
       try: r = yield from sub(0)
       except E as e: log("caught", e.code)
       else: log("got", r)
       yield 0
       return 1 */
struct multi { gen_int gen; struct sub s; };

static int multi_body(gen_int *g)
{
    struct multi *m = GEN_SELF(struct multi, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM_CATCH(g, sub(&m->s, -4));
    if (gen_caught(g))
        log_code("caught", gen_caught(g)->code);
    GEN_YIELD_FROM_CATCH(g, sub(&m->s, 0));
    if (gen_caught(g))
        log_code("caught", gen_caught(g)->code);
    else
        log_code("got", m->s.gen.result);
    GEN_YIELD(g, 0);
    GEN_RETURN(g, 1);
    GEN_END(g);
}

static void caught_error_not_stale_after_sub_ends_at_once(void)
{
    UNIT_FRAME struct multi m;
    gen_int *g = gen_int_init(&m.gen, multi_body);
    int v = -1;
    log_reset();
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_STR(log_text(), "caught 4 got 0");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(g->result, 1);
}

/* def fcatch():
       try: yield 1
       finally:
           try: yield 2
           except E as e: log("caught in finally", e.code)
       return 3 */
static int fcatch_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_RETURN(g, 3);
    GEN_FINALLY(g);
    GEN_YIELD_CATCH(g, 2);
    if (gen_caught(g))
        log_code("caught-in-finally", gen_caught(g)->code);
    GEN_END(g);
}

static void error_caught_in_finally_keeps_the_pending_one(void)
{
    UNIT_FRAME gen_int gen;
    gen_int *g;
    int v = 0;
    /* next, throw(E(7)), throw(E(9)): the 9 is caught, E(7) goes on */
    log_reset();
    g = gen_int_init(&gen, fcatch_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_int_throw(g, 9, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    CHECK_STR(log_text(), "caught-in-finally 9");
    /* next, close(), throw(E(9)): GeneratorExit goes on */
    log_reset();
    g = gen_int_init(&gen, fcatch_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_int_throw(g, 9, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, GEN_ERROR_EXIT);
    CHECK_STR(log_text(), "caught-in-finally 9");
    /* a normal end: the finally section's caught error is no outcome */
    log_reset();
    g = gen_int_init(&gen, fcatch_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 9, "E", &v), GEN_DONE);
    CHECK_EQ(g->result, 3);
}

/* def ffrom(n):
       try: yield 1
       finally:
           try: yield from sub(n)
           except E as e: log("caught in finally", e.code)
       return 3 */
struct ffrom { gen_int gen; struct sub s; int n; };

static int ffrom_body(gen_int *g)
{
    struct ffrom *f = GEN_SELF(struct ffrom, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_RETURN(g, 3);
    GEN_FINALLY(g);
    GEN_YIELD_FROM_CATCH(g, sub(&f->s, f->n));
    if (gen_caught(g))
        log_code("caught-in-finally", gen_caught(g)->code);
    GEN_END(g);
}

static void error_caught_from_sub_in_finally_keeps_the_pending_one(void)
{
    UNIT_FRAME struct ffrom f;
    gen_int *g;
    int v = 0;
    /* the sub raises at once */
    log_reset();
    f.n = -9;
    g = gen_int_init(&f.gen, ffrom_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(log_text(), "caught-in-finally 9");
    /* the sub yields, then a throw into it is caught by us */
    log_reset();
    f.n = 2;
    g = gen_int_init(&f.gen, ffrom_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_int_throw(g, 8, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(log_text(), "caught-in-finally 8");
}

/* def freturn():
       try:
           x = yield 1
           if x is not None and x < 0: raise E(-x)
       finally:
           log("finally")
           return 5 */
static int freturn_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    if (gen_was_sent(g) && g->sent < 0)
        GEN_FAIL(g, -g->sent, "E");
    GEN_FINALLY(g);
    log_add("finally");
    GEN_RETURN(g, 5);
    GEN_END(g);
}

static void return_in_finally_discards_the_error(void)
{
    UNIT_FRAME gen_int gen;
    gen_int *g;
    int v = 0;
    g = gen_int_init(&gen, freturn_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_DONE);
    CHECK_EQ(g->result, 5);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    g = gen_int_init(&gen, freturn_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_send(g, -3, &v), GEN_DONE);
    CHECK_EQ(g->result, 5);
    /* close: the return ends it as close expects */
    g = gen_int_init(&gen, freturn_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_DONE);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

/* def fignore():
       try: yield 1
       finally:
           yield 2
           return 5 */
static int fignore_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_FINALLY(g);
    GEN_YIELD(g, 2);
    GEN_RETURN(g, 5);
    GEN_END(g);
}

static void ignored_close_then_return(void)
{
    UNIT_FRAME gen_int gen;
    gen_int *g = gen_int_init(&gen, fignore_body);
    int v = 0;
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_state(g), GEN_SUSPENDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE); /* StopIteration(5) */
    CHECK_EQ(g->result, 5);
}

/* def closer_sub():
       try: yield 1; yield 2; return 2
       finally: log("sub fin"); raise E(6)
   def catch_close():
       try: yield from closer_sub()
       except E as e: log("caught", e.code)
       yield 6
   next, close() (RuntimeError: ignored), next: StopIteration, no
   GeneratorExit: the close was caught as E(6) outside any finally */
static int closer_sub_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_YIELD(g, 2);
    GEN_RETURN(g, 2);
    GEN_FINALLY(g);
    log_add("sub-fin");
    GEN_FAIL(g, 6, "E");
    GEN_END(g);
}

struct catch_close { gen_int gen; gen_int sub; };

static int catch_close_body(gen_int *g)
{
    struct catch_close *c = GEN_SELF(struct catch_close, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM_CATCH(g, gen_int_init(&c->sub, closer_sub_body));
    if (gen_caught(g))
        log_code("caught", gen_caught(g)->code);
    GEN_YIELD(g, 6);
    GEN_END(g);
}

static void close_caught_outside_finally_leaves_nothing_pending(void)
{
    UNIT_FRAME struct catch_close c;
    gen_int *g = gen_int_init(&c.gen, catch_close_body);
    int v = 0;
    log_reset();
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_ERROR_IGNORED_CLOSE);
    CHECK_STR(log_text(), "sub-fin caught 6");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

/* Part I: CORO_EXIT inside the finally section returns CORO_DONE, as the
   manual says, even with CORO_FAIL's error pending. */
static int exit_in_finally(coro_t *c)
{
    CORO_BEGIN(c);
    CORO_FAIL(-20);
    CORO_FINALLY();
    CORO_EXIT();
    CORO_END();
}

static void coro_exit_in_finally_is_done(void)
{
    coro_t c;
    coro_init(&c);
    CHECK_EQ(exit_in_finally(&c), CORO_DONE);
    CHECK_EQ(coro_state(&c), CORO_STATE_CLOSED);
}

void t_gen2(void)
{
    RUN(caught_error_not_stale_after_sub_ends_at_once);
    RUN(error_caught_in_finally_keeps_the_pending_one);
    RUN(error_caught_from_sub_in_finally_keeps_the_pending_one);
    RUN(return_in_finally_discards_the_error);
    RUN(ignored_close_then_return);
    RUN(coro_exit_in_finally_is_done);
    RUN(close_caught_outside_finally_leaves_nothing_pending);
}
