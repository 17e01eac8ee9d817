/* t_forms.c - the one-statement forms of Python's generator idioms:
   x = yield v (GEN_YIELD_RECV) and a bare raise in an except branch
   (GEN_RERAISE), one spelling of an ignored close at any depth, for-each
   loops that report the error and may yield inside a body (GEN_FOR_RC,
   GEN_FOR_IN), a generator or async function in one declaration
   (GEN_FUNCTION), with the Python each mirrors above it. */
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

/* def src(n, fail):           # 1..n, then raise E(9) if fail
       yield from range(1, n + 1)
       if fail: raise E(9) */
struct src { gen_int gen; int n, i, fail; };

static int src_body(gen_int *g)
{
    struct src *r = GEN_SELF(struct src, gen, g);
    GEN_BEGIN(g);
    for (r->i = 1; r->i <= r->n; r->i++)
        GEN_YIELD(g, r->i);
    if (r->fail)
        GEN_FAIL(g, 9, "E");
    GEN_END(g);
}

static gen_int *src(struct src *r, int n, int fail)
{
    r->n = n;
    r->fail = fail;
    return gen_int_init(&r->gen, src_body);
}

/* total = 0
   try:
       for v in src(2, True): total += v
   except E: ... */
static void for_rc_reports_the_error(void)
{
    UNIT_FRAME struct src r;
    int v = 0, total = 0, rc = 99;
#if !UNIT_FOR_DECL
    gen_int *p;
#endif
    UNIT_GEN_FOR_RC(v, gen_int, p, src(&r, 2, 1), rc)
        total += v;
    CHECK_EQ(total, 3);
    CHECK_EQ(rc, GEN_ERROR);
    CHECK_EQ(gen_error(&r.gen)->code, 9);
    total = 0;
    UNIT_GEN_FOR_RC(v, gen_int, p, src(&r, 3, 0), rc)
        total += v;
    CHECK_EQ(total, 6);
    CHECK_EQ(rc, GEN_DONE);
}

/* def doubler(it):
       for v in it:
           yield v * 2       # a yield inside the loop */
struct doubler { gen_int gen; struct src s; gen_int *it; int v, fail; };

static int doubler_body(gen_int *g)
{
    struct doubler *d = GEN_SELF(struct doubler, gen, g);
    GEN_BEGIN(g);
    GEN_FOR_IN(g, d->v, gen_int, d->it, src(&d->s, 3, d->fail))
        GEN_YIELD(g, d->v * 2);
    GEN_RETURN(g, 100);
    GEN_END(g);
}

static void for_in_may_yield_and_raises(void)
{
    UNIT_FRAME struct doubler d;
    int v = 0, sum = 0, rc;
    d.fail = 0;
    gen_int_init(&d.gen, doubler_body);
    while ((rc = gen_int_next(&d.gen, &v)) == GEN_YIELDED)
        sum = sum * 10 + v;
    CHECK_EQ(sum, 246);                       /* 2, 4, 6 */
    CHECK_EQ(rc, GEN_DONE);
    CHECK_EQ(d.gen.result, 100);
    d.fail = 1;
    sum = 0;
    gen_int_init(&d.gen, doubler_body);
    while ((rc = gen_int_next(&d.gen, &v)) == GEN_YIELDED)
        sum = sum * 10 + v;
    CHECK_EQ(sum, 246);
    CHECK_EQ(rc, GEN_ERROR);                  /* the source's E(9), raised in the body */
    CHECK_EQ(gen_error(&d.gen)->code, 9);
}

/* def countdown(n, step):
       try:
           while n > 0:
               x = yield n
               n -= step if x is None else x
           return n
       finally:
           log("finally") */
GEN_DECLARE(gen_cd, int, int, int)
static int countdown_finally;
GEN_FUNCTION(gen_cd, countdown, int n; int step; int x;) /* no commas: C++98 */
{
    GEN_BEGIN(g);
    while (f->n > 0) {
        GEN_YIELD_RECV(g, f->n, f->x, f->step);
        f->n -= f->x;
    }
    GEN_RETURN(g, f->n);
    GEN_FINALLY(g);
    countdown_finally++;
    GEN_END(g);
}

