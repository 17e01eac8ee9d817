/* t_async7.c - gen.h's async runtime, seventh part (from t_async.c, so
   that each part fits a small target): a task that cancels itself, a task
   that awaits itself, await macros that evaluate their object once, a
   step the loop is refused. */
#define ASYNC_LOG_NAP
#include "async_log.h"

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
    at(gen_caught(g) ? gen_caught(g)->msg : (const char *)"no error");
    GEN_AWAIT_TASK(g, s->me);
    at("not-reached");
    GEN_END(g);
}

static void await_itself(void)
{
    UNIT_FRAME struct selfjoin s;
    UNIT_FRAME gen_task_t t;
    start();
    s.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&s.gen, selfjoin_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);     /* an error, not a deadlock */
    CHECK_STR(log_text(), "a task cannot await itself@0");
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_RUNNING);
}

static void cancel_from_inside(void)
{
    UNIT_FRAME struct selfcancel s;
    UNIT_FRAME gen_task_t t;
    start();
    s.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&s.gen, selfcancel_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_CANCELLED);
    CHECK_STR(log_text(), "cancel-me@0 still-running@0");
    CHECK_EQ(gen_now(&loop), 0);
}

/* ---- the object argument of an await is evaluated once --------------------- */

/* `&objs[f->n++]` picks the next object each time it is evaluated: an
   await that evaluated it again after its wait would wait on one object
   and take from (or test) another */
GEN_QUEUE_DECLARE(q7, int)
static gen_task_t sleepers[2];
static gen_semaphore_t sems[2];
static q7 queues[2];
static int qbuf[2][1];

struct picker { gen_async gen; int n, item; };

static int picker_body(gen_async *g)
{
    struct picker *p = GEN_SELF(struct picker, gen, g);
    GEN_BEGIN(g);
    p->n = 0;
    GEN_AWAIT_TASK(g, &sleepers[p->n++]);        /* the first: done at 10 */
    at("joined");
    p->n = 0;
    GEN_ACQUIRE(g, &sems[p->n++]);               /* the first: released at 30 */
    at("acquired");
    p->n = 0;
    GEN_QUEUE_GET(g, q7, &queues[p->n++], &p->item); /* the first: put at 40 */
    at(p->item == 4 ? "got4" : "got?");
    GEN_END(g);
}

struct helper7 { gen_async gen; };

static int helper7_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 30);
    CHECK_EQ(gen_semaphore_release(&sems[0]), GEN_DONE);
    GEN_SLEEP(g, 10);
    CHECK(q7_try_put(&queues[0], 4));
    GEN_END(g);
}

static void await_evaluates_its_object_once(void)
{
    UNIT_FRAME struct picker p;
    UNIT_FRAME struct helper7 h;
    UNIT_FRAME struct nap n[2];
    UNIT_FRAME gen_task_t tp, th;
    start();
    gen_spawn(&loop, &sleepers[0], nap(&n[0], 10));
    gen_spawn(&loop, &sleepers[1], nap(&n[1], 1000));
    gen_semaphore_init(&sems[0], 0);
    gen_semaphore_init(&sems[1], 5);
    q7_init(&queues[0], qbuf[0], 1);
    q7_init(&queues[1], qbuf[1], 1);
    CHECK(q7_try_put(&queues[1], 9));
    gen_spawn(&loop, &tp, gen_async_init(&p.gen, picker_body));
    gen_spawn(&loop, &th, gen_async_init(&h.gen, helper7_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "joined@10 acquired@30 got4@40");
    CHECK_EQ(p.n, 1);
    CHECK_EQ(sems[0].value, 0);                  /* its permit went to the picker */
    CHECK_EQ(sems[0].granted, 0);
    CHECK_EQ(sems[1].value, 5);                  /* untouched */
    CHECK_EQ(q7_size(&queues[1]), 1);            /* untouched */
}

/* ---- a step the loop is refused ends the task with that code ---------------
   The loop makes the code the task's error, with gen_strerror's message:
   it links only the messages of the codes a step can be refused with.
   (CHECK_STR wants a literal on AVR, whose checks keep it in flash.) */

struct misuse { gen_async gen; int how; };
enum { MISUSE_PLAIN_RETURN, MISUSE_OWN_SWITCH };

static int misuse_body(gen_async *g)
{
    struct misuse *m = GEN_SELF(struct misuse, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP0(g);
    at("resumed");
    if (m->how == MISUSE_PLAIN_RETURN)
        return GEN_YIELDED; /* no suspension macro: the port stays running */
    switch (m->how) {
    case 100: /* a large case value, as t_coro.c's own-switch test */
    default:
        GEN_SLEEP0(g); /* the switch backend cannot come back here */
        at("in-own-switch");
        break;
    }
    GEN_END(g);
}

static void refused_step_ends_the_task(void)
{
    UNIT_FRAME struct misuse m;
    UNIT_FRAME gen_task_t t;
    int traps;

    /* a plain return left the port running: the next step is refused */
    start();
    m.how = MISUSE_PLAIN_RETURN;
    gen_spawn(&loop, &t, gen_async_init(&m.gen, misuse_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "resumed@0");
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_RUNNING);
    CHECK(unit_streq(gen_task_error(&t)->msg, gen_strerror(GEN_ERROR_RUNNING)));

    /* the port's state byte overwritten after the spawn */
    start();
    log_reset();
    traps = unit_traps;
    m.how = MISUSE_PLAIN_RETURN;
    gen_spawn(&loop, &t, gen_async_init(&m.gen, misuse_body));
    m.gen.base.co.state = 0xee;
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    CHECK_STR(log_text(), "");
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_UNINIT);
    CHECK(unit_streq(gen_task_error(&t)->msg, gen_strerror(GEN_ERROR_UNINIT)));

    /* a suspension inside the body's own switch: lost with that backend */
    start();
    log_reset();
    traps = unit_traps;
    m.how = MISUSE_OWN_SWITCH;
    gen_spawn(&loop, &t, gen_async_init(&m.gen, misuse_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
#ifdef CORO_BACKEND_SWITCH
    CHECK_EQ(unit_traps - traps, CORO_DEBUG ? 1 : 0);
    CHECK_STR(log_text(), "resumed@0");
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_LOST);
    CHECK(unit_streq(gen_task_error(&t)->msg, gen_strerror(GEN_ERROR_LOST)));
#else
    CHECK_EQ(unit_traps - traps, 0);
    CHECK_STR(log_text(), "resumed@0 in-own-switch@0");
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
#endif
}

void t_async7(void)
{
    RUN(cancel_from_inside);
    RUN(await_itself);
    RUN(await_evaluates_its_object_once);
    RUN(refused_step_ends_the_task);
}
