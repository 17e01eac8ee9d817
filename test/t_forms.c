/* t_forms.c - the one-statement forms of Python's generator idioms:
   x = yield v (GEN_YIELD_RECV) and a bare raise in an except branch
   (GEN_RERAISE), and one spelling of an ignored close at any depth, with
   the Python each mirrors above it. */
#include "unit.h"
#include "gen.h"

/* def acc():
       total = 0
       while True:
           x = yield total
           total += -1 if x is None else x */
struct acc { gen_int gen; int total, x; };

static int acc_body(gen_int *g)
{
    struct acc *a = GEN_SELF(struct acc, gen, g);
    GEN_BEGIN(g);
    a->total = 0;
    for (;;) {
        GEN_YIELD_RECV(g, a->total, a->x, -1);
        a->total += a->x;
    }
    GEN_END(g);
}

static void yield_recv_takes_sent_or_default(void)
{
    UNIT_FRAME struct acc a;
    int v = 0;
    gen_int *g = gen_int_init(&a.gen, acc_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_int_send(g, 5, &v), GEN_YIELDED);   /* x = 5 */
    CHECK_EQ(v, 5);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);      /* x = None: -1 */
    CHECK_EQ(v, 4);
    CHECK_EQ(gen_int_send(g, 10, &v), GEN_YIELDED);
    CHECK_EQ(v, 14);
    CHECK_EQ(gen_close(g), GEN_DONE);
}

/* def rr(log):
       try:
           yield 1
       except E:
           log.append("caught")
           raise
       finally:
           log.append("finally") */
struct rr { gen_int gen; int caught, finally, bare; };

static int rr_body(gen_int *g)
{
    struct rr *r = GEN_SELF(struct rr, gen, g);
    GEN_BEGIN(g);
    if (r->bare)
        GEN_RERAISE(g); /* nothing caught: RuntimeError */
    GEN_YIELD_CATCH(g, 1);
    if (gen_caught(g)) {
        r->caught++;
        GEN_RERAISE(g);
    }
    GEN_YIELD(g, 2);
    GEN_FINALLY(g);
    r->finally++;
    GEN_END(g);
}

static void reraise_raises_the_caught_error(void)
{
    UNIT_FRAME struct rr r;
    int v = 0;
    gen_int *g;
    r.caught = r.finally = r.bare = 0;
    g = gen_int_init(&r.gen, rr_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(gen_error(g)->msg, "E");
    CHECK_EQ(r.caught, 1);
    CHECK_EQ(r.finally, 1);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

static void reraise_with_nothing_caught_is_runtime_error(void)
{
    UNIT_FRAME struct rr r;
    int v = 0;
    gen_int *g;
    r.caught = r.finally = 0;
    r.bare = 1;
    g = gen_int_init(&r.gen, rr_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, GEN_ERROR_RUNNING);
    CHECK_STR(gen_error(g)->msg, "No active exception to reraise");
    CHECK_EQ(r.finally, 1);
}

/* def stubborn():
       try: yield 1
       finally: yield 2          # ignores GeneratorExit
   def outer():
       yield from stubborn()
   o = outer(); next(o); o.close()   # RuntimeError, o closed */
static int stubborn_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_FINALLY(g);
    GEN_YIELD(g, 2);
    GEN_END(g);
}

struct outer { gen_int gen; gen_int sub; };

static int outer_body(gen_int *g)
{
    struct outer *o = GEN_SELF(struct outer, gen, g);
    GEN_BEGIN(g);
    GEN_YIELD_FROM(g, gen_int_init(&o->sub, stubborn_body));
    GEN_END(g);
}

static void ignored_close_has_one_spelling(void)
{
    UNIT_FRAME struct outer o;
    UNIT_FRAME gen_int s;
    int v = 0;
    /* at the top: suspended in its finally section */
    gen_int_init(&s, stubborn_body);
    CHECK_EQ(gen_int_next(&s, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(&s), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_state(&s), GEN_SUSPENDED);
    /* one level down: the same result; the delegator has ended with it */
    gen_int_init(&o.gen, outer_body);
    CHECK_EQ(gen_int_next(&o.gen, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(&o.gen), GEN_ERROR_IGNORED_CLOSE);
    CHECK_EQ(gen_state(&o.gen), GEN_CLOSED);
    CHECK_EQ(gen_error(&o.gen)->code, GEN_ERROR_IGNORED_CLOSE);
}

void t_forms(void)
{
    RUN(yield_recv_takes_sent_or_default);
    RUN(reraise_raises_the_caught_error);
    RUN(reraise_with_nothing_caught_is_runtime_error);
    RUN(ignored_close_has_one_spelling);
}
