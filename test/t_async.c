/* t_async.c - gen.h's async runtime, on the virtual clock: the order of
   events and the virtual time at which each happened. */
#include "unit.h"
#include "gen.h"

static gen_loop_t loop;
static gen_clock_t vclock;

static void start(void)
{
    gen_loop_init(&loop, gen_clock_virtual(&vclock));
}

/* log "what@time" */
static void at(const char *what)
{
    char buf[48];
    unsigned i = 0, n;
    unsigned long t = (unsigned long)gen_now(&loop);
    char digits[24];
    while (*what && i < 30)
        buf[i++] = *what++;
    buf[i++] = '@';
    n = 0;
    do {
        digits[n++] = (char)('0' + (int)(t % 10u));
        t /= 10u;
    } while (t);
    while (n)
        buf[i++] = digits[--n];
    buf[i] = '\0';
    log_add(buf);
}

/* ---- fetch: sleep, return a value, maybe fail ------------------------------ */

GEN_ASYNC_DECLARE(async_str, const char *)

struct fetch { async_str gen; const char *url; gen_time_t delay; int fail; };

static int fetch_body(async_str *g)
{
    struct fetch *f = GEN_SELF(struct fetch, gen, g);
    GEN_BEGIN(g);
    at(f->url);
    GEN_SLEEP(g, f->delay);
    if (f->fail)
        GEN_FAIL(g, 1, "Something went wrong");
    at("fetched");
    GEN_RETURN(g, f->url);
    GEN_FINALLY(g);
    if (gen_closing(g) || gen_error(g)->code == GEN_ERROR_CANCELLED)
        at("fetch-cleanup");
    GEN_END(g);
}

static async_str *fetch(struct fetch *f, const char *url, gen_time_t delay, int fail)
{
    f->url = url;
    f->delay = delay;
    f->fail = fail;
    return async_str_init(&f->gen, fetch_body);
}

static void tasks_run_concurrently(void)
{
    /* two 2-second fetches take 2 s, not 4 */
    struct fetch a, b;
    gen_task_t ta, tb;
    start();
    gen_spawn(&loop, &ta, fetch(&a, "p1", 2000, 0));
    gen_spawn(&loop, &tb, fetch(&b, "p2", 2000, 0));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_now(&loop), 2000);
    CHECK_STR(log_text(), "p1@0 p2@0 fetched@2000 fetched@2000");
    CHECK(gen_task_done(&ta) && gen_task_done(&tb));
    CHECK_EQ(gen_task_result(&ta), GEN_DONE);
    CHECK_STR(a.gen.result, "p1");
    CHECK_STR(b.gen.result, "p2");
}

/* ---- await a child, catch its error ------------------------------------------ */

struct caller { gen_async gen; struct fetch child; int catching; const char *got; };

static int caller_body(gen_async *g)
{
    struct caller *c = GEN_SELF(struct caller, gen, g);
    GEN_BEGIN(g);
    at("call");
    if (c->catching) {
        GEN_AWAIT_CATCH(g, fetch(&c->child, "c", 1000, 1));
        if (gen_caught(g)) {
            at(gen_caught(g)->msg);
            GEN_RETURN(g, -1);
        }
    } else {
        GEN_AWAIT(g, fetch(&c->child, "c", 1000, 0));
    }
    c->got = c->child.gen.result;
    at("back");
    GEN_RETURN(g, 7);
    GEN_END(g);
}

