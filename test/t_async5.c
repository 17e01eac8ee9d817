/* t_async5.c - where the runtime once differed from CPython 3.11's asyncio:
   one test per case test/diff's differential runs found. Above each test
   is the asyncio program it mirrors; its log, as CPython 3.11 printed it
   on a virtual clock, is the expected string. Each failed on the code
   before the fix. t_async6.c has the rest (each part fits a small target). */
#define ASYNC_LOG_NAP
#include "async_log.h"

/* async def B():
       try: await asyncio.sleep(10)
       except asyncio.CancelledError: at("B-caught"); return 7
   async def A(tb): r = await tb; at("A-after")
   async def X(ta): await asyncio.sleep(1); ta.cancel()
   tb, ta, tx = create_task(B()), create_task(A(tb)), create_task(X(ta))
   -> B-caught@1000 A-after@1000 */
struct fwd { gen_async gen; struct nap n; gen_task_t *other; };

static int fwd_b(gen_async *g)
{
    struct fwd *f = GEN_SELF(struct fwd, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, nap(&f->n, 10000));
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_CANCELLED) {
        at("B-caught");
        GEN_RETURN(g, 7);
    }
    GEN_RETURN(g, 0);
    GEN_END(g);
}

static int fwd_a(gen_async *g)
{
    struct fwd *f = GEN_SELF(struct fwd, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_TASK(g, f->other);
    at("A-after");
    GEN_END(g);
}

static int fwd_x(gen_async *g)
{
    struct fwd *f = GEN_SELF(struct fwd, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    CHECK_EQ(gen_cancel(f->other), 1);
    GEN_END(g);
}

static void cancel_passes_to_the_awaited_task(void)
{
    UNIT_FRAME struct fwd a, b, x;
    UNIT_FRAME gen_task_t ta, tb, tx;
    log_reset();
    start();
    a.other = &tb;
    x.other = &ta;
    gen_spawn(&loop, &tb, gen_async_init(&b.gen, fwd_b));
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, fwd_a));
    gen_spawn(&loop, &tx, gen_async_init(&x.gen, fwd_x));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "B-caught@1000 A-after@1000");
    CHECK_EQ(gen_task_result(&ta), GEN_DONE);
    CHECK_EQ(b.gen.result, 7);
}

/* async def A():
       asyncio.current_task().cancel(); at("A-return"); return 1
   t = create_task(A()); await t  -> A-return@0, then t.cancelled() */
struct selfcancel { gen_async gen; gen_task_t *me; };

static int selfcancel_body(gen_async *g)
{
    struct selfcancel *s = GEN_SELF(struct selfcancel, gen, g);
    GEN_BEGIN(g);
    CHECK_EQ(gen_cancel(s->me), 1);
    at("A-return");
    GEN_RETURN(g, 1);
    GEN_END(g);
}

static void cancelled_while_running_then_returned(void)
{
    UNIT_FRAME struct selfcancel s;
    UNIT_FRAME gen_task_t t;
    log_reset();
    start();
    s.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&s.gen, selfcancel_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "A-return@0");
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_CANCELLED);
}

/* async def X():
       await asyncio.sleep(0)
       try: await asyncio.sleep(0)
       except asyncio.CancelledError: at("X-cancelled")
   async def Y(): await asyncio.sleep(0); await asyncio.sleep(0); at("Y-2")
   async def Z(tx): await asyncio.sleep(0); tx.cancel()
   -> X-cancelled@0 Y-2@0 (X keeps its place in the ready queue) */
struct place { gen_async gen; struct nap n; gen_task_t *other; };

