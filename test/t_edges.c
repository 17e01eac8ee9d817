/* t_edges.c - the runtime at its edges: a gather closed before it ends,
   delays beyond half the time type's range and below zero, and the state
   checks of gen_spawn, gen_cancel and gen_lock_release. Each test failed
   on the code before its fix (the robust-at-the-edges issue, findings 4,
   7 and 8). */
#include "async_log.h"

/* sleeps d, then logs name@time and notes when it woke, and in which
   order (times too large for the log are checked there) */
struct sleeper { gen_async gen; gen_delay_t d; const char *name; gen_time_t woke; int nth; };
static int woken;

static int sleeper_body(gen_async *g)
{
    struct sleeper *z = GEN_SELF(struct sleeper, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, z->d);
    at(z->name);
    z->woke = gen_now(&loop);
    z->nth = ++woken;
    GEN_END(g);
}

static void zero(void *p, size_t n)
{
    unsigned char *b = (unsigned char *)p;
    while (n--)
        *b++ = 0;
}

static gen_async *sleeper(struct sleeper *z, gen_delay_t d, const char *name)
{
    z->d = d;
    z->name = name;
    return gen_async_init(&z->gen, sleeper_body);
}

struct gatherer { gen_async gen; gen_gather_t *ga; gen_task_t *const *tasks; size_t n; };

