/* t_pt.c - gen.h's small loop (section 11): protothread-style tasks,
   coro.h bodies run in turn by gen_pt_step, with sleeps on a clock, waits
   with a deadline, cancellation and the misuse it refuses. */
#include "unit.h"
#include "gen.h"

static gen_pt_loop_t pl;
static gen_clock_t pclock;

/* log "what@time", the time being the pass's (gen_pt_now) */
static void pt_at(const gen_pt_t *t, const char *what) { log_at(what, (unsigned long)gen_pt_now(t)); }

/* a task must be zeroed (or done) before its first spawn */
static void zero(void *p, unsigned n)
{
    unsigned char *b = (unsigned char *)p;
    while (n--)
        *b++ = 0;
}

static void pt_start(void)
{
    log_reset();
    gen_pt_loop_init(&pl, gen_clock_virtual(&pclock));
}

/* ---- order: spawn order, one call per pass --------------------------------- */

struct turns { gen_pt_t task; const char *name; int i, n; };

static int turns_body(gen_pt_t *t)
{
    struct turns *f = GEN_SELF(struct turns, task, t);
    CORO_BEGIN(&t->co);
    for (f->i = 0; f->i < f->n; f->i++) {
        log_add(f->name);
        GEN_PT_SLEEP(t, 0); /* asyncio.sleep(0): until the next pass */
    }
    CORO_END();
}

static void turns_spawn(struct turns *f, const char *name, int n)
{
    f->name = name;
    f->n = n;
    CHECK_EQ(gen_pt_spawn(&pl, &f->task, turns_body), GEN_DONE);
}

/* three zeroed task frames, a fresh loop, and a (3 turns) and b (1) in it */
static void turns_begin(struct turns *f)
{
    zero(f, 3 * sizeof *f);
    pt_start();
    turns_spawn(&f[0], "a", 3);
    turns_spawn(&f[1], "b", 1);
}

static void round_robin_in_spawn_order(void)
{
    UNIT_FRAME struct turns f[3];
    turns_begin(f);
    turns_spawn(&f[2], "c", 2);
    CHECK_EQ(gen_pt_step(&pl), 1);
    CHECK_STR(log_text(), "a b c");
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    /* b ends in pass 2 (its loop ends), c in pass 3, a in pass 4 */
    CHECK_STR(log_text(), "a b c a c a");
    CHECK(gen_pt_done(&f[0].task) && gen_pt_done(&f[1].task) && gen_pt_done(&f[2].task));
    CHECK_EQ(gen_pt_result(&f[0].task), CORO_DONE);
    CHECK(pl.first == 0 && pl.last == 0);
    CHECK_EQ(gen_pt_step(&pl), 0); /* an empty loop */
}

/* ---- sleeps on the virtual clock ------------------------------------------- */

struct napper { gen_pt_t task; const char *name; gen_delay_t d1, d2; };

static int napper_body(gen_pt_t *t)
{
    struct napper *f = GEN_SELF(struct napper, task, t);
    CORO_BEGIN(&t->co);
    pt_at(t, f->name);
    GEN_PT_SLEEP(t, f->d1);
    pt_at(t, f->name);
    GEN_PT_SLEEP(t, f->d2);
    pt_at(t, f->name);
    CORO_END();
}

static void napper_spawn(struct napper *f, const char *name, gen_delay_t d1, gen_delay_t d2)
{
    zero(f, sizeof *f);
    f->name = name;
    f->d1 = d1;
    f->d2 = d2;
    CHECK_EQ(gen_pt_spawn(&pl, &f->task, napper_body), GEN_DONE);
}

static void sleeps_wake_in_deadline_order(void)
{
    UNIT_FRAME struct napper x, y, z;
    pt_start();
    napper_spawn(&x, "x", 30, 5);   /* wakes at 30, 35 */
    napper_spawn(&y, "y", 10, 40);  /* 10, 50 */
    napper_spawn(&z, "z", -7, 20);  /* a negative delay is 0: 0, 20 */
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_STR(log_text(), "x@0 y@0 z@0 z@0 y@10 z@20 x@30 x@35 y@50");
    CHECK_EQ(pclock.ticks, 50);
}

/* gen_pt_idle: nothing due, and how long until something is */
static void idle_tells_the_wait(void)
{
    UNIT_FRAME struct napper x, y;
    gen_time_t w = 99;
    pt_start();
    CHECK_EQ(gen_pt_idle(&pl, &w), 1); /* no task: idle for ever */
    CHECK(w == GEN_FOREVER_WAIT);
    napper_spawn(&x, "x", 30, 5);
    napper_spawn(&y, "y", 12, 40);
    CHECK_EQ(gen_pt_idle(&pl, &w), 0); /* both ready */
    CHECK_EQ(w, 0);
    gen_pt_step(&pl);
    CHECK_EQ(gen_pt_idle(&pl, &w), 1);
    CHECK_EQ(w, 12);
    pclock.ticks = 12;
    CHECK_EQ(gen_pt_idle(&pl, &w), 1); /* y is due: wait 0 */
    CHECK_EQ(w, 0);
    gen_pt_step(&pl);
    CHECK_STR(log_text(), "x@0 y@0 y@12");
    CHECK_EQ(gen_pt_idle(&pl, &w), 1);
    CHECK_EQ(w, 18); /* x at 30, y at 52 */
}

