/* t_async6.c - more of t_async5.c: where the runtime once differed from
   CPython 3.11's asyncio, one test per case test/diff's differential runs
   found, the asyncio program and its log (CPython 3.11, virtual clock)
   above each. Each failed on the code before the fix. */
#define ASYNC_LOG_NAP
#include "async_log.h"
/* sem = asyncio.Semaphore(2)
   async def H(n): await sem.acquire(); await asyncio.sleep(1); sem.release(); at(f"H{n}-rel")
   async def W(): await sem.acquire(); at("W-got"); sem.release()
   async def N(): await asyncio.sleep(1); await sem.acquire(); at("N-got"); sem.release()
   -> H1-rel@1000 H2-rel@1000 W-got@1000 N-got@1000: a woken waiter that
   has not run yet keeps the newcomer waiting */
static gen_semaphore_t sem;
struct holder { gen_async gen; const char *name; };

static int holder_body(gen_async *g)
{
    struct holder *h = GEN_SELF(struct holder, gen, g);
    GEN_BEGIN(g);
    GEN_ACQUIRE(g, &sem);
    GEN_SLEEP(g, 1000);
    gen_semaphore_release(&sem);
    at(h->name);
    GEN_END(g);
}

static int sem_w_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_ACQUIRE(g, &sem);
    at("W-got");
    gen_semaphore_release(&sem);
    GEN_END(g);
}

static int sem_n_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    GEN_ACQUIRE(g, &sem);
    at("N-got");
    gen_semaphore_release(&sem);
    GEN_END(g);
}

static void semaphore_newcomer_waits_for_the_woken(void)
{
    UNIT_FRAME struct holder h1, h2;
    UNIT_FRAME gen_async w, n;
    UNIT_FRAME gen_task_t t1, t2, tw, tn;
    log_reset();
    start();
    gen_semaphore_init(&sem, 2);
    h1.name = "H1-rel";
    h2.name = "H2-rel";
    gen_spawn(&loop, &t1, gen_async_init(&h1.gen, holder_body));
    gen_spawn(&loop, &t2, gen_async_init(&h2.gen, holder_body));
    gen_spawn(&loop, &tw, gen_async_init(&w, sem_w_body));
    gen_spawn(&loop, &tn, gen_async_init(&n, sem_n_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "H1-rel@1000 H2-rel@1000 W-got@1000 N-got@1000");
    CHECK_EQ(sem.value, 2);
}

/* async def T1():
       try: await asyncio.sleep(5)
       finally: at("T1-fin")
   async def T0(t1):
       asyncio.current_task().cancel()
       try: await t1
       except asyncio.CancelledError: at("T0-cancelled")
   -> T1-fin@0 T0-cancelled@0: a pending cancel goes to what the task awaits */
struct pend { gen_async gen; struct nap n; gen_task_t *me, *other; };

static int pend_t1(gen_async *g)
{
    struct pend *p = GEN_SELF(struct pend, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT(g, nap(&p->n, 5000));
    GEN_FINALLY(g);
    at("T1-fin");
    GEN_END(g);
}

static int pend_t0(gen_async *g)
{
    struct pend *p = GEN_SELF(struct pend, gen, g);
    GEN_BEGIN(g);
    gen_cancel(p->me);
    GEN_AWAIT_TASK_CATCH(g, p->other);
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_CANCELLED)
        at("T0-cancelled");
    GEN_END(g);
}

static void pending_cancel_goes_to_the_awaited_task(void)
{
    UNIT_FRAME struct pend p0, p1;
    UNIT_FRAME gen_task_t t0, t1;
    log_reset();
    start();
    p0.me = &t0;
    p0.other = &t1;
    gen_spawn(&loop, &t1, gen_async_init(&p1.gen, pend_t1));
    gen_spawn(&loop, &t0, gen_async_init(&p0.gen, pend_t0));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "T1-fin@0 T0-cancelled@0");
    CHECK_EQ(gen_now(&loop), 0);
}

/* async def c1(): await asyncio.sleep(1); raise ValueError()
   async def c2(): await asyncio.sleep(5)
   async def c3(): await asyncio.sleep(10)
   async def A():
       try: await asyncio.gather(create_task(c1()), create_task(c2()))
       except ValueError: at("A-caught")
       await asyncio.gather(create_task(c3())); at("A-second")
   -> A-caught@1000 A-second@11000: c2, still running after the first
   gather failed, belongs to no gather (here: not to the reused struct) */
struct reuse {
    gen_async gen;
    struct nap c[3];
    gen_task_t t[3];
    gen_task_t *tasks[2];
    gen_gather_t ga;
};

static int fail_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    GEN_FAIL(g, GEN_ERROR_VALUE, "ValueError");
    GEN_END(g);
}

static int reuse_body(gen_async *g)
{
    struct reuse *r = GEN_SELF(struct reuse, gen, g);
    GEN_BEGIN(g);
    gen_spawn(&loop, &r->t[0], gen_async_init(&r->c[0].gen, fail_body));
    gen_spawn(&loop, &r->t[1], nap(&r->c[1], 5000));
    r->tasks[0] = &r->t[0];
    r->tasks[1] = &r->t[1];
    GEN_AWAIT_CATCH(g, gen_gather(&r->ga, r->tasks, 2, 0));
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_VALUE)
        at("A-caught");
    gen_spawn(&loop, &r->t[2], nap(&r->c[2], 10000));
    r->tasks[0] = &r->t[2];
    GEN_AWAIT(g, gen_gather(&r->ga, r->tasks, 1, 0));
    at("A-second");
    GEN_END(g);
}

