/* test/analyze/user.c - a user's file that uses every public macro and
   idiom of coro.h and gen.h, for the static analyzers (test/analyze/run.sh):
   what the headers expand to in a user's code must draw no warning from
   clang --analyze, gcc -fanalyzer or cppcheck. It also builds warning-free
   (C99 and C++) and runs: a sensor station in three parts. It exits 0 when
   every part saw what it expected. */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include <unistd.h>
#include "gen.h"

enum { ERR_OFFLINE = CORO_ERROR_USER, ERR_RESET = CORO_ERROR_USER - 1 };
static int failures; /* checks that did not hold */
static void check(int ok, const char *what)
{
    if (!ok) { failures++; printf("FAIL %s\n", what); }
}

/* ==== coro.h: resumable functions (a debounced button, a blinker) ==== */

struct debounce { coro_t co; int samples; };
static int button_level = 1;

static int debounce(struct debounce *d)
{
    CORO_BEGIN(&d->co);
    for (d->samples = 0; d->samples < 2; d->samples++)
        CORO_WAIT_WHILE(button_level == 0);
    CORO_END();
}

struct blinker { coro_t co; struct debounce press; int n, ticks, restarts, cleanups; };

static int blink(struct blinker *b)
{
    CORO_BEGIN(&b->co);
    for (b->n = 0; b->n < 3; b->n++) {
        CORO_WAIT_UNTIL(b->ticks > b->n);
        CORO_YIELD();
    }
    coro_init(&b->press.co);
    CORO_AWAIT(debounce(&b->press));
    CORO_SPAWN(&b->press.co, debounce(&b->press));
    if (b->restarts++ == 0)
        CORO_RESTART(); /* once more from the top, without the finally section */
    if (b->ticks > 1000)
        CORO_FAIL(ERR_OFFLINE);
    if (b->ticks > 0)
        CORO_EXIT();
    CORO_FINALLY();
    b->cleanups++;
    CORO_END();
}

/* ==== gen.h part I: generators (a running average, a custom port, combinators) ==== */

typedef struct reading { int sensor; long value; } reading;
GEN_DECLARE(gen_reading, reading, int, long) /* yields readings, receives an int, returns long */

struct average { gen_long gen; long total, count; };

/* yields the running mean; send adds a sample; throw ERR_RESET resets it */
static int average_body(gen_long *g)
{
    struct average *a = GEN_SELF(struct average, gen, g);
    GEN_BEGIN(g);
    a->total = a->count = 0;
    for (;;) {
        GEN_YIELD_CATCH(g, a->count ? a->total / a->count : 0);
        if (gen_caught(g)) {                       /* except ... as e: */
            if (gen_caught(g)->code != ERR_RESET)  /* not ours: raise it on */
                GEN_RERAISE(g);
            a->total = a->count = 0;
        } else if (gen_was_sent(g)) {
            a->total += g->sent;
            if (++a->count == 4)
                GEN_RETURN(g, a->total);
        }
    }
    GEN_END(g);
}

struct station { gen_long gen; struct average first, second; int closed; };

/* delegates to two averages in turn */
static int station_body(gen_long *g)
{
    struct station *s = GEN_SELF(struct station, gen, g);
    GEN_BEGIN(g);
    GEN_TRY(g) {                                   /* try: */
        GEN_YIELD_FROM(g, gen_long_init(&s->first.gen, average_body));
        if (s->first.gen.result < 0)
            GEN_FAIL(g, ERR_RESET, "negative");
    } GEN_EXCEPT(g) {                              /* except ... as e: */
        if (gen_caught(g)->code != ERR_RESET)
            GEN_RERAISE(g);
        GEN_YIELD(g, 0);
    } GEN_END_TRY(g);
    GEN_TRY_FINALLY(g) {                           /* try: */
        GEN_YIELD_FROM_CATCH(g, gen_long_init(&s->second.gen, average_body));
    } GEN_FINALLY_BLOCK(g) {                       /* finally: */
        s->closed = 3;                             /* (the finally section sets it again) */
    } GEN_END_FINALLY(g);
    if (gen_caught(g))
        GEN_RETURN(g, gen_caught(g)->code);
    GEN_RETURN(g, s->first.gen.result + s->second.gen.result);
    GEN_FINALLY(g);
    s->closed = gen_closing(g) ? 2 : 1;
    GEN_END(g);
}