/* ---- a tick clock: the reference blinking task, and wrap-around -------------- */

struct blink { gen_pt_t task; int on, toggles; };

static int blink_body(gen_pt_t *t)
{
    struct blink *b = GEN_SELF(struct blink, task, t);
    CORO_BEGIN(&t->co);
    for (;;) {
        b->on = !b->on;
        b->toggles++;
        GEN_PT_SLEEP(t, 500);
    }
    CORO_END();
}

/* n ticks, two passes after each (a super-loop polling faster than the tick) */
static void tick_and_poll(gen_clock_t *c, long n)
{
    long i;
    for (i = 0; i < n; i++) {
        gen_clock_tick(c);
        gen_pt_step(&pl);
        gen_pt_step(&pl);
    }
}

static void blink_on_a_tick_clock(void)
{
    UNIT_FRAME struct blink b;
    zero(&b, sizeof b);
    gen_pt_loop_init(&pl, gen_clock_ticks(&pclock, 0));
    CHECK_EQ(gen_pt_spawn(&pl, &b.task, blink_body), GEN_DONE);
    gen_pt_step(&pl);
    CHECK(b.on == 1 && b.toggles == 1);
    tick_and_poll(&pclock, 499);
    CHECK_EQ(b.toggles, 1); /* not before tick 500 */
    tick_and_poll(&pclock, 1);
    CHECK(b.on == 0 && b.toggles == 2);
    tick_and_poll(&pclock, 1500);
    CHECK_EQ(b.toggles, 5); /* at 1000, 1500, 2000 */
    CHECK(b.on == 1);
    CHECK(!gen_pt_done(&b.task));
}

static void sleep_across_wrap_around(void)
{
    UNIT_FRAME struct blink b;
    zero(&b, sizeof b);
    gen_pt_loop_init(&pl, gen_clock_ticks(&pclock, (gen_time_t)((gen_time_t)0 - 200u)));
    gen_pt_spawn(&pl, &b.task, blink_body);
    gen_pt_step(&pl);
    tick_and_poll(&pclock, 499);   /* the clock wraps at tick 200 */
    CHECK_EQ(b.toggles, 1);
    tick_and_poll(&pclock, 1);
    CHECK_EQ(b.toggles, 2);
    CHECK(pclock.ticks == 300u);
}

/* gen_pt_run on a clock that does not jump: loop.idle gets each wait (a
   WFI until the deadline, here: the ticks it would sleep) */
static unsigned long idle_calls, idle_ticks;

static void idle_hook(gen_pt_loop_t *loop, gen_time_t wait)
{
    idle_calls++;
    idle_ticks += wait;
    loop->clock->ticks = (gen_time_t)(loop->clock->ticks + wait);
}

static void run_calls_the_idle_hook(void)
{
    UNIT_FRAME struct napper x, y;
    log_reset();
    gen_pt_loop_init(&pl, gen_clock_ticks(&pclock, 100));
    pl.idle = idle_hook;
    idle_calls = idle_ticks = 0;
    napper_spawn(&x, "x", 7, 3);
    napper_spawn(&y, "y", 2, 20);
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_STR(log_text(), "x@100 y@100 y@102 x@107 x@110 y@122");
    CHECK_EQ(idle_calls, 4);  /* waits of 2, 5, 3, 12 */
    CHECK_EQ(idle_ticks, 22);
}

/* a delay over half the time type's range: a trap, then half the range */
static void over_long_sleep_traps(void)
{
    UNIT_FRAME struct napper x;
    gen_time_t w;
    int before = unit_traps;
    pt_start();
    napper_spawn(&x, "x", (gen_delay_t)GEN__TIME_HALF, 0);
    gen_pt_step(&pl);
    CHECK_EQ(unit_traps, before);
    CHECK(x.task.due == GEN__TIME_HALF);
    pt_start();
    napper_spawn(&x, "x", (gen_delay_t)GEN__TIME_HALF, 0);
    if (sizeof(gen_delay_t) > sizeof(gen_time_t)) { /* the delay type can say it */
        x.d1 = (gen_delay_t)GEN__TIME_HALF;
        x.d1++;
        gen_pt_step(&pl);
        CHECK_EQ(unit_traps, before + 1);
        CHECK(unit_has(unit_last_trap, "wider GEN_TIME_TYPE"));
        CHECK(x.task.due == GEN__TIME_HALF); /* asleep, not awake at once */
        CHECK_EQ(gen_pt_idle(&pl, &w), 1);
        CHECK(w == GEN__TIME_HALF);
    }
}