static void gather_lets_go_of_children_when_it_ends(void)
{
    UNIT_FRAME struct reuse r;
    UNIT_FRAME gen_task_t t;
    log_reset();
    start();
    gen_spawn(&loop, &t, gen_async_init(&r.gen, reuse_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "A-caught@1000 A-second@11000");
}

/* ev = asyncio.Event()
   async def c1():
       try: await asyncio.sleep(1)
       except asyncio.CancelledError: pass
       await ev.wait()                       # forever
   async def t0():
       asyncio.current_task().cancel()
       ct = asyncio.create_task(c1())
       await asyncio.wait_for(ct, 5)
   -> deadlock, seen at time 5 (test/diff's virtual loop): wait_for's
   timeout timer lives until wait_for returns */
static gen_event_t never;
struct wfk { gen_async gen; struct nap n; gen_async c; gen_task_t tc; gen_task_t *me; gen_wait_for_t wf; };

static int wfk_c1(gen_async *g)
{
    struct wfk *k = GEN_SELF(struct wfk, c, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, nap(&k->n, 1000));
    GEN_EVENT_WAIT(g, &never);
    GEN_END(g);
}

static int wfk_t0(gen_async *g)
{
    struct wfk *k = GEN_SELF(struct wfk, gen, g);
    GEN_BEGIN(g);
    gen_cancel(k->me);
    gen_spawn(&loop, &k->tc, gen_async_init(&k->c, wfk_c1));
    GEN_AWAIT(g, gen_wait_for(&k->wf, &k->tc, 5000));
    GEN_END(g);
}

static void wait_for_keeps_its_timer_when_cancelled(void)
{
    UNIT_FRAME struct wfk k;
    UNIT_FRAME gen_task_t t;
    start();
    never.is_set = 0;
    never.waiters.first = never.waiters.last = 0;
    k.me = &t;
    gen_spawn(&loop, &t, gen_async_init(&k.gen, wfk_t0));
    CHECK_EQ(gen_loop_run(&loop), GEN_ERROR_DEADLOCK);
    CHECK_EQ(gen_now(&loop), 5000);
    CHECK(!gen_task_done(&t));
}

/* async def c():
       try: await asyncio.sleep(1)
       finally: at("c-fin"); await asyncio.sleep(0); at("c-fin2")
   async def T0():
       ct = create_task(c())
       try: await asyncio.wait_for(ct, 1)
       except asyncio.CancelledError: at("T0-cancelled")
   async def X(): await asyncio.sleep(1); t0.cancel(); at("X-cancel")
   async def Y():
       await asyncio.sleep(1)
       for i in range(5): at(f"y{i}"); await asyncio.sleep(0)
   tx, t0, ty = create_task(X()), create_task(T0()), create_task(Y())
   -> X-cancel@1000 y0@1000 c-fin@1000 y1@1000 c-fin2@1000 y2@1000 y3@1000
      T0-cancelled@1000 y4@1000: the timeout fired, then the cancel came;
   wait_for waits for c's cleanup (two passes after it ends) */
struct wfc { gen_async gen; struct nap n; gen_async c; gen_task_t tc; gen_wait_for_t wf; };
struct wfc_xy { gen_async gen; gen_task_t *other; int i; }; /* X and Y: small, for STM8's stack */

static int wfc_c(gen_async *g)
{
    struct wfc *k = GEN_SELF(struct wfc, c, g);
    GEN_BEGIN(g);
    GEN_AWAIT(g, nap(&k->n, 1000));
    GEN_FINALLY(g);
    at("c-fin");
    GEN_SLEEP0(g);
    at("c-fin2");
    GEN_END(g);
}

static int wfc_t0(gen_async *g)
{
    struct wfc *k = GEN_SELF(struct wfc, gen, g);
    GEN_BEGIN(g);
    gen_spawn(&loop, &k->tc, gen_async_init(&k->c, wfc_c));
    GEN_AWAIT_CATCH(g, gen_wait_for(&k->wf, &k->tc, 1000));
    if (gen_caught(g) && gen_caught(g)->code == GEN_ERROR_CANCELLED)
        at("T0-cancelled");
    GEN_END(g);
}

static int wfc_x(gen_async *g)
{
    struct wfc_xy *k = GEN_SELF(struct wfc_xy, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    gen_cancel(k->other);
    at("X-cancel");
    GEN_END(g);
}

static int wfc_y(gen_async *g)
{
    struct wfc_xy *k = GEN_SELF(struct wfc_xy, gen, g);
    static const char *const names[5] = { "y0", "y1", "y2", "y3", "y4" };
    GEN_BEGIN(g);
    GEN_SLEEP(g, 1000);
    for (k->i = 0; k->i < 5; k->i++) {
        at(names[k->i]);
        GEN_SLEEP0(g);
    }
    GEN_END(g);
}

static void wait_for_cancelled_after_its_timeout_fired(void)
{
    UNIT_FRAME struct wfc t0;
    UNIT_FRAME struct wfc_xy x, y;
    UNIT_FRAME gen_task_t tt0, tx, ty;
    log_reset();
    start();
    x.other = &tt0;
    gen_spawn(&loop, &tx, gen_async_init(&x.gen, wfc_x));
    gen_spawn(&loop, &tt0, gen_async_init(&t0.gen, wfc_t0));
    gen_spawn(&loop, &ty, gen_async_init(&y.gen, wfc_y));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "X-cancel@1000 y0@1000 c-fin@1000 y1@1000 c-fin2@1000 y2@1000 y3@1000 T0-cancelled@1000 y4@1000");
}

void t_async6(void)
{
    RUN(semaphore_newcomer_waits_for_the_woken);
    RUN(pending_cancel_goes_to_the_awaited_task);
    RUN(gather_lets_go_of_children_when_it_ends);
    RUN(wait_for_keeps_its_timer_when_cancelled);
    RUN(wait_for_cancelled_after_its_timeout_fired);
}