static void await_child_value_and_error(void)
{
    struct caller c;
    gen_task_t t;
    start();
    c.catching = 0;
    gen_spawn(&loop, &t, gen_async_init(&c.gen, caller_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(c.got, "c");
    CHECK_EQ(c.gen.result, 7);
    CHECK_STR(log_text(), "call@0 c@0 fetched@1000 back@1000");
    log_reset();
    start();
    c.catching = 1;
    gen_spawn(&loop, &t, gen_async_init(&c.gen, caller_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(c.gen.result, -1);
    CHECK_STR(log_text(), "call@0 c@0 Something went wrong@1000");
}

/* ---- join, errors through tasks ---------------------------------------------------- */

struct joiner { gen_async gen; gen_task_t *target; int catching; };

static int joiner_body(gen_async *g)
{
    struct joiner *j = GEN_SELF(struct joiner, gen, g);
    GEN_BEGIN(g);
    if (j->catching) {
        GEN_AWAIT_TASK_CATCH(g, j->target);
        if (gen_caught(g))
            at("join-caught");
    } else {
        GEN_AWAIT_TASK(g, j->target);
    }
    at("joined");
    GEN_END(g);
}

static void join_tasks(void)
{
    struct fetch f;
    struct joiner j1, j2;
    gen_task_t tf, t1, t2;
    start();
    gen_spawn(&loop, &tf, fetch(&f, "f", 500, 1));
    j1.target = j2.target = &tf;
    j1.catching = 1;
    j2.catching = 0;
    gen_spawn(&loop, &t1, gen_async_init(&j1.gen, joiner_body));
    gen_spawn(&loop, &t2, gen_async_init(&j2.gen, joiner_body)); /* awaited twice: fine */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&tf), GEN_ERROR);
    CHECK_STR(gen_task_error(&tf)->msg, "Something went wrong");
    CHECK_EQ(gen_task_result(&t1), GEN_DONE);
    CHECK_EQ(gen_task_result(&t2), GEN_ERROR);           /* propagated */
    CHECK_STR(gen_task_error(&t2)->msg, "Something went wrong");
    CHECK_STR(log_text(), "f@0 join-caught@500 joined@500");
}

/* ---- gather ------------------------------------------------------------------ */

struct gatherer { gen_async gen; gen_gather_t ga; gen_task_t *const *tasks; size_t n; int ret_errors; };

static int gatherer_body(gen_async *g)
{
    struct gatherer *w = GEN_SELF(struct gatherer, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_gather(&w->ga, w->tasks, w->n, w->ret_errors));
    at(gen_caught(g) ? gen_caught(g)->msg : "gathered");
    GEN_END(g);
}

static void gather_in_order_and_errors(void)
{
    struct fetch f[3];
    gen_task_t t[3], tw;
    gen_task_t *const ts[3] = { &t[0], &t[1], &t[2] };
    struct gatherer w;
    start();
    gen_spawn(&loop, &t[0], fetch(&f[0], "one", 2000, 0));
    gen_spawn(&loop, &t[1], fetch(&f[1], "two", 1000, 0));
    gen_spawn(&loop, &t[2], fetch(&f[2], "three", 1500, 0));
    w.tasks = ts;
    w.n = 3;
    w.ret_errors = 0;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, gatherer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "one@0 two@0 three@0 fetched@1000 fetched@1500 fetched@2000 gathered@2000");
    CHECK_STR(f[0].gen.result, "one");   /* results in argument order */
    CHECK_STR(f[2].gen.result, "three");
    /* the first error propagates at once; the others keep running */
    log_reset();
    start();
    gen_spawn(&loop, &t[0], fetch(&f[0], "one", 2000, 0));
    gen_spawn(&loop, &t[1], fetch(&f[1], "two", 1000, 1));
    gen_spawn(&loop, &t[2], fetch(&f[2], "three", 1500, 1));
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, gatherer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "one@0 two@0 three@0 Something went wrong@1000 fetched@2000");
    CHECK_EQ(gen_task_result(&t[0]), GEN_DONE);
    /* return_errors: errors come back as results */
    log_reset();
    start();
    gen_spawn(&loop, &t[0], fetch(&f[0], "one", 2000, 0));
    gen_spawn(&loop, &t[1], fetch(&f[1], "two", 1000, 1));
    gen_spawn(&loop, &t[2], fetch(&f[2], "three", 1500, 0));
    w.ret_errors = 1;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, gatherer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "one@0 two@0 three@0 fetched@1500 fetched@2000 gathered@2000");
    CHECK_EQ(gen_task_result(&t[1]), GEN_ERROR);
}

static void gather_cancel_cancels_children(void)
{
    struct fetch f[2];
    gen_task_t t[2], tw;
    gen_task_t *const ts[2] = { &t[0], &t[1] };
    struct gatherer w;
    start();
    gen_spawn(&loop, &t[0], fetch(&f[0], "a", 2000, 0));
    gen_spawn(&loop, &t[1], fetch(&f[1], "b", 3000, 0));
    w.tasks = ts;
    w.n = 2;
    w.ret_errors = 0;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, gatherer_body));
    gen_loop_step(&loop);
    vclock.ticks = 500;
    CHECK_EQ(gen_cancel(&tw), 1);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a@0 b@0 fetch-cleanup@500 fetch-cleanup@500 CancelledError@500");
    CHECK_EQ(gen_task_error(&t[0])->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(gen_task_error(&t[1])->code, GEN_ERROR_CANCELLED);
}