static int gatherer_body(gen_async *g)
{
    struct gatherer *w = GEN_SELF(struct gatherer, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT(g, gen_gather(w->ga, w->tasks, w->n, 0));
    at("gathered");
    GEN_END(g);
}

/* A gather's awaitable closed before its tasks end leaves none of them
   pointing at its gen_gather_t, which is then reused for another gather:
   that one still waits for its own task (it returned at 100, when the
   first gather's task ended, with its task not done). */
static void gather_closed_early_then_reused(void)
{
    UNIT_FRAME struct sleeper a, b, c;
    UNIT_FRAME gen_task_t ta, tb, tc, tw;
    UNIT_FRAME gen_gather_t ga;
    UNIT_FRAME struct gatherer w;
    static gen_task_t *first[2], *second[1];
    gen_await_t req;
    gen_async *p;
    start();
    first[0] = &ta;
    first[1] = &tb;
    second[0] = &tc;
    gen_spawn(&loop, &ta, sleeper(&a, 100, "a"));
    gen_spawn(&loop, &tb, sleeper(&b, 200, "b"));
    p = gen_gather(&ga, first, 2, 0);
    CHECK_EQ(gen_async_next(p, &req), GEN_YIELDED);  /* waits for a and b */
    CHECK_EQ(gen_close(p), GEN_DONE);                /* given up before they end */
    CHECK(ta.gather == 0 && tb.gather == 0);
    gen_spawn(&loop, &tc, sleeper(&c, 300, "c"));
    w.ga = &ga;
    w.tasks = second;
    w.n = 1;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, gatherer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a@100 b@200 c@300 gathered@300");
}

/* asyncio.sleep(d) with d <= 0 is sleep(0): the task yields once and time
   stays where it is (a negative delay made the virtual clock jump to the
   deadline it wrapped to) */
static void negative_sleep_is_sleep0(void)
{
    UNIT_FRAME struct sleeper a, b;
    UNIT_FRAME gen_task_t ta, tb;
    start();
    gen_spawn(&loop, &ta, sleeper(&a, -5, "a"));
    gen_spawn(&loop, &tb, sleeper(&b, 0, "b"));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a@0 b@0");
    CHECK_EQ(gen_now(&loop), 0);
}

/* half the time type's range, the longest deadline that compares right */
#define HALF ((gen_time_t)((gen_time_t)~(gen_time_t)0 >> 1))

/* A sleep longer than half the time type's range sleeps that long (in
   steps), beside a shorter one; time never goes back. With a gen_time_t
   as wide as gen_delay_t no such delay can be written: the test then
   sleeps the longest one that can, in one step. */
static void sleep_beyond_half_range(void)
{
    UNIT_FRAME struct sleeper a, b;
    UNIT_FRAME gen_task_t ta, tb;
    gen_delay_t d = sizeof(gen_time_t) < sizeof(gen_delay_t)
        ? (gen_delay_t)HALF + 1000 : (gen_delay_t)HALF;
    gen_time_t last;
    start();
    a.woke = b.woke = 0;
    gen_spawn(&loop, &ta, sleeper(&a, d, "long"));
    gen_spawn(&loop, &tb, sleeper(&b, 100, "short"));
    last = gen_now(&loop);
    while (gen_loop_step(&loop)) {
        CHECK(!gen__before(gen_now(&loop), last)); /* never backwards */
        last = gen_now(&loop);
        if (!loop.ready.first && loop.timers) /* the virtual clock's jump */
            vclock.ticks = loop.timers->until;
    }
    CHECK(ta.state == GEN_TASK_DONE && tb.state == GEN_TASK_DONE);
    CHECK(b.woke == 100 && a.woke == (gen_time_t)d);
    CHECK(b.nth < a.nth);
}

/* A delay the time type cannot hold at all (a 16-bit gen_time_t and a
   long delay): a debug trap, then the longest sleep there is. */
static void delay_beyond_time_type(void)
{
    UNIT_FRAME struct sleeper a;
    UNIT_FRAME gen_task_t ta;
    int traps = unit_traps;
    if (sizeof(gen_time_t) >= sizeof(gen_delay_t))
        return; /* every delay fits */
    start();
    a.woke = 0;
    gen_spawn(&loop, &ta, sleeper(&a, (gen_delay_t)(gen_time_t)~(gen_time_t)0 + 1, "a"));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    CHECK(a.woke == (gen_time_t)~(gen_time_t)0);
}

struct evwaiter { gen_async gen; gen_event_t *e; };

static int evwaiter_body(gen_async *g)
{
    struct evwaiter *v = GEN_SELF(struct evwaiter, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, v->e);
    GEN_END(g);
}

struct setter { gen_async gen; gen_event_t *e; gen_time_t set; };

static int setter_body(gen_async *g)
{
    struct setter *s = GEN_SELF(struct setter, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, (gen_delay_t)(HALF - 1)); /* past half the range, in two sleeps */
    GEN_SLEEP(g, 11);
    s->set = gen_now(&loop);
    gen_event_set(s->e);
    GEN_END(g);
}

struct timed { gen_async gen; gen_wait_for_t wf; gen_task_t *t; gen_time_t timeout, at; int code, nth; };

static int timed_body(gen_async *g)
{
    struct timed *m = GEN_SELF(struct timed, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_wait_for(&m->wf, m->t, m->timeout));
    m->at = gen_now(&loop);
    m->nth = ++woken;
    m->code = gen_caught(g) ? gen_caught(g)->code : 0;
    GEN_END(g);
}

/* wait_for with a timeout beyond half the time type's range: the task
   that ends first is waited for, and a task that never ends times out
   exactly at the timeout, beside a short sleep (its deadline looked past
   from there: it timed out at 50) */
static void wait_for_beyond_half_range(void)
{
    UNIT_FRAME gen_event_t e;
    UNIT_FRAME struct evwaiter v;
    UNIT_FRAME struct setter s;
    UNIT_FRAME struct timed m;
    UNIT_FRAME struct sleeper z;
    UNIT_FRAME gen_task_t tv, ts, tm;
    start();
    e.waiters.first = e.waiters.last = 0;
    e.is_set = 0;
    v.e = s.e = &e;
    gen_spawn(&loop, &tv, gen_async_init(&v.gen, evwaiter_body));
    gen_spawn(&loop, &ts, gen_async_init(&s.gen, setter_body));
    m.t = &tv;
    m.timeout = (gen_time_t)(HALF + 100);
    gen_spawn(&loop, &tm, gen_async_init(&m.gen, timed_body));
    m.code = 1;
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK(s.set == (gen_time_t)(HALF + 10));
    CHECK_EQ(m.code, 0);                         /* in time */
    CHECK(m.at == (gen_time_t)(HALF + 10));

    start();
    e.is_set = 0;
    gen_spawn(&loop, &tv, gen_async_init(&v.gen, evwaiter_body));
    m.timeout = (gen_time_t)(HALF + 100);
    m.code = 0;
    gen_spawn(&loop, &tm, gen_async_init(&m.gen, timed_body));
    gen_spawn(&loop, &ts, sleeper(&z, 50, "z"));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(m.code, GEN_ERROR_TIMEOUT);
    CHECK(m.at == (gen_time_t)(HALF + 100));
    CHECK(z.woke == 50 && z.nth < m.nth); /* in time's order */
    CHECK_EQ(gen_task_error(&tv)->code, GEN_ERROR_CANCELLED);
}

/* gen_spawn: a zeroed port ends the task at once with GEN_ERROR_UNINIT
   (it segfaulted at the first loop step); with GEN_SPAWN_CHECK (debug
   builds) a task spawned again while it sleeps, or while it is ready, is
   refused (that hung the loop, or dropped the first frame without its
   finally section) */
static void spawn_checks(void)
{
    UNIT_FRAME gen_async zeroed;
    UNIT_FRAME struct sleeper a, b, c;
    UNIT_FRAME gen_task_t t, u;
    int traps = unit_traps;
    (void)c;
    start();
    zero(&zeroed, sizeof zeroed);
    CHECK_EQ(gen_spawn(&loop, &t, &zeroed), GEN_ERROR_UNINIT);
    CHECK_EQ(gen_task_state(&t), GEN_TASK_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_UNINIT);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);

    traps = unit_traps;
    CHECK_EQ(gen_spawn(&loop, &t, sleeper(&a, 100, "a")), GEN_DONE);
#if GEN_SPAWN_CHECK
    CHECK_EQ(gen_spawn(&loop, &t, sleeper(&c, 50, "c")), GEN_ERROR_RUNNING); /* ready */
#endif
    CHECK_EQ(gen_spawn(&loop, &u, sleeper(&b, 50, "b")), GEN_DONE);
    gen_loop_step(&loop);                                                 /* both sleep */
#if GEN_SPAWN_CHECK
    CHECK_EQ(gen_spawn(&loop, &t, sleeper(&c, 50, "c")), GEN_ERROR_RUNNING);
    CHECK_EQ(unit_traps - traps, 2);
#endif
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "b@50 a@100");
    CHECK_EQ(gen_spawn(&loop, &t, sleeper(&a, 10, "again")), GEN_DONE);   /* done: fine */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "b@50 a@100 again@110");
}

