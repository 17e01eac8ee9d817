/* t_async2.c - gen.h's async runtime, second part (t_async.c has the first,
   t_async3.c the third, so that each fits a small target): events,
   semaphores, queues, the trace hook, async generators, on the virtual
   clock. */
#include "async_log.h"

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
    UNIT_FRAME struct spinner a, b;
    UNIT_FRAME gen_task_t ta, tb;
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
    UNIT_FRAME struct evwaiter w1, w2;
    UNIT_FRAME gen_async setter;
    UNIT_FRAME gen_task_t t1, t2, ts;
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

/* a waiter cancelled in the middle of the line leaves it; the others keep
   their places */
static void cancelled_waiter_leaves_the_line(void)
{
    UNIT_FRAME struct evwaiter w[4];
    UNIT_FRAME gen_async setter;
    UNIT_FRAME gen_task_t t[4], ts;
    static const char *const names[4] = { "w1", "w2", "w3", "w4" };
    static gen_event_t zero_event;
    int i;
    start();
    event = zero_event;
    for (i = 0; i < 4; i++) {
        w[i].name = names[i];
        gen_spawn(&loop, &t[i], gen_async_init(&w[i].gen, evwaiter_body));
    }
    gen_spawn(&loop, &ts, gen_async_init(&setter, evsetter_body));
    gen_loop_step(&loop);                        /* w1..w4 wait, in that order */
    CHECK_EQ(gen_cancel(&t[1]), 1);              /* one from the middle */
    CHECK_EQ(gen_cancel(&t[3]), 1);              /* and the last */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "set@250 w1@250 w3@250");
    CHECK_EQ(gen_task_error(&t[1])->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(gen_task_error(&t[3])->code, GEN_ERROR_CANCELLED);
}