static int place_x(gen_async *g)
{
    struct place *p = GEN_SELF(struct place, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP0(g);
    GEN_AWAIT_CATCH(g, nap(&p->n, 0));
    if (gen_caught(g))
        at("X-cancelled");
    GEN_END(g);
}

static int place_y(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP0(g);
    GEN_SLEEP0(g);
    at("Y-2");
    GEN_END(g);
}

static int place_z(gen_async *g)
{
    struct place *p = GEN_SELF(struct place, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP0(g);
    gen_cancel(p->other);
    GEN_END(g);
}

static void cancel_keeps_a_ready_task_in_its_place(void)
{
    UNIT_FRAME struct place x, y, z;
    UNIT_FRAME gen_task_t tx, ty, tz;
    log_reset();
    start();
    z.other = &tx;
    gen_spawn(&loop, &tx, gen_async_init(&x.gen, place_x));
    gen_spawn(&loop, &ty, gen_async_init(&y.gen, place_y));
    gen_spawn(&loop, &tz, gen_async_init(&z.gen, place_z));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "X-cancelled@0 Y-2@0");
}

/* ev = asyncio.Event()
   async def A(): await ev.wait(); at("A-woke")
   async def B(): ev.set(); ev.clear(); at("B-set-clear")
   -> B-set-clear@0 A-woke@0 */
static gen_event_t ev;

static int event_a(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, &ev);
    at("A-woke");
    GEN_END(g);
}

static int event_b(gen_async *g)
{
    GEN_BEGIN(g);
    gen_event_set(&ev);
    gen_event_clear(&ev);
    at("B-set-clear");
    GEN_END(g);
}

static void event_set_then_cleared_still_wakes(void)
{
    UNIT_FRAME gen_async a, b;
    UNIT_FRAME gen_task_t ta, tb;
    log_reset();
    start();
    ev.is_set = 0; /* static: zeroed, but clear it for a second run */
    ev.waiters.first = ev.waiters.last = 0;
    gen_spawn(&loop, &ta, gen_async_init(&a, event_a));
    gen_spawn(&loop, &tb, gen_async_init(&b, event_b));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "B-set-clear@0 A-woke@0");
}

/* async def C1(): await asyncio.sleep(1)
   async def A(): await asyncio.gather(create_task(C1())); at("A-gathered")
   async def D():
       await asyncio.sleep(1); at("D1"); await asyncio.sleep(0); at("D2")
       await asyncio.sleep(0); at("D3")
   create_task(A()); create_task(D())
   -> D1@1000 D2@1000 D3@1000 A-gathered@1000: the gather's done callback
   takes a pass, then the wake-up another */
struct ga_a { gen_async gen; struct nap c1; gen_task_t tc; gen_task_t *tasks[1]; gen_gather_t ga; };

static int ga_a_body(gen_async *g)
{
    struct ga_a *a = GEN_SELF(struct ga_a, gen, g);
    GEN_BEGIN(g);
    gen_spawn(&loop, &a->tc, nap(&a->c1, 1000));
    a->tasks[0] = &a->tc;
    GEN_AWAIT(g, gen_gather(&a->ga, a->tasks, 1, 0));
    at("A-gathered");
    GEN_END(g);
}

static int ga_d_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    at("D1");
    GEN_SLEEP0(g);
    at("D2");
    GEN_SLEEP0(g);
    at("D3");
    GEN_END(g);
}

static void gather_resumes_after_the_done_callback(void)
{
    UNIT_FRAME struct ga_a a;
    UNIT_FRAME gen_async d;
    UNIT_FRAME gen_task_t ta, td;
    log_reset();
    start();
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, ga_a_body));
    gen_spawn(&loop, &td, gen_async_init(&d, ga_d_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "D1@1000 D2@1000 D3@1000 A-gathered@1000");
}

/* async def C1():
       try:
           for i in range(5): at(f"c{i}"); await asyncio.sleep(0)
       finally: at("c-fin")
   async def A(tc):
       try: await asyncio.gather(tc)
       except asyncio.CancelledError: at("A-cancelled")
   async def X(ta): await asyncio.sleep(0); ta.cancel()
   tc, ta, tx = create_task(C1()), create_task(A(tc)), create_task(X(ta))
   -> c0@0 c1@0 c-fin@0 A-cancelled@0: the child is cancelled at once */
struct gc { gen_async gen; int i; gen_task_t *other; gen_task_t *tasks[1]; gen_gather_t ga; };

static int gc_c1(gen_async *g)
{
    struct gc *c = GEN_SELF(struct gc, gen, g);
    static const char *const names[5] = { "c0", "c1", "c2", "c3", "c4" };
    GEN_BEGIN(g);
    for (c->i = 0; c->i < 5; c->i++) {
        at(names[c->i]);
        GEN_SLEEP0(g);
    }
    GEN_FINALLY(g);
    at("c-fin");
    GEN_END(g);
}

