/* t_async8.c - gen.h's async runtime, eighth part (from t_async.c, so
   that each part fits a small target): the suspended line, a caught
   cancellation, wait_for, the tick clock's wrap-around; semaphores and
   locks (from t_async2.c). */
#define ASYNC_LOG_FETCH
#include "async_log.h"

/* ---- introspection: the line a task waits at, through its awaits ----------------- */

struct liner { gen_async gen; struct fetch child; };
static unsigned liner_sleep_line;

static int liner_body(gen_async *g)
{
    struct liner *l = GEN_SELF(struct liner, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT(g, fetch(&l->child, "x", 100, 0));
    liner_sleep_line = __LINE__ + 1;
    GEN_SLEEP(g, 100);
    GEN_END(g);
}

static void task_line_follows_the_awaits(void)
{
    UNIT_FRAME struct liner l;
    UNIT_FRAME gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&l.gen, liner_body));
    gen_loop_step(&loop);                        /* in the child's sleep */
    CHECK(gen_task_line(&t) > 0);
    CHECK_EQ(gen_task_line(&t), gen_line(&l.child.gen));
    vclock.ticks = 100;
    gen_loop_step(&loop);                        /* the child returned: our own sleep */
    CHECK_EQ(gen_task_line(&t), liner_sleep_line);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_line(&t), 0);              /* done */
}

/* ---- a task that catches its cancellation goes on ------------------------------------ */

struct stubborn { gen_async gen; struct fetch child; };

static int stubborn_body(gen_async *g)
{
    struct stubborn *s = GEN_SELF(struct stubborn, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, fetch(&s->child, "s", 1000, 0));
    if (gen_caught(g))
        at(gen_caught(g)->msg);
    GEN_SLEEP(g, 100);                           /* cancelled once: not again */
    at("went-on");
    GEN_RETURN(g, 3);
    GEN_END(g);
}

static void caught_cancellation_goes_on(void)
{
    UNIT_FRAME struct stubborn s;
    UNIT_FRAME gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&s.gen, stubborn_body));
    gen_loop_step(&loop);
    vclock.ticks = 200;
    CHECK_EQ(gen_cancel(&t), 1);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "s@0 fetch-cleanup@200 CancelledError@200 went-on@300");
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(s.gen.result, 3);
}

/* ---- wait_for -------------------------------------------------------------------- */

struct waiter { gen_async gen; gen_wait_for_t wf; gen_task_t *target; gen_time_t timeout; };

static int waiter_body(gen_async *g)
{
    struct waiter *w = GEN_SELF(struct waiter, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_wait_for(&w->wf, w->target, w->timeout));
    at(gen_caught(g) ? gen_caught(g)->msg : (const char *)"in-time");
    GEN_END(g);
}

static void wait_for_timeout(void)
{
    UNIT_FRAME struct fetch f;
    UNIT_FRAME struct waiter w;
    UNIT_FRAME gen_task_t tf, tw;
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

/* ---- clocks: tick wrap-around --------------------------------------------------- */

static void tick_clock_wraps(void)
{
    UNIT_FRAME gen_clock_t ticks;
    UNIT_FRAME struct fetch f;
    UNIT_FRAME gen_task_t t;
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

/* ---- semaphores and locks -------------------------------------------------------- */

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

void t_async8(void)
{
    RUN(task_line_follows_the_awaits);
    RUN(caught_cancellation_goes_on);
    RUN(wait_for_timeout);
    RUN(tick_clock_wraps);
    RUN(semaphore_fifo);
    RUN(lock_cancelled_waiter_passes_it_on);
}
