/* t_async7.c - gen.h's async runtime, seventh part (from t_async.c, so
   that each part fits a small target): a task that cancels itself, a task
   that awaits itself. */
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

void t_async7(void)
{
    RUN(cancel_from_inside);
    RUN(await_itself);
}