static int gc_a(gen_async *g)
{
    struct gc *a = GEN_SELF(struct gc, gen, g);
    GEN_BEGIN(g);
    a->tasks[0] = a->other;
    GEN_AWAIT_CATCH(g, gen_gather(&a->ga, a->tasks, 1, 0));
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_CANCELLED)
        at("A-cancelled");
    GEN_END(g);
}

static int gc_x(gen_async *g)
{
    struct gc *x = GEN_SELF(struct gc, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP0(g);
    gen_cancel(x->other);
    GEN_END(g);
}

static void gather_cancel_reaches_the_children_at_once(void)
{
    UNIT_FRAME struct gc c, a, x;
    UNIT_FRAME gen_task_t tc, ta, tx;
    log_reset();
    start();
    a.other = &tc;
    x.other = &ta;
    gen_spawn(&loop, &tc, gen_async_init(&c.gen, gc_c1));
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, gc_a));
    gen_spawn(&loop, &tx, gen_async_init(&x.gen, gc_x));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "c0@0 c1@0 c-fin@0 A-cancelled@0");
}

/* async def B(): at("B-start"); await asyncio.sleep(1); at("B-end")
   async def A():
       tb = create_task(B())
       try: await asyncio.wait_for(tb, 0)
       except asyncio.TimeoutError: at("A-timeout")
   -> A-timeout@0: B is cancelled before it ever runs */
struct wf0 { gen_async gen; gen_async b; gen_task_t tb; gen_wait_for_t wf; };

static int wf0_b(gen_async *g)
{
    GEN_BEGIN(g);
    at("B-start");
    GEN_SLEEP(g, 1000);
    at("B-end");
    GEN_END(g);
}

static int wf0_a(gen_async *g)
{
    struct wf0 *a = GEN_SELF(struct wf0, gen, g);
    GEN_BEGIN(g);
    gen_spawn(&loop, &a->tb, gen_async_init(&a->b, wf0_b));
    GEN_AWAIT_CATCH(g, gen_wait_for(&a->wf, &a->tb, 0));
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_TIMEOUT)
        at("A-timeout");
    GEN_END(g);
}

static void wait_for_zero_cancels_at_once(void)
{
    UNIT_FRAME struct wf0 a;
    UNIT_FRAME gen_task_t ta;
    log_reset();
    start();
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, wf0_a));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "A-timeout@0");
}

/* me = None
   async def A():
       try: await me
       except RuntimeError: at("A-runtime")
       except asyncio.CancelledError: at("A-cancelled")
   async def X(ta): ta.cancel()
   me = create_task(A()); await me
   me = create_task(A()); create_task(X(me)); await me
   -> A-runtime@0 A-cancelled@0: the error comes a pass later, and a
   cancellation in between wins */
struct itself { gen_async gen; gen_task_t *me; };

static int itself_a(gen_async *g)
{
    struct itself *s = GEN_SELF(struct itself, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_TASK_CATCH(g, s->me);
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_RUNNING)
        at("A-runtime");
    else if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_CANCELLED)
        at("A-cancelled");
    GEN_END(g);
}

static int itself_x(gen_async *g)
{
    struct itself *s = GEN_SELF(struct itself, gen, g);
    GEN_BEGIN(g);
    gen_cancel(s->me);
    GEN_END(g);
}

static void awaiting_itself_fails_a_pass_later(void)
{
    UNIT_FRAME struct itself a, x;
    UNIT_FRAME gen_task_t ta, tx;
    log_reset();
    start();
    a.me = &ta;
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, itself_a));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    x.me = &ta;
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, itself_a));
    gen_spawn(&loop, &tx, gen_async_init(&x.gen, itself_x));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "A-runtime@0 A-cancelled@0");
}

void t_async5(void)
{
    RUN(cancel_passes_to_the_awaited_task);
    RUN(cancelled_while_running_then_returned);
    RUN(cancel_keeps_a_ready_task_in_its_place);
    RUN(event_set_then_cleared_still_wakes);
    RUN(gather_resumes_after_the_done_callback);
    RUN(gather_cancel_reaches_the_children_at_once);
    RUN(wait_for_zero_cancels_at_once);
    RUN(awaiting_itself_fails_a_pass_later);
}