static void function_declares_frame_body_and_constructor(void)
{
    UNIT_FRAME struct countdown c;
    gen_cd *g;
    int v = 0;
    c.n = 10;                         /* the arguments are the frame's fields */
    c.step = 3;
    countdown_finally = 0;
    g = countdown(&c);                /* the constructor: a fresh generator */
    CHECK(g == &c.gen);
    CHECK_EQ(gen_state(g), GEN_CREATED);
    CHECK_EQ(gen_cd_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 10);
    CHECK_EQ(gen_cd_next(g, &v), GEN_YIELDED);      /* x = None: the step */
    CHECK_EQ(v, 7);
    CHECK_EQ(gen_cd_send(g, 5, &v), GEN_YIELDED);   /* x = 5 */
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_cd_send(g, 4, &v), GEN_DONE);      /* return -2 */
    CHECK_EQ(g->result, -2);
    CHECK_EQ(countdown_finally, 1);
    /* the same frame again: the constructor starts a fresh one */
    c.n = 1;
    g = countdown(&c);
    CHECK_EQ(gen_cd_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_EQ(gen_close(g), GEN_DONE);               /* close runs finally */
    CHECK_EQ(countdown_finally, 2);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
    /* throw reaches the body: the error comes out, finally first */
    c.n = 3;
    g = countdown(&c);
    CHECK_EQ(gen_cd_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_cd_throw(g, 42, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 42);
    CHECK_EQ(countdown_finally, 3);
}

/* a frame whose body reads no field, and the same frame type used twice
   at once: each frame is its own generator */
GEN_FUNCTION(gen_int, three, int unused;)
{
    GEN_BEGIN(g);
    (void)f; /* after GEN_BEGIN, which declares (cc65 wants declarations first) */
    GEN_YIELD(g, 1);
    GEN_YIELD(g, 2);
    GEN_YIELD(g, 3);
    GEN_END(g);
}

static void function_frames_are_independent(void)
{
    UNIT_FRAME struct three a, b;
    int x = 0, y = 0, sum = 0;
    gen_int *ga = three(&a), *gb = three(&b);
    CHECK_EQ(gen_int_next(ga, &x), GEN_YIELDED);
    CHECK_EQ(gen_int_next(ga, &x), GEN_YIELDED);
    CHECK_EQ(gen_int_next(gb, &y), GEN_YIELDED);
    CHECK_EQ(x, 2);
    CHECK_EQ(y, 1);
#if UNIT_FOR_DECL
    GEN_FOR(x, gen_int, three(&a))                  /* a again, from the start */
        sum += x;
#else
    {
        gen_int *p;
        UNIT_GEN_FOR(x, gen_int, p, three(&a))
            sum += x;
    }
#endif
    CHECK_EQ(sum, 6);
}

/* a frame declared by hand, taken by a helper declared before the body */
struct summer { gen_int gen; int n; int total; };
static void summer_add(struct summer *s, int x) { s->total += x; }
GEN_FUNCTION_FRAME(gen_int, summer)
{
    GEN_BEGIN(g);
    for (f->total = 0; f->n > 0; f->n--) {
        summer_add(f, f->n);
        GEN_YIELD(g, f->total);
    }
    GEN_END(g);
}

static void function_frame_of_your_own(void)
{
    UNIT_FRAME struct summer s;
    int v = 0;
    gen_int *g;
    s.n = 3;
    g = summer(&s);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 5);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 6);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
}

#ifndef GEN_NO_ASYNC
/* async def child(delay): await asyncio.sleep(delay); return delay * 2
   async def parent(): r = await child(5); log(r, now) */
GEN_FUNCTION(gen_async, child, int delay;)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, (gen_delay_t)f->delay);
    GEN_RETURN(g, f->delay * 2);
    GEN_END(g);
}

static int parent_result;
static unsigned long parent_time;
static gen_loop_t forms_loop;
GEN_FUNCTION(gen_async, parent, struct child kid;)
{
    GEN_BEGIN(g);
    f->kid.delay = 5;
    GEN_AWAIT(g, child(&f->kid));
    parent_result = f->kid.gen.result;
    parent_time = (unsigned long)gen_now(&forms_loop);
    GEN_END(g);
}