struct sensors { gen_reading gen; int i; };

static int sensors_body(gen_reading *g)
{
    struct sensors *f = GEN_SELF(struct sensors, gen, g);
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 3; f->i++) {
        reading r;
        r.sensor = f->i;
        r.value = 100L * f->i;
        GEN_YIELD(g, r);
    }
    GEN_RETURN(g, (long)f->i);
    GEN_END(g);
}

/* x = yield total, inside a loop over a source: doubles each value of
   src and adds what is sent (next: 0) */
struct adder { gen_long gen; gen_long *it; gen_range_t src; long v, x; };

static int adder_body(gen_long *g)
{
    struct adder *a = GEN_SELF(struct adder, gen, g);
    GEN_BEGIN(g);
    GEN_FOR_IN(g, a->v, gen_long, a->it, gen_range(&a->src, 1, 4, 1))
        GEN_YIELD_RECV(g, 2 * a->v + a->x, a->x, 0);
    GEN_END(g);
}

static int halve(void *ctx, long v) { return (int)(v / *(const long *)ctx); }
GEN_MAP_DECLARE(long_halves, gen_long, long, gen_int, int) /* map from long to int */

static long twice(long v) { return 2 * v; }
static int is_odd(long v) { return v % 2 != 0; }

/* a generator function in one declaration: squares of 1..n */
GEN_FUNCTION(gen_long, squares, long n, i;)
{
    GEN_BEGIN(g);
    for (f->i = 1; f->i <= f->n; f->i++)
        GEN_YIELD(g, f->i * f->i);
    GEN_END(g);
}

/* the same with a frame declared by hand */
struct cubes { gen_long gen; long n, i; };
GEN_FUNCTION_FRAME(gen_long, cubes)
{
    GEN_BEGIN(g);
    for (f->i = 1; f->i <= f->n; f->i++)
        GEN_YIELD(g, f->i * f->i * f->i);
    GEN_END(g);
}