/* ---- cancellation down a chain of awaits --------------------------------------- */

struct chain { gen_async gen; struct caller inner; };

static int chain_body(gen_async *g)
{
    struct chain *c = GEN_SELF(struct chain, gen, g);
    GEN_BEGIN(g);
    c->inner.catching = 0;
    GEN_AWAIT(g, gen_async_init(&c->inner.gen, caller_body));
    at("not-reached");
    GEN_FINALLY(g);
    at("outer-finally");
    GEN_END(g);
}

static void cancel_runs_every_finally(void)
{
    struct chain c;
    gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&c.gen, chain_body));
    gen_loop_step(&loop);
    CHECK_EQ(gen_task_state(&t), GEN_TASK_SLEEPING);
    CHECK(gen_task_line(&t) > 0);                /* the innermost sleep */
    vclock.ticks = 300;
    CHECK_EQ(gen_cancel(&t), 1);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_CANCELLED);
    CHECK_STR(gen_task_error(&t)->msg, "CancelledError");
    CHECK_STR(log_text(), "call@0 c@0 fetch-cleanup@300 outer-finally@300");
    CHECK_EQ(gen_cancel(&t), 0);                  /* already done */
    CHECK_EQ(gen_now(&loop), 300);                /* the 1 s sleep never fired */
}

struct selfcancel { gen_async gen; gen_task_t *me; };

static int selfcancel_body(gen_async *g)
{
    struct selfcancel *s = GEN_SELF(struct selfcancel, gen, g);
    GEN_BEGIN(g);
    at("cancel-me");
    CHECK_EQ(gen_cancel(s->me), 1);
    at("still-running");
    GEN_SLEEP(g, 100);                           /* CancelledError arrives here */
    at("not-reached");
    GEN_END(g);
}

struct selfjoin { gen_async gen; gen_task_t *me; };

static int selfjoin_body(gen_async *g)
{
    struct selfjoin *s = GEN_SELF(struct selfjoin, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_TASK_CATCH(g, s->me);
    at(gen_caught(g) ? gen_caught(g)->msg : "no error");
    GEN_AWAIT_TASK(g, s->me);
    at("not-reached");
    GEN_END(g);
}

static void await_itself(void)
{
    struct selfjoin s;
    gen_task_t t;
    start();
    s.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&s.gen, selfjoin_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);     /* an error, not a deadlock */
    CHECK_STR(log_text(), "a task cannot await itself@0");
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_RUNNING);
}

static void cancel_from_inside(void)
{
    struct selfcancel s;
    gen_task_t t;
    start();
    s.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&s.gen, selfcancel_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_CANCELLED);
    CHECK_STR(log_text(), "cancel-me@0 still-running@0");
    CHECK_EQ(gen_now(&loop), 0);
}

/* ---- wait_for -------------------------------------------------------------------- */

struct waiter { gen_async gen; gen_wait_for_t wf; gen_task_t *target; gen_time_t timeout; };

static int waiter_body(gen_async *g)
{
    struct waiter *w = GEN_SELF(struct waiter, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_wait_for(&w->wf, w->target, w->timeout));
    at(gen_caught(g) ? gen_caught(g)->msg : "in-time");
    GEN_END(g);
}

static void wait_for_timeout(void)
{
    struct fetch f;
    struct waiter w;
    gen_task_t tf, tw;
    start();
    gen_spawn(&loop, &tf, fetch(&f, "slow", 5000, 0));
    w.target = &tf;
    w.timeout = 1000;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, waiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "slow@0 fetch-cleanup@1000 TimeoutError@1000");
    CHECK_EQ(gen_task_error(&tf)->code, GEN_ERROR_CANCELLED);
    log_reset();
    start();
    gen_spawn(&loop, &tf, fetch(&f, "fast", 500, 0));
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, waiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "fast@0 fetched@500 in-time@500");
    CHECK_EQ(gen_now(&loop), 500);               /* the timeout timer was removed */
}