static void function_async_awaits_a_child(void)
{
    UNIT_FRAME struct parent p;
    UNIT_FRAME gen_clock_t clock;
    UNIT_FRAME gen_task_t task;
    parent_result = 0;
    parent_time = 0;
    gen_loop_init(&forms_loop, gen_clock_virtual(&clock));
    CHECK_EQ(gen_spawn(&forms_loop, &task, parent(&p)), 0);
    CHECK_EQ(gen_loop_run(&forms_loop), GEN_DONE);
    CHECK_EQ(gen_task_state(&task), GEN_TASK_DONE);
    CHECK_EQ(parent_result, 10);
    CHECK_EQ(parent_time, 5);
}

/* async def kid(n): log(f"kid{n}"); await asyncio.sleep(n); return n
   async def boss():
       t = [asyncio.create_task(kid(1)), asyncio.create_task(kid(2))]
       log("spawned")            # create_task does not yield: before the kids
       r = await asyncio.gather(*t)
       log("gathered", now)
   spawned kid1 kid2, gathered at 2, results 1 and 2 */
GEN_FUNCTION(gen_async, kid, int n;)
{
    GEN_BEGIN(g);
    log_add(f->n == 1 ? "kid1" : "kid2");
    GEN_SLEEP(g, (gen_delay_t)f->n);
    GEN_RETURN(g, f->n);
    GEN_END(g);
}

GEN_FUNCTION(gen_async, boss, struct kid k[2]; gen_task_t t[2]; gen_gather_t ga; int i;)
{
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 2; f->i++) {
        f->k[f->i].n = f->i + 1;
        GEN_SPAWN(g, &f->t[f->i], kid(&f->k[f->i]));
    }
    log_add("spawned");
    GEN_AWAIT(g, gen_gather_of(&f->ga, f->t, 2, 0));
    parent_time = (unsigned long)gen_now(&forms_loop);
    GEN_END(g);
}

static void spawn_inside_a_task_goes_on_in_the_same_step(void)
{
    UNIT_FRAME struct boss b;
    UNIT_FRAME gen_clock_t clock;
    UNIT_FRAME gen_task_t task;
    log_reset();
    parent_time = 0;
    gen_loop_init(&forms_loop, gen_clock_virtual(&clock));
    CHECK_EQ(gen_spawn(&forms_loop, &task, boss(&b)), 0);
    CHECK_EQ(gen_loop_run(&forms_loop), GEN_DONE);
    CHECK_EQ(gen_task_state(&task), GEN_TASK_DONE);
    CHECK_STR(log_text(), "spawned kid1 kid2");
    CHECK_EQ(parent_time, 2);
    CHECK_EQ(b.k[0].gen.result, 1);
    CHECK_EQ(b.k[1].gen.result, 2);
    CHECK_EQ(gen_task_result(&b.t[1]), GEN_DONE);
}
#else
static void function_async_awaits_a_child(void)
{
    unit_out("  n/a: function_async_awaits_a_child: built with GEN_NO_ASYNC (no runtime)\n");
}
static void spawn_inside_a_task_goes_on_in_the_same_step(void)
{
    unit_out("  n/a: spawn_inside_a_task_goes_on_in_the_same_step: built with GEN_NO_ASYNC (no runtime)\n");
}
#endif

void t_forms(void)
{
    RUN(yield_recv_takes_sent_or_default);
    RUN(reraise_raises_the_caught_error);
    RUN(reraise_with_nothing_caught_is_runtime_error);
    RUN(ignored_close_has_one_spelling);
    RUN(for_rc_reports_the_error);
    RUN(for_in_may_yield_and_raises);
    RUN(function_declares_frame_body_and_constructor);
    RUN(function_frames_are_independent);
    RUN(function_frame_of_your_own);
    RUN(function_async_awaits_a_child);
    RUN(spawn_inside_a_task_goes_on_in_the_same_step);
}