/* ---- waits with a deadline ---------------------------------------------------- */

static int flag;

struct waiter { gen_pt_t task; gen_delay_t limit; };

static int waiter_body(gen_pt_t *t)
{
    struct waiter *w = GEN_SELF(struct waiter, task, t);
    CORO_BEGIN(&t->co);
    GEN_PT_WAIT_UNTIL_FOR(t, flag, w->limit);
    pt_at(t, gen_pt_timed_out(t) ? "timeout" : "flag");
    CORO_END();
}

struct raiser { gen_pt_t task; gen_delay_t after; };

static int raiser_body(gen_pt_t *t)
{
    struct raiser *r = GEN_SELF(struct raiser, task, t);
    CORO_BEGIN(&t->co);
    GEN_PT_SLEEP(t, r->after);
    flag = 1;
    CORO_END();
}

static void wait_until_for(gen_delay_t limit, gen_delay_t raise_at, const char *want)
{
    UNIT_FRAME struct waiter w;
    UNIT_FRAME struct raiser r;
    zero(&w, sizeof w);
    zero(&r, sizeof r);
    pt_start();
    w.limit = limit;
    r.after = raise_at;
    gen_pt_spawn(&pl, &w.task, waiter_body);
    gen_pt_spawn(&pl, &r.task, raiser_body);
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK(unit_streq(log_text(), want));
}

static void wait_until_for_outcomes(void)
{
    /* the flag comes in time: the waiter, first in each pass, polls every
       pass (no pass is idle, so the virtual clock never jumps: it stays 0)
       and sees the flag in the pass after the raiser's */
    flag = 0;
    wait_until_for(50, 0, "flag@0");
    /* the deadline comes first: with a poller in the loop, time moves only
       by the clock (here: never), so a deadline of 0 is the one that ends it */
    flag = 0;
    wait_until_for(0, 20, "timeout@0");
    /* both at once: the condition is tested first */
    flag = 1;
    wait_until_for(0, 0, "flag@0");
}

/* a waiter on a tick clock: the deadline ends it at the tick it names */
static void wait_until_for_on_ticks(void)
{
    UNIT_FRAME struct waiter w;
    long i;
    zero(&w, sizeof w);
    log_reset();
    flag = 0;
    gen_pt_loop_init(&pl, gen_clock_ticks(&pclock, 1000));
    w.limit = 7;
    gen_pt_spawn(&pl, &w.task, waiter_body);
    for (i = 0; i < 20 && !gen_pt_done(&w.task); i++) {
        gen_pt_step(&pl);
        gen_clock_tick(&pclock);
    }
    CHECK_STR(log_text(), "timeout@1007");
}

/* ---- endings, errors, cancellation, misuse ------------------------------------- */

struct failer { gen_pt_t task; int mode; };

static int failer_body(gen_pt_t *t)
{
    struct failer *f = GEN_SELF(struct failer, task, t);
    CORO_BEGIN(&t->co);
    GEN_PT_SLEEP(t, 1);
    if (f->mode == 1)
        CORO_FAIL(-20);
    if (f->mode == 2)
        return CORO_SUSPENDED; /* a plain return: the body is left running */
    if (f->mode == 3)
        CORO_EXIT();
    log_add("not reached");
    CORO_FINALLY();
    log_add("finally");
    CORO_END();
}

static void endings_and_results(void)
{
    UNIT_FRAME struct failer f[3];
    int before = unit_traps, i;
    zero(f, sizeof f);
    pt_start();
    for (i = 0; i < 3; i++) {
        f[i].mode = i + 1;
        gen_pt_spawn(&pl, &f[i].task, failer_body);
    }
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_EQ(gen_pt_result(&f[0].task), -20);
    CHECK_EQ(gen_pt_result(&f[1].task), CORO_ERROR_RUNNING); /* found at its next call */
    CHECK_EQ(unit_traps, before);
    CHECK_EQ(gen_pt_result(&f[2].task), CORO_DONE);
    CHECK_STR(log_text(), "finally finally");
    /* a done task can be spawned again: it starts over */
    f[2].mode = 1;
    CHECK_EQ(gen_pt_spawn(&pl, &f[2].task, failer_body), GEN_DONE);
    CHECK(!gen_pt_done(&f[2].task));
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_EQ(gen_pt_result(&f[2].task), -20);
}