/* ---- sleep(0) is a bare yield: round robin ---------------------------------------- */

struct spinner { gen_async gen; const char *name; int i; };

static int spinner_body(gen_async *g)
{
    struct spinner *s = GEN_SELF(struct spinner, gen, g);
    GEN_BEGIN(g);
    for (s->i = 0; s->i < 3; s->i++) {
        log_add(s->name);
        GEN_SLEEP0(g);
    }
    GEN_END(g);
}

static void sleep0_round_robin(void)
{
    struct spinner a, b;
    gen_task_t ta, tb;
    start();
    a.name = "a";
    b.name = "b";
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, spinner_body));
    gen_spawn(&loop, &tb, gen_async_init(&b.gen, spinner_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a b a b a b");
    CHECK_EQ(gen_now(&loop), 0);
}

/* ---- Event, Semaphore, Queue ---------------------------------------------------- */

static gen_event_t event;

struct evwaiter { gen_async gen; const char *name; };

static int evwaiter_body(gen_async *g)
{
    struct evwaiter *w = GEN_SELF(struct evwaiter, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, &event);
    at(w->name);
    GEN_END(g);
}

static int evsetter_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 250);
    at("set");
    gen_event_set(&event);
    GEN_END(g);
}

static void event_wakes_all_in_order(void)
{
    struct evwaiter w1, w2;
    gen_async setter;
    gen_task_t t1, t2, ts;
    static gen_event_t zero_event;             /* static storage: zeroed */
    start();
    event = zero_event;                          /* zero is a clear event */
    w1.name = "w1";
    w2.name = "w2";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    gen_spawn(&loop, &t2, gen_async_init(&w2.gen, evwaiter_body));
    gen_spawn(&loop, &ts, gen_async_init(&setter, evsetter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "set@250 w1@250 w2@250");
    CHECK(gen_event_is_set(&event));
    gen_event_clear(&event);
    CHECK(!gen_event_is_set(&event));
}

static void deadlock_is_reported(void)
{
    struct evwaiter w1;
    gen_task_t t1;
    start();
    gen_event_clear(&event);
    w1.name = "w1";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_ERROR_DEADLOCK);
    CHECK_EQ(gen_task_state(&t1), GEN_TASK_WAITING);
    gen_event_set(&event);                       /* now it can go on */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "w1@0");
}

/* an "interrupt" that fires while the loop idles: sets the event */
static int idles;
static void isr_idle(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    (void)wait;
    if (++idles == 2)
        gen_event_set_from_isr(&event);          /* as an interrupt handler would */
}

static void event_set_from_interrupt(void)
{
    struct evwaiter w1;
    gen_task_t t1;
    static gen_event_t zero_event;
    start();
    event = zero_event;
    idles = 0;
    loop.idle = isr_idle;
    gen_loop_watch(&loop, &event);
    w1.name = "woken";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);     /* waits in idle, not a deadlock */
    CHECK_EQ(idles, 2);
    CHECK_STR(log_text(), "woken@0");
}

static gen_semaphore_t sem;

struct worker { gen_async gen; const char *name; gen_time_t work; };

static int worker_body(gen_async *g)
{
    struct worker *w = GEN_SELF(struct worker, gen, g);
    GEN_BEGIN(g);
    GEN_ACQUIRE(g, &sem);
    at(w->name);
    GEN_SLEEP(g, w->work);
    gen_semaphore_release(&sem);
    GEN_END(g);
}

static void semaphore_fifo(void)
{
    struct worker w[4];
    gen_task_t t[4];
    static const char *const names[4] = { "w0", "w1", "w2", "w3" };
    int i;
    start();
    gen_semaphore_init(&sem, 2);
    for (i = 0; i < 4; i++) {
        w[i].name = names[i];
        w[i].work = (gen_time_t)(100 * (i + 1));
        gen_spawn(&loop, &t[i], gen_async_init(&w[i].gen, worker_body));
    }
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    /* two at a time, waiters served in arrival order */
    CHECK_STR(log_text(), "w0@0 w1@0 w2@100 w3@200");
    CHECK_EQ(sem.value, 2);
    CHECK(gen_semaphore_try(&sem));
    CHECK(gen_semaphore_try(&sem));
    CHECK(!gen_semaphore_try(&sem));
}

