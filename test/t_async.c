/* t_async.c - gen.h's async runtime, first part (t_async2.c to t_async9.c
   have the others, so that each fits a small target): tasks, awaits, gather,
   cancellation, on the virtual clock: the order of events and the virtual
   time at which each happened. */
#define ASYNC_LOG_FETCH
#include "async_log.h"

static void tasks_run_concurrently(void)
{
    /* two 2-second fetches take 2 s, not 4 */
    UNIT_FRAME struct fetch a, b;
    UNIT_FRAME gen_task_t ta, tb;
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
    UNIT_FRAME struct caller c;
    UNIT_FRAME gen_task_t t;
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
    UNIT_FRAME struct fetch f;
    UNIT_FRAME struct joiner j1, j2;
    UNIT_FRAME gen_task_t tf, t1, t2;
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
    at(gen_caught(g) ? gen_caught(g)->msg : (const char *)"gathered");
    GEN_END(g);
}

static void gather_in_order_and_errors(void)
{
    UNIT_FRAME struct fetch f[3];
    UNIT_FRAME gen_task_t t[3], tw;
    UNIT_FRAME gen_task_t *const ts[3] = { &t[0], &t[1], &t[2] };
    UNIT_FRAME struct gatherer w;
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
    UNIT_FRAME struct fetch f[2];
    UNIT_FRAME gen_task_t t[2], tw;
    UNIT_FRAME gen_task_t *const ts[2] = { &t[0], &t[1] };
    UNIT_FRAME struct gatherer w;
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
    UNIT_FRAME struct chain c;
    UNIT_FRAME gen_task_t t;
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

/* ---- init needs no zeroed memory: a loop, tasks and frames full of garbage ------------ */

static void fill_garbage(void *p, size_t n)
{
    unsigned char *b = (unsigned char *)p;
    while (n--)
        *b++ = 0xa5;
}

static void init_needs_no_zeroed_memory(void)
{
    UNIT_FRAME struct fetch f[2];
    UNIT_FRAME struct caller c;
    UNIT_FRAME gen_task_t t[3];
    fill_garbage(&loop, sizeof loop);
    fill_garbage(&vclock, sizeof vclock);
    fill_garbage(f, sizeof f);
    fill_garbage(&c, sizeof c);
    fill_garbage(t, sizeof t);
    start();
    c.catching = 0;
    gen_spawn(&loop, &t[0], fetch(&f[0], "g1", 300, 0));
    gen_spawn(&loop, &t[1], fetch(&f[1], "g2", 200, 0));
    gen_spawn(&loop, &t[2], gen_async_init(&c.gen, caller_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "g1@0 g2@0 call@0 c@0 fetched@200 fetched@300 fetched@1000 back@1000");
    CHECK_EQ(gen_now(&loop), 1000);
    CHECK_EQ(gen_task_result(&t[0]), GEN_DONE);
    CHECK_EQ(gen_task_result(&t[2]), GEN_DONE);
    CHECK_EQ(c.gen.result, 7);
}

void t_async(void)
{
    RUN(tasks_run_concurrently);
    RUN(await_child_value_and_error);
    RUN(join_tasks);
    RUN(gather_in_order_and_errors);
    RUN(gather_cancel_cancels_children);
    RUN(cancel_runs_every_finally);
    RUN(init_needs_no_zeroed_memory);
}