static void part_two(void)
{
    struct station st;
    struct sensors se;
    gen_range_t range; gen_count_t count; gen_long_chain_t chain; gen_long_map_t map;
    gen_long_filter_t filter; gen_long_take_t take; gen_long_enumerate_t en; gen_long_zip_t zip;
    gen_range_t r1, r2;
    gen_long_item item;
    gen_long_pair pair;
    reading rd;
    long v = 0, out[8], sum = 0;
    size_t n = 0;
    int rc;

    st.closed = 0;
    gen_long_init(&st.gen, station_body);
    check(gen_long_next(&st.gen, &v) == GEN_YIELDED && gen_state(&st.gen) == GEN_SUSPENDED, "station starts");
    check(gen_line(&st.gen) > 0, "gen_line");
    gen_long_send(&st.gen, 10, &v);
    gen_long_send(&st.gen, 20, &v);
    check(v == 15, "mean of 10 and 20");
    check(gen_long_throw(&st.gen, ERR_RESET, "reset", &v) == GEN_YIELDED && v == 0, "reset caught");
    for (rc = 1; rc <= 4; rc++)
        gen_long_send(&st.gen, rc, &v); /* the fourth ends the first average: on to the second */
    rc = gen_long_throw(&st.gen, ERR_OFFLINE, "offline", &v); /* uncaught there: caught by the station */
    check(rc == GEN_DONE && st.gen.result == ERR_OFFLINE && st.closed == 1, "station ends");

    gen_long_init(&st.gen, station_body);
    gen_long_next(&st.gen, &v);
    check(gen_close(&st.gen) == GEN_DONE && st.closed == 2 && gen_error(&st.gen)->code == 0, "close");
    check(gen_error_code(&st.gen) == 0 && gen_caught_code(&st.gen) == 0, "codes: none");

    GEN_FOR(rd, gen_reading, gen_reading_init(&se.gen, sensors_body))
        sum += rd.value;
    check(sum == 300 && se.gen.result == 3, "custom port");

    sum = 0;
    GEN_FOR(v, gen_long, gen_long_map(&map, gen_long_filter(&filter,
            gen_long_take(&take, gen_long_chain(&chain, gen_range(&range, 0, 5, 1),
                                                gen_count(&count, 100, 1)), 8), is_odd), twice))
        sum += v; /* 1 3 101 -> 2 6 202 */
    check(sum == 210, "chain, take, filter, map");
    GEN_FOR(item, gen_long_items, gen_long_enumerate(&en, gen_range(&r1, 10, 13, 1), 1))
        sum += item.index * item.value;
    GEN_FOR(pair, gen_long_pairs, gen_long_zip(&zip, gen_range(&r1, 0, 3, 1), gen_range(&r2, 5, 0, -1)))
        sum += pair.first * pair.second;
    check(sum == 210 + 68 + 10, "enumerate, zip");
    check(gen_long_collect(gen_range(&r1, 0, 20, 3), out, 8, &n) == GEN_DONE && n == 7, "collect");
    {
        struct squares sq;
        sq.n = 4;
        check(gen_long_collect(squares(&sq), out, 8, &n) == GEN_DONE && n == 4 && out[3] == 16, "GEN_FUNCTION");
        {
            struct cubes cu;
            cu.n = 3;
            check(gen_long_collect(cubes(&cu), out, 8, &n) == GEN_DONE && n == 3 && out[2] == 27, "GEN_FUNCTION_FRAME");
        }
    }

    {
        struct adder ad;
        long_halves_t halves;
        long two = 2;
        int i = 0, isum = 0;
        gen_long_init(&ad.gen, adder_body);
        ad.x = 0;
        check(gen_long_next(&ad.gen, &v) == GEN_YIELDED && v == 2, "for in: 2*1");
        check(gen_long_send(&ad.gen, 5, &v) == GEN_YIELDED && v == 9, "for in, sent: 2*2 + 5");
        check(gen_long_next(&ad.gen, &v) == GEN_YIELDED && v == 6, "for in, next: 2*3 + 0");
        check(gen_long_next(&ad.gen, &v) == GEN_DONE, "for in ends");
        GEN_FOR_RC(i, gen_int, long_halves(&halves, gen_range(&r1, 2, 8, 2), halve, &two), rc)
            isum += i;
        check(isum == 6 && rc == GEN_DONE, "a map from long to int");
    }
}

/* ==== gen.h part III: the async runtime ==== */

GEN_ASYNC_DECLARE(async_long, long)     /* async functions returning long */
GEN_AGEN_DECLARE(agen_long, long)       /* async generators of long */
GEN_AGEN_SEND_DECLARE(agen_tagged, long, const char *) /* ... that asend strings */
GEN_QUEUE_DECLARE(long_queue, long)     /* asyncio.Queue of long */

static gen_loop_t loop;

struct probe { async_long gen; int id; };

/* async def probe(id): sleep, then id * 10, or ERR_OFFLINE for a negative id */
static int probe_body(async_long *g)
{
    struct probe *p = GEN_SELF(struct probe, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1);
    if (p->id < 0)
        GEN_FAIL(g, ERR_OFFLINE, "sensor offline");
    GEN_RETURN(g, p->id * 10L);
    GEN_END(g);
}
static async_long *probe(struct probe *p, int id) { p->id = id; return async_long_init(&p->gen, probe_body); }

struct samples { agen_long gen; struct probe p; int i; long bonus; int *closed; };