static void lock_cancelled_waiter_passes_it_on(void)
{
    struct worker w[3];
    gen_task_t t[3];
    static const char *const names[3] = { "a", "b", "c" };
    int i;
    start();
    gen_lock_init(&sem);
    for (i = 0; i < 3; i++) {
        w[i].name = names[i];
        w[i].work = 100;
        gen_spawn(&loop, &t[i], gen_async_init(&w[i].gen, worker_body));
    }
    gen_loop_step(&loop);                       /* a holds it, b and c wait */
    vclock.ticks = 100;
    gen_loop_step(&loop);                       /* a releases: handed to b */
    CHECK_EQ(gen_task_state(&t[1]), GEN_TASK_READY);
    gen_cancel(&t[1]);                          /* b is cancelled before it runs */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a@0 c@100");          /* b gave the lock on to c */
    CHECK_EQ(gen_task_error(&t[1])->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(sem.value, 1);
}

GEN_QUEUE_DECLARE(int_queue, int)

static int_queue queue;
static int qbuf[2];

struct producer { gen_async gen; int i; };

static int producer_body(gen_async *g)
{
    struct producer *p = GEN_SELF(struct producer, gen, g);
    GEN_BEGIN(g);
    for (p->i = 1; p->i <= 5; p->i++) {
        GEN_QUEUE_PUT(g, int_queue, &queue, p->i);
        at("put");
    }
    GEN_END(g);
}

struct consumer { gen_async gen; int item, sum; };

static int consumer_body(gen_async *g)
{
    struct consumer *c = GEN_SELF(struct consumer, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_QUEUE_GET(g, int_queue, &queue, &c->item);
        c->sum = c->sum * 10 + c->item;
        at("got");
        GEN_SLEEP(g, 10);
        if (c->item == 5)
            GEN_RETURN(g, c->sum);
    }
    GEN_END(g);
}

static void queue_producer_consumer(void)
{
    struct producer p;
    struct consumer c;
    gen_task_t tp, tc;
    int x = 0;
    start();
    int_queue_init(&queue, qbuf, 2);
    c.sum = 0;
    gen_spawn(&loop, &tc, gen_async_init(&c.gen, consumer_body));
    gen_spawn(&loop, &tp, gen_async_init(&p.gen, producer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(c.gen.result, 12345);               /* FIFO */
    /* as asyncio: put does not yield while there is room */
    CHECK_STR(log_text(), "put@0 put@0 got@0 put@0 got@10 put@10 got@20 put@20 got@30 got@40");
    CHECK_EQ(int_queue_size(&queue), 0);
    CHECK(int_queue_try_put(&queue, 8));
    CHECK(int_queue_try_put(&queue, 9));
    CHECK(!int_queue_try_put(&queue, 10));      /* full: refused, not blocked */
    CHECK(int_queue_try_get(&queue, &x));
    CHECK_EQ(x, 8);
    CHECK(int_queue_try_get(&queue, &x));
    CHECK_EQ(x, 9);
    CHECK(!int_queue_try_get(&queue, &x));
}

/* an interrupt handler feeding the queue while the loop idles */
static int isr_fed, isr_refused;
static void uart_isr_idle(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    (void)wait;
    isr_fed += int_queue_put_from_isr(&queue, 7 + isr_fed);
    if (!int_queue_put_from_isr(&queue, 0) || !int_queue_put_from_isr(&queue, 0))
        isr_refused++;                            /* capacity 2: the third is refused */
}

struct isr_reader { gen_async gen; int item, sum, n; };

static int isr_reader_body(gen_async *g)
{
    struct isr_reader *r = GEN_SELF(struct isr_reader, gen, g);
    GEN_BEGIN(g);
    for (r->n = 0; r->n < 4; r->n++) {
        GEN_QUEUE_GET(g, int_queue, &queue, &r->item);
        r->sum = r->sum * 10 + r->item;
    }
    GEN_END(g);
}

static void queue_fed_from_interrupt(void)
{
    struct isr_reader r;
    gen_task_t t;
    start();
    int_queue_init(&queue, qbuf, 2);
    int_queue_watch(&loop, &queue);
    loop.idle = uart_isr_idle;
    isr_fed = isr_refused = 0;
    r.sum = 0;
    gen_spawn(&loop, &t, gen_async_init(&r.gen, isr_reader_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(r.sum, 7080);                        /* 7 0 8 0, in order */
    CHECK_EQ(isr_fed, 2);
    CHECK_EQ(isr_refused, 2);                     /* full: refused, nothing lost or overwritten */
    CHECK_EQ(int_queue_size(&queue), 0);
}

/* ---- the timer heap under churn: sleeps, cancels, timed waits -------------------- */

enum { NSLEEP = 45 }; /* small enough for 2 KB of RAM */

struct sleeper { gen_async gen; gen_time_t d; gen_time_t woke_at; int order; };

static int wake_count;

static int sleeper_body(gen_async *g)
{
    struct sleeper *z = GEN_SELF(struct sleeper, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, z->d);
    z->woke_at = gen_now(&loop);
    z->order = wake_count++;
    GEN_END(g);
}

static void timer_heap_churn(void)
{
    static struct sleeper z[NSLEEP];
    static gen_task_t t[NSLEEP];
    unsigned long seed = 12345;
    int i, j, bad = 0;
    start();
    wake_count = 0;
    for (i = 0; i < NSLEEP; i++) {
        seed = seed * 1103515245ul + 12345ul;
        z[i].d = (gen_time_t)((seed >> 8) % 50u);          /* many equal deadlines */
        z[i].order = -1;
        gen_spawn(&loop, &t[i], gen_async_init(&z[i].gen, sleeper_body));
    }
    gen_loop_step(&loop);                                  /* all asleep */
    for (i = 0; i < NSLEEP; i += 3)
        gen_cancel(&t[i]);                                 /* remove a third from the heap */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    for (i = 0; i < NSLEEP; i++) {
        if (i % 3 == 0) {
            if (gen_task_error(&t[i])->code != GEN_ERROR_CANCELLED || z[i].order != -1)
                bad++;
            continue;
        }
        if (z[i].woke_at != z[i].d)
            bad++;                                         /* woke exactly on time */
        for (j = 0; j < NSLEEP; j++)                       /* earlier deadline (or same, spawned first) woke first */
            if (j % 3 && (z[j].d < z[i].d || (z[j].d == z[i].d && j < i)) && z[j].order > z[i].order)
                bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(wake_count, NSLEEP - (NSLEEP + 2) / 3);
}

/* ---- clocks: tick wrap-around --------------------------------------------------- */

static void tick_clock_wraps(void)
{
    gen_clock_t ticks;
    struct fetch f;
    gen_task_t t;
    gen_time_t top = (gen_time_t)~(gen_time_t)0;
    int n;
    gen_loop_init(&loop, gen_clock_ticks(&ticks, (gen_time_t)(top - 5u)));
    gen_spawn(&loop, &t, fetch(&f, "w", 10, 0));
    for (n = 0; n < 30 && gen_loop_step(&loop); n++)
        gen_clock_tick(&ticks);                  /* one tick per step, wrapping */
    CHECK(gen_task_done(&t));
    CHECK_EQ(n, 10);                              /* woke 10 ticks later, not at once */
    CHECK_EQ(ticks.ticks, 4);                     /* top - 5 + 10, wrapped */
    CHECK(gen__before(top, (gen_time_t)(top + 1u)));
    CHECK(!gen__before((gen_time_t)(top + 1u), top));
}

/* ---- trace hook ------------------------------------------------------------------ */

static int resumes, suspends, dones;
static void tracer(gen_loop_t *l, gen_task_t *t, int ev)
{
    (void)l;
    (void)t;
    if (ev == GEN_TRACE_RESUME) resumes++;
    if (ev == GEN_TRACE_SUSPEND) suspends++;
    if (ev == GEN_TRACE_DONE) dones++;
}

static void trace_hook(void)
{
    struct spinner a;
    gen_task_t ta;
    start();
    resumes = suspends = dones = 0;
    loop.trace = tracer;
    a.name = "a";
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, spinner_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(resumes, 4);
    CHECK_EQ(suspends, 3);
    CHECK_EQ(dones, 1);
}

/* ---- async generators --------------------------------------------------------- */

GEN_AGEN_DECLARE(agen_int, int)

struct ticker { agen_int gen; int i, n; };

static int ticker_body(agen_int *g)
{
    struct ticker *t = GEN_SELF(struct ticker, gen, g);
    GEN_BEGIN(g);
    for (t->i = 0; t->i < t->n; t->i++) {
        GEN_SLEEP(g, 1000);
        GEN_AYIELD(g, t->i);
        if (gen_was_sent(g))
            t->i += g->sent;
        if (gen_caught(g))
            at("never");
    }
    GEN_FINALLY(g);
    at(gen_closing(g) ? "agen-close" : "agen-end");
    GEN_SLEEP(g, 50);                            /* cleanup may await */
    at("agen-cleaned");
    GEN_END(g);
}

static agen_int *ticker(struct ticker *t, int n)
{
    t->n = n;
    return agen_int_init(&t->gen, ticker_body);
}

struct agen_user { gen_async gen; struct ticker tk; agen_int *it; int v, sum, mode; };

static int agen_user_body(gen_async *g)
{
    struct agen_user *u = GEN_SELF(struct agen_user, gen, g);
    GEN_BEGIN(g);
    u->it = ticker(&u->tk, 5);
    u->sum = 0;
    if (u->mode == 0) {
        GEN_ASYNC_FOR(g, u->it, &u->v) {
            at("value");
            u->sum = u->sum * 10 + u->v;
        }
    } else if (u->mode == 1) {
        GEN_ANEXT(g, u->it, &u->v);
        u->sum = u->v;
        GEN_ASEND(g, u->it, 2, &u->v);           /* skips to 3 */
        u->sum = u->sum * 10 + u->v;
        GEN_ACLOSE(g, u->it);
        at("closed");
    } else if (u->mode == 3) {
        GEN_ASYNC_FOR(g, u->it, &u->v) {        /* the body awaits, continues, breaks */
            if (u->v == 1)
                continue;
            GEN_SLEEP(g, 10);
            at("body");
            u->sum = u->sum * 10 + u->v;
            if (u->v == 3)
                break;
        }
        GEN_ACLOSE(g, u->it);
        at("closed");
    } else {
        GEN_ANEXT(g, u->it, &u->v);
        GEN_ATHROW(g, u->it, 4, "thrown in", &u->v); /* not caught: raised here */
        at("not-reached");
    }
    GEN_END(g);
}

static void async_generator(void)
{
    struct agen_user u;
    gen_task_t t;
    start();
    u.mode = 0;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(u.sum, 1234);                        /* 0 1 2 3 4 */
    CHECK_STR(log_text(), "value@1000 value@2000 value@3000 value@4000 value@5000 agen-end@5000 agen-cleaned@5050");
    log_reset();
    start();
    u.mode = 1;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.sum, 3);                           /* 0, then 3 after asend(2) */
    CHECK_STR(log_text(), "agen-close@2000 agen-cleaned@2050 closed@2050");
    CHECK_EQ(gen_state(u.it), GEN_CLOSED);
    log_reset();
    start();
    u.mode = 2;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_STR(gen_task_error(&t)->msg, "thrown in");
    CHECK_STR(log_text(), "agen-end@1000 agen-cleaned@1050");
    log_reset();
    start();
    u.mode = 3;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.sum, 23);                          /* 0, (1 skipped), 2, 3, break */
    CHECK_STR(log_text(), "body@1010 body@3020 body@4030 agen-close@4030 agen-cleaned@4080 closed@4080");
}

void t_async(void)
{
    RUN(async_generator);
    RUN(tasks_run_concurrently);
    RUN(await_child_value_and_error);
    RUN(join_tasks);
    RUN(gather_in_order_and_errors);
    RUN(gather_cancel_cancels_children);
    RUN(cancel_runs_every_finally);
    RUN(cancel_from_inside);
    RUN(await_itself);
    RUN(wait_for_timeout);
    RUN(sleep0_round_robin);
    RUN(event_wakes_all_in_order);
    RUN(deadlock_is_reported);
    RUN(event_set_from_interrupt);
    RUN(semaphore_fifo);
    RUN(lock_cancelled_waiter_passes_it_on);
    RUN(queue_producer_consumer);
    RUN(queue_fed_from_interrupt);
    RUN(timer_heap_churn);
    RUN(tick_clock_wraps);
    RUN(trace_hook);
}