static void spawn_of_a_live_task_is_refused(void)
{
    UNIT_FRAME struct turns f[3];
    int before = unit_traps;
    turns_begin(f);
    CHECK_EQ(gen_pt_spawn(&pl, &f[0].task, turns_body), GEN_ERROR_RUNNING);
    CHECK_EQ(unit_traps, before + 1);
    CHECK(unit_has(unit_last_trap, "gen_pt_spawn"));
    CHECK(pl.first == &f[0].task && pl.last == &f[1].task && f[1].task.next == 0); /* unchanged */
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_STR(log_text(), "a b a a");
}

/* a task that spawns another and cancels a third */
struct boss { gen_pt_t task; struct turns *hire; struct napper *fire; };

static int boss_body(gen_pt_t *t)
{
    struct boss *f = GEN_SELF(struct boss, task, t);
    CORO_BEGIN(&t->co);
    log_add("boss");
    f->hire->name = "new";
    f->hire->n = 2;
    gen_pt_spawn(t->loop, &f->hire->task, turns_body); /* runs in this pass, last */
    GEN_PT_SLEEP(t, 3);
    CHECK_EQ(gen_pt_cancel(&f->fire->task), 1);        /* asleep until 10 */
    CHECK_EQ(gen_pt_cancel(&f->fire->task), 1);        /* asked again: no harm */
    CHECK(!gen_pt_done(&f->fire->task));               /* until the loop passes it */
    CHECK_EQ(gen_pt_cancel(t), 0);                     /* itself: refused */
    log_add("fired");
    CORO_END();
}

static void spawn_and_cancel_from_a_task(void)
{
    UNIT_FRAME struct boss boss;
    UNIT_FRAME struct turns hire;
    UNIT_FRAME struct napper fire;
    int before = unit_traps;
    zero(&boss, sizeof boss);
    zero(&hire, sizeof hire);
    pt_start();
    boss.hire = &hire;
    boss.fire = &fire;
    napper_spawn(&fire, "fire", 10, 10);
    CHECK_EQ(gen_pt_spawn(&pl, &boss.task, boss_body), GEN_DONE);
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_STR(log_text(), "fire@0 boss new new fired");
    CHECK_EQ(gen_pt_result(&fire.task), GEN_ERROR_CANCELLED);
    CHECK_EQ(gen_pt_result(&boss.task), CORO_DONE);
    CHECK_EQ(unit_traps, before + 1);
    CHECK(unit_has(unit_last_trap, "cannot cancel itself"));
    CHECK_EQ(gen_pt_cancel(&fire.task), 0); /* done: nothing to cancel */
    CHECK_EQ(pclock.ticks, 3);              /* never slept to 10 */
}

/* a pass started from inside a task is refused, and the loop goes on */
static int nested_tries;

static int nester_body(gen_pt_t *t)
{
    CORO_BEGIN(&t->co);
    nested_tries += gen_pt_step(t->loop) == GEN_ERROR_RUNNING;
    nested_tries += gen_pt_run(t->loop) == GEN_ERROR_RUNNING;
    CORO_YIELD();
    log_add("nester");
    CORO_END();
}

static void step_from_inside_a_task_is_refused(void)
{
    UNIT_FRAME struct turns f[3];
    UNIT_FRAME gen_pt_t nester;
    int before = unit_traps;
    zero(&nester, sizeof nester);
    turns_begin(f);
    nested_tries = 0;
    gen_pt_spawn(&pl, &nester, nester_body);
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_EQ(nested_tries, 2);
    CHECK_EQ(unit_traps, before + 2);
    CHECK(unit_has(unit_last_trap, "inside a task"));
    CHECK_STR(log_text(), "a b a nester a");
    CHECK_EQ(gen_pt_result(&nester), CORO_DONE);
}

/* the last task of the list ends while others stay: later spawns still link */
static void the_last_task_ends_first(void)
{
    UNIT_FRAME struct turns f[3];
    turns_begin(f);
    gen_pt_step(&pl);
    gen_pt_step(&pl); /* b ends: a is the last one */
    CHECK(pl.last == &f[0].task && f[0].task.next == 0);
    turns_spawn(&f[2], "c", 1);
    CHECK_EQ(gen_pt_run(&pl), GEN_DONE);
    CHECK_STR(log_text(), "a b a a c"); /* a's third turn, then c's first */
}

void t_pt(void)
{
    RUN(round_robin_in_spawn_order);
    RUN(sleeps_wake_in_deadline_order);
    RUN(idle_tells_the_wait);
    RUN(blink_on_a_tick_clock);
    RUN(sleep_across_wrap_around);
    RUN(run_calls_the_idle_hook);
    RUN(over_long_sleep_traps);
    RUN(wait_until_for_outcomes);
    RUN(wait_until_for_on_ticks);
    RUN(endings_and_results);
    RUN(spawn_of_a_live_task_is_refused);
    RUN(spawn_and_cancel_from_a_task);
    RUN(step_from_inside_a_task_is_refused);
    RUN(the_last_task_ends_first);
}