/* gen_cancel of a zeroed task that was never spawned: 0 and a debug trap
   (it segfaulted) */
static void cancel_never_spawned(void)
{
    UNIT_FRAME gen_task_t t;
    int traps = unit_traps;
    zero(&t, sizeof t);
    CHECK_EQ(gen_cancel(&t), 0);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
}

/* A lock released twice lets nobody extra in: the second release is
   GEN_ERROR_VALUE (asyncio: RuntimeError), as is releasing a bounded
   semaphore more often than it was acquired; a plain semaphore may grow */
static void lock_released_twice(void)
{
    UNIT_FRAME gen_lock_t l;
    UNIT_FRAME gen_semaphore_t s;
    int traps = unit_traps;
    gen_lock_init(&l);
    CHECK_EQ(gen_lock_release(&l), GEN_ERROR_VALUE);  /* not held */
    CHECK_EQ(gen_lock_try(&l), 1);
    CHECK_EQ(gen_lock_release(&l), GEN_DONE);
    CHECK_EQ(gen_lock_release(&l), GEN_ERROR_VALUE);  /* twice */
    CHECK_EQ(gen_lock_try(&l), 1);
    CHECK_EQ(gen_lock_try(&l), 0);                    /* one holder only */
    gen_bounded_semaphore_init(&s, 2);
    CHECK_EQ(gen_semaphore_try(&s), 1);
    CHECK_EQ(gen_semaphore_release(&s), GEN_DONE);
    CHECK_EQ(gen_semaphore_release(&s), GEN_ERROR_VALUE);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 3 : 0);
    gen_semaphore_init(&s, 0);
    CHECK_EQ(gen_semaphore_release(&s), GEN_DONE);
    CHECK_EQ(gen_semaphore_release(&s), GEN_DONE);
    CHECK_EQ(s.value, 2);
}

GEN_QUEUE_DECLARE(edge_q, int)

struct putter { gen_async gen; edge_q *q; };

static int putter_body(gen_async *g)
{
    struct putter *p = GEN_SELF(struct putter, gen, g);
    GEN_BEGIN(g);
    GEN_QUEUE_PUT(g, edge_q, p->q, 7);
    GEN_END(g);
}

/* A queue of capacity 0 takes nothing: a debug trap at name_init, then
   try_put refuses and a put waits forever (gen_loop_run: deadlock) */
static void queue_of_capacity_0(void)
{
    UNIT_FRAME edge_q q;
    UNIT_FRAME int slot[1];
    UNIT_FRAME struct putter p;
    UNIT_FRAME gen_task_t t;
    int traps = unit_traps;
    start();
    edge_q_init(&q, slot, 0);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    CHECK_EQ(edge_q_try_put(&q, 1), 0);
    p.q = &q;
    gen_spawn(&loop, &t, gen_async_init(&p.gen, putter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_ERROR_DEADLOCK);
    CHECK_EQ(gen_task_state(&t), GEN_TASK_WAITING);
}

void t_edges(void)
{
    RUN(gather_closed_early_then_reused);
    RUN(negative_sleep_is_sleep0);
    RUN(sleep_beyond_half_range);
    RUN(delay_beyond_time_type);
    RUN(wait_for_beyond_half_range);
    RUN(spawn_checks);
    RUN(cancel_never_spawned);
    RUN(lock_released_twice);
    RUN(queue_of_capacity_0);
}