static void deadlock_is_reported(void)
{
    UNIT_FRAME struct evwaiter w1;
    UNIT_FRAME gen_task_t t1;
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
    UNIT_FRAME struct evwaiter w1;
    UNIT_FRAME gen_task_t t1;
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
    UNIT_FRAME struct worker w[4];
    UNIT_FRAME gen_task_t t[4];
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
    UNIT_FRAME struct worker w[3];
    UNIT_FRAME gen_task_t t[3];
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
    UNIT_FRAME struct producer p;
    UNIT_FRAME struct consumer c;
    UNIT_FRAME gen_task_t tp, tc;
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

/* several getters wait: one item wakes one getter (FIFO), and a getter
   cancelled after an item was handed to it passes the item on */
struct qgetter { gen_async gen; const char *name; int item; };

static int qgetter_body(gen_async *g)
{
    struct qgetter *q = GEN_SELF(struct qgetter, gen, g);
    GEN_BEGIN(g);
    GEN_QUEUE_GET(g, int_queue, &queue, &q->item);
    at(q->name);
    GEN_END(g);
}

static void queue_getters_one_item_each(void)
{
    UNIT_FRAME struct qgetter q[3];
    UNIT_FRAME gen_task_t t[3];
    static const char *const names[3] = { "g1", "g2", "g3" };
    int i;
    start();
    int_queue_init(&queue, qbuf, 2);
    for (i = 0; i < 3; i++) {
        q[i].name = names[i];
        q[i].item = 0;
        gen_spawn(&loop, &t[i], gen_async_init(&q[i].gen, qgetter_body));
    }
    gen_loop_step(&loop);                        /* g1, g2, g3 wait */
    CHECK(int_queue_try_put(&queue, 4));         /* handed to g1 */
    CHECK_EQ(gen_task_state(&t[0]), GEN_TASK_READY);
    CHECK_EQ(gen_task_state(&t[1]), GEN_TASK_WAITING);
    CHECK_EQ(gen_cancel(&t[0]), 1);              /* g1 leaves: the item goes to g2 */
    vclock.ticks = 10;
    gen_loop_step(&loop);                        /* g1 ends; g2 is woken */
    CHECK_EQ(gen_task_state(&t[1]), GEN_TASK_READY);
    CHECK_EQ(gen_task_state(&t[2]), GEN_TASK_WAITING);
    CHECK(int_queue_try_put(&queue, 5));         /* to g3 */
    CHECK(!int_queue_try_put(&queue, 6));        /* full: 4 is g2's, 5 is g3's */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "g2@10 g3@10");
    CHECK_EQ(gen_task_error(&t[0])->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(q[1].item, 4);
    CHECK_EQ(q[2].item, 5);
    CHECK_EQ(int_queue_size(&queue), 0);
}

/* several putters wait on a full queue: one free slot lets one in (FIFO),
   and a putter cancelled after a slot was handed to it passes the slot on */
struct qputter { gen_async gen; const char *name; int item; };

static int qputter_body(gen_async *g)
{
    struct qputter *q = GEN_SELF(struct qputter, gen, g);
    GEN_BEGIN(g);
    GEN_QUEUE_PUT(g, int_queue, &queue, q->item);
    at(q->name);
    GEN_END(g);
}

static void queue_putters_one_slot_each(void)
{
    UNIT_FRAME struct qputter q[3];
    UNIT_FRAME gen_task_t t[3];
    static const char *const names[3] = { "p1", "p2", "p3" };
    int i, x = 0;
    start();
    int_queue_init(&queue, qbuf, 1);
    CHECK(int_queue_try_put(&queue, 1));         /* full */
    for (i = 0; i < 3; i++) {
        q[i].name = names[i];
        q[i].item = i + 2;
        gen_spawn(&loop, &t[i], gen_async_init(&q[i].gen, qputter_body));
    }
    gen_loop_step(&loop);                        /* p1, p2, p3 wait */
    CHECK(int_queue_try_get(&queue, &x));        /* a slot for p1 */
    CHECK_EQ(x, 1);
    CHECK_EQ(gen_task_state(&t[0]), GEN_TASK_READY);
    CHECK_EQ(gen_task_state(&t[1]), GEN_TASK_WAITING);
    CHECK(!int_queue_try_put(&queue, 9));        /* the slot is p1's: no overtaking */
    CHECK_EQ(gen_cancel(&t[0]), 1);              /* p1 leaves: the slot goes to p2 */
    vclock.ticks = 10;
    gen_loop_step(&loop);                        /* p1 ends; p2 is woken */
    CHECK_EQ(gen_task_state(&t[1]), GEN_TASK_READY);
    gen_loop_step(&loop);                        /* p2 puts */
    CHECK_EQ(gen_task_state(&t[2]), GEN_TASK_WAITING);
    CHECK(int_queue_try_get(&queue, &x));        /* p2's item; the slot to p3 */
    CHECK_EQ(x, 3);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "p2@10 p3@10");
    CHECK_EQ(gen_task_error(&t[0])->code, GEN_ERROR_CANCELLED);
    CHECK(int_queue_try_get(&queue, &x));
    CHECK_EQ(x, 4);
    CHECK_EQ(int_queue_size(&queue), 0);
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
    UNIT_FRAME struct isr_reader r;
    UNIT_FRAME gen_task_t t;
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

/* an event and a queue watched for interrupts on one loop: both delivered */
static int two_isr_calls;
static gen_task_t two_isr_tasks[2];
static void two_isr_idle(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    (void)wait;
    if (two_isr_calls++ == 0) {
        int_queue_put_from_isr(&queue, 3);
        gen_event_set_from_isr(&event);
    } else if (two_isr_calls > 10) {             /* nothing came: end the test */
        gen_cancel(&two_isr_tasks[0]);
        gen_cancel(&two_isr_tasks[1]);
    }
}

static void two_watched_on_one_loop(void)
{
    UNIT_FRAME struct evwaiter w;
    UNIT_FRAME struct qgetter q;
    static gen_event_t zero_event;
    start();
    event = zero_event;
    int_queue_init(&queue, qbuf, 2);
    gen_loop_watch(&loop, &event);
    int_queue_watch(&loop, &queue);
    loop.idle = two_isr_idle;
    two_isr_calls = 0;
    w.name = "ev";
    q.name = "q";
    q.item = 0;
    gen_spawn(&loop, &two_isr_tasks[0], gen_async_init(&w.gen, evwaiter_body));
    gen_spawn(&loop, &two_isr_tasks[1], gen_async_init(&q.gen, qgetter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&two_isr_tasks[0]), GEN_DONE);
    CHECK_EQ(gen_task_result(&two_isr_tasks[1]), GEN_DONE);
    CHECK_EQ(q.item, 3);
    CHECK_EQ(two_isr_calls, 1);
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
    UNIT_FRAME struct spinner a;
    UNIT_FRAME gen_task_t ta;
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
    } else {
        GEN_ANEXT(g, u->it, &u->v);
        GEN_ATHROW(g, u->it, 4, "thrown in", &u->v); /* not caught: raised here */
        at("not-reached");
    }
    GEN_END(g);
}

/* mode 3, a function of its own: cc65 names GEN_ASYNC_FOR's label
   gen__body__LINE__ (one per function) */
static int agen_break_body(gen_async *g)
{
    struct agen_user *u = GEN_SELF(struct agen_user, gen, g);
    GEN_BEGIN(g);
    u->it = ticker(&u->tk, 5);
    u->sum = 0;
    GEN_ASYNC_FOR(g, u->it, &u->v) {            /* the body awaits, continues, breaks */
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
    GEN_END(g);
}

static void async_generator(void)
{
    UNIT_FRAME struct agen_user u;
    UNIT_FRAME gen_task_t t;
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
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_break_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.sum, 23);                          /* 0, (1 skipped), 2, 3, break */
    CHECK_STR(log_text(), "body@1010 body@3020 body@4030 agen-close@4030 agen-cleaned@4080 closed@4080");
}

void t_async2(void)
{
    RUN(async_generator);
    RUN(sleep0_round_robin);
    RUN(event_wakes_all_in_order);
    RUN(cancelled_waiter_leaves_the_line);
    RUN(deadlock_is_reported);
    RUN(event_set_from_interrupt);
    RUN(semaphore_fifo);
    RUN(lock_cancelled_waiter_passes_it_on);
    RUN(queue_producer_consumer);
    RUN(queue_getters_one_item_each);
    RUN(queue_putters_one_slot_each);
    RUN(queue_fed_from_interrupt);
    RUN(two_watched_on_one_loop);
    RUN(trace_hook);
}
