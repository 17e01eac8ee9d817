/* t_async4.c - gen.h's async runtime, fourth part (see t_async.c): the
   bounded queue (producer/consumer, waiters served one item or slot each,
   hand-over when a woken waiter is cancelled, an interrupt handler as the
   producer), on the virtual clock. A part of its own so that each fits a
   small target (Z80: 32 KB of code). */
#include "async_log.h"

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

/* an event and a queue watched for interrupts on one loop: both delivered
   (the task waits for the event first, then for the queue) */
static gen_event_t isr_event;
static int two_isr_calls;
static gen_task_t two_isr_task;
static void two_isr_idle(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    (void)wait;
    if (two_isr_calls++ == 0) {
        int_queue_put_from_isr(&queue, 3);
        gen_event_set_from_isr(&isr_event);
    } else if (two_isr_calls > 10) {             /* nothing came: end the test */
        gen_cancel(&two_isr_task);
    }
}

static int event_then_item_body(gen_async *g)
{
    struct qgetter *q = GEN_SELF(struct qgetter, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, &isr_event);
    GEN_QUEUE_GET(g, int_queue, &queue, &q->item);
    at(q->name);
    GEN_END(g);
}

static void two_watched_on_one_loop(void)
{
    UNIT_FRAME struct qgetter q;
    static gen_event_t zero_event;
    start();
    isr_event = zero_event;
    int_queue_init(&queue, qbuf, 2);
    gen_loop_watch(&loop, &isr_event);
    int_queue_watch(&loop, &queue);
    loop.idle = two_isr_idle;
    two_isr_calls = 0;
    q.name = "both";
    q.item = 0;
    gen_spawn(&loop, &two_isr_task, gen_async_init(&q.gen, event_then_item_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&two_isr_task), GEN_DONE);
    CHECK_STR(log_text(), "both@0");
    CHECK_EQ(q.item, 3);
    CHECK_EQ(two_isr_calls, 1);
}

void t_async4(void)
{
    RUN(queue_producer_consumer);
    RUN(queue_getters_one_item_each);
    RUN(queue_putters_one_slot_each);
    RUN(queue_fed_from_interrupt);
    RUN(two_watched_on_one_loop);
}