/* async def samples(): for i in range(3): yield await probe(i) (+ what asend sent) */
static int samples_body(agen_long *g)
{
    struct samples *s = GEN_SELF(struct samples, gen, g);
    GEN_BEGIN(g);
    s->bonus = 0;
    for (s->i = 0; s->i < 3; s->i++) {
        GEN_AWAIT(g, probe(&s->p, s->i));
        GEN_AYIELD(g, s->p.gen.result + s->bonus);
        s->bonus = gen_was_sent(g) ? g->sent : 0; /* bonus = yield ... */
    }
    GEN_FINALLY(g);
    GEN_SLEEP0(g); /* an awaiting cleanup */
    (*s->closed)++;
    GEN_END(g);
}

struct worker { gen_async gen; long_queue *q; gen_event_t *go; gen_lock_t *lock; long item, sum; int i; };

static int producer_body(gen_async *g)
{
    struct worker *w = GEN_SELF(struct worker, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, w->go);
    for (w->i = 1; w->i <= 5; w->i++)
        GEN_QUEUE_PUT(g, long_queue, w->q, (long)w->i);
    GEN_END(g);
}

static int consumer_body(gen_async *g)
{
    struct worker *w = GEN_SELF(struct worker, gen, g);
    GEN_BEGIN(g);
    for (w->i = 0; w->i < 5; w->i++) {
        GEN_QUEUE_GET(g, long_queue, w->q, &w->item);
        GEN_LOCK(g, w->lock);
        GEN_SLEEP(g, 1);
        w->sum += w->item;
        gen_lock_release(w->lock);
    }
    GEN_END(g);
}

static int sleeper_body(gen_async *g) { GEN_BEGIN(g); GEN_SLEEP(g, 50); GEN_END(g); }

struct main_frame {
    gen_async gen;
    struct samples agen, agen2;
    agen_long *it;
    struct probe p;
    struct worker prod, cons;
    gen_async slow;
    long_queue q;
    long slots[2], v, total;
    gen_event_t go;
    gen_lock_t lock;
    gen_semaphore_t sem;
    gen_task_t task[4], *tasks[2];
    gen_gather_t gather;
    gen_wait_for_t wf;
    int closed;
    int fds[2];
    gen_io_t io;
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    m->total = 0;
    m->closed = 0;
    m->agen.closed = m->agen2.closed = &m->closed;
    m->it = agen_long_init(&m->agen.gen, samples_body);
    GEN_ASYNC_FOR(g, m->it, &m->v)       /* async for v in samples(): */
        m->total += m->v;                /* 0 + 10 + 20 */
    agen_long_init(&m->agen2.gen, samples_body);
    GEN_ANEXT(g, &m->agen2.gen, &m->v);                       /* 0 */
    GEN_ASEND(g, &m->agen2.gen, 5, &m->v);                    /* 10 + 5 */
    m->total += m->v;
    GEN_ACLOSE(g, &m->agen2.gen);
    check(m->total == 45 && m->closed == 2, "async generators");

    GEN_AWAIT(g, probe(&m->p, 4));
    check(m->p.gen.result == 40, "await");
    GEN_AWAIT_CATCH(g, probe(&m->p, -1));
    check(gen_caught(g) && gen_caught(g)->code == ERR_OFFLINE, "await, caught");

    gen_semaphore_init(&m->sem, 1);
    GEN_ACQUIRE(g, &m->sem);
    check(!gen_semaphore_try(&m->sem), "semaphore taken");
    gen_semaphore_release(&m->sem);
    GEN_ASYNC_WITH(g, &m->sem) {                   /* async with sem: */
        check(!gen_semaphore_try(&m->sem), "async with: taken");
    } GEN_END_WITH(g, &m->sem);
    check(gen_semaphore_try(&m->sem), "async with: released");
    gen_semaphore_release(&m->sem);

    long_queue_init(&m->q, m->slots, 2);
    gen_lock_init(&m->lock);
    m->prod.q = m->cons.q = &m->q;
    m->prod.go = m->cons.go = &m->go;
    m->prod.lock = m->cons.lock = &m->lock;
    m->cons.sum = 0;
    gen_spawn(&loop, &m->task[0], gen_async_init(&m->prod.gen, producer_body));
    GEN_SPAWN(g, &m->task[1], gen_async_init(&m->cons.gen, consumer_body)); /* create_task */
    m->tasks[0] = &m->task[0];
    m->tasks[1] = &m->task[1];
    GEN_SLEEP0(g);
    gen_event_set(&m->go);
    GEN_AWAIT(g, gen_gather(&m->gather, m->tasks, 2, 0));
    check(m->cons.sum == 15 && gen_lock_try(&m->lock), "gather, queue, lock");
    gen_lock_release(&m->lock);

    /* timed waits: try: await wait_for(x, t) except TimeoutError */
    GEN_EVENT_WAIT_FOR(g, &m->go, 0);            /* set: no wait */
    check(!gen_timed_out(g), "event set: no timeout");
    gen_event_clear(&m->go);
    GEN_EVENT_WAIT_FOR(g, &m->go, 2);
    check(gen_timed_out(g), "event wait timed out");
    GEN_LOCK_FOR(g, &m->lock, GEN_FOREVER);
    check(!gen_timed_out(g), "lock taken");
    GEN_ACQUIRE_FOR(g, &m->lock, 1);             /* held: times out */
    check(gen_timed_out(g), "lock held: timed out");
    gen_lock_release(&m->lock);
    GEN_QUEUE_PUT_FOR(g, long_queue, &m->q, 7L, 1);
    GEN_QUEUE_GET_FOR(g, long_queue, &m->q, &m->v, 1);
    check(!gen_timed_out(g) && m->v == 7, "queue put and get, in time");
    GEN_QUEUE_GET_FOR(g, long_queue, &m->q, &m->v, 1);
    check(gen_timed_out(g), "queue empty: timed out");

    /* a descriptor: a pipe with a byte in it (gen_run's poll() driver) */
    if (pipe(m->fds) != 0 || write(m->fds[1], "x", 1) != 1)
        GEN_FAIL(g, ERR_OFFLINE, "pipe");
    GEN_WAIT_READABLE(g, &m->io, m->fds[0], 100);
    check(m->io.result == GEN_IO_READY, "readable");
    GEN_WAIT_WRITABLE(g, &m->io, m->fds[1], GEN_FOREVER);
    check(m->io.result == GEN_IO_READY && loop.io && loop.io->waiting == 0 && GEN_FOREVER_WAIT > 0, "writable");
    close(m->fds[0]);
    close(m->fds[1]);

    gen_spawn(&loop, &m->task[2], gen_async_init(&m->slow, sleeper_body));
    GEN_AWAIT_CATCH(g, gen_wait_for(&m->wf, &m->task[2], 5));
    check(gen_caught(g) && gen_caught(g)->code == GEN_ERROR_TIMEOUT, "wait_for times out");
    GEN_AWAIT_TASK(g, &m->task[0]);
    gen_spawn(&loop, &m->task[3], probe(&m->p, -2));
    GEN_AWAIT_TASK_CATCH(g, &m->task[3]);
    if (!gen_caught(g) || gen_caught(g)->code != ERR_OFFLINE)
        GEN_FAIL(g, ERR_RESET, "the task's error was not caught");
    GEN_END(g);
}

struct lone { async_long gen; struct samples agen; int closed; long v; };

/* awaits athrow in an async generator: the error comes back, raised here */
static int lone_body(async_long *g)
{
    struct lone *l = GEN_SELF(struct lone, gen, g);
    GEN_BEGIN(g);
    l->agen.closed = &l->closed;
    agen_long_init(&l->agen.gen, samples_body);
    GEN_ANEXT(g, &l->agen.gen, &l->v);
    GEN_ATHROW(g, &l->agen.gen, ERR_RESET, "reset", &l->v);
    GEN_RETURN(g, l->v);
    GEN_END(g);
}

/* asyncio.run(lone()), in the README's words */
static int run_lone(void)
{
    struct lone frame;
    return gen_run(NULL, async_long_init(&frame.gen, lone_body)) == GEN_ERROR &&
           gen_error(&frame.gen)->code == ERR_RESET;
}

/* a loop of one's own on the host clock, and Task.cancel() */
static int run_cancel(void)
{
    static gen_loop_t own; /* and all it points to outlives the call */
    static gen_clock_t clock;
    static gen_task_t task;
    static gen_async sleeper;
    gen_loop_init(&own, gen_clock_host(&clock));
    own.idle = gen_idle_sleep;
    gen_spawn(&own, &task, gen_async_init(&sleeper, sleeper_body));
    gen_loop_step(&own); /* it runs up to its sleep */
    gen_cancel(&task);
    return gen_loop_run(&own) == GEN_DONE && gen_task_result(&task) == GEN_ERROR &&
           gen_task_error(&task)->code == GEN_ERROR_CANCELLED;
}

/* the small loop: a task that waits for a flag with a deadline, sleeps,
   and one that raises the flag; run on a virtual clock */
static int pt_flag;
struct pt_waiter { gen_pt_t task; int timed_out; };

static int pt_waiter_body(gen_pt_t *t)
{
    struct pt_waiter *w = GEN_SELF(struct pt_waiter, task, t);
    CORO_BEGIN(&t->co);
    GEN_PT_WAIT_UNTIL_FOR(t, pt_flag, 100);
    w->timed_out = gen_pt_timed_out(t);
    GEN_PT_SLEEP(t, 20);
    CORO_END();
}

static int pt_raiser_body(gen_pt_t *t)
{
    CORO_BEGIN(&t->co);
    GEN_PT_SLEEP(t, 0);
    pt_flag = 1;
    CORO_END();
}

static int run_small_loop(void)
{
    static gen_clock_t clock;
    static gen_pt_loop_t pl;
    static struct pt_waiter w;
    static gen_pt_t raiser;
    gen_pt_loop_init(&pl, gen_clock_virtual(&clock));
    gen_pt_spawn(&pl, &w.task, pt_waiter_body);
    gen_pt_spawn(&pl, &raiser, pt_raiser_body);
    return gen_pt_run(&pl) == GEN_DONE && !w.timed_out && gen_pt_done(&w.task) &&
           gen_pt_result(&raiser) == CORO_DONE && clock.ticks == 20;
}

int main(void)
{
    static struct blinker b;        /* frames zeroed (caveat 8) */
    static struct main_frame frame; /* and the event starts clear */
    int rc;

    check(CORO_VERSION == GEN_VERSION &&
          GEN_VERSION == GEN_VERSION_MAJOR * 10000 + GEN_VERSION_MINOR * 100 + GEN_VERSION_PATCH &&
          CORO_VERSION_MAJOR == GEN_VERSION_MAJOR && CORO_VERSION_MINOR == GEN_VERSION_MINOR &&
          CORO_VERSION_PATCH == GEN_VERSION_PATCH, "one release");
    coro_init(&b.co);
    while ((rc = blink(&b)) == CORO_SUSPENDED)
        b.ticks++;
    check(rc == CORO_DONE && b.restarts == 2 && b.cleanups == 1 && coro_state(&b.co) == CORO_STATE_CLOSED,
          coro_strerror(rc));
    part_two();
    rc = gen_run(&loop, gen_async_init(&frame.gen, main_body));
    check(rc == GEN_DONE, gen_strerror(rc));
    check(run_lone(), "athrow");
    check(run_cancel(), "cancel");
    check(run_small_loop(), "small loop");
    printf("%s\n", failures ? "FAIL" : "ok");
    return failures != 0;
}
