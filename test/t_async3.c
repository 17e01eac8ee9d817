/* t_async3.c - gen.h's async runtime, third part (see t_async.c and
   t_async2.c): the timer heap under churn, alone, so that as many timers
   as possible fit a small target's RAM. */
#include "unit.h"
#include "gen.h"

static gen_loop_t loop;
static gen_clock_t vclock;

static void start(void)
{
    gen_loop_init(&loop, gen_clock_virtual(&vclock));
}

/* ---- the timer heap under churn: sleeps, cancels, timed waits -------------------- */

/* 45 sleepers take 3.3 KB of RAM on AVR: a target with 2 KB defines
   UNIT_NSLEEP to run fewer, and the test says so. */
#ifdef UNIT_NSLEEP
enum { NSLEEP = UNIT_NSLEEP };
#else
enum { NSLEEP = 45 };
#endif

struct sleeper { gen_async gen; gen_time_t d; gen_time_t woke_at; int order; };

static int wake_count;
static struct sleeper sleepers[NSLEEP];
static gen_task_t sleeper_tasks[NSLEEP];

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
    unsigned long seed = 12345;
    int i, j, bad = 0;
    start();
    wake_count = 0;
    for (i = 0; i < NSLEEP; i++) {
        seed = seed * 1103515245ul + 12345ul;
        sleepers[i].d = (gen_time_t)((seed >> 8) % 50u);          /* many equal deadlines */
        sleepers[i].order = -1;
        gen_spawn(&loop, &sleeper_tasks[i], gen_async_init(&sleepers[i].gen, sleeper_body));
    }
    gen_loop_step(&loop);                                  /* all asleep */
    for (i = 0; i < NSLEEP; i += 3)
        gen_cancel(&sleeper_tasks[i]);                                 /* remove a third from the heap */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    for (i = 0; i < NSLEEP; i++) {
        if (i % 3 == 0) {
            if (gen_task_error(&sleeper_tasks[i])->code != GEN_ERROR_CANCELLED || sleepers[i].order != -1)
                bad++;
            continue;
        }
        if (sleepers[i].woke_at != sleepers[i].d)
            bad++;                                         /* woke exactly on time */
        for (j = 0; j < NSLEEP; j++)                       /* earlier deadline (or same, spawned first) woke first */
            if (j % 3 && (sleepers[j].d < sleepers[i].d || (sleepers[j].d == sleepers[i].d && j < i)) && sleepers[j].order > sleepers[i].order)
                bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(wake_count, NSLEEP - (NSLEEP + 2) / 3);
#ifdef UNIT_NSLEEP
    unit_out("  n/a: timer_heap_churn: ");
    unit_num(NSLEEP);
    unit_out(" sleepers, not 45 (UNIT_NSLEEP: 45 take ");
    unit_num((long)(45 * (sizeof sleepers[0] + sizeof sleeper_tasks[0])));
    unit_out(" bytes of RAM)\n");
#endif
}

/* cancels at random moments of the run, once pops have melded the heap into
   deeper shapes (a node and its next sibling, a node deep in a subtree):
   the others still wake on time and in order, the cancelled never */
static void timer_heap_cancels_while_running(void)
{
    unsigned long seed = 777;
    int i, j, bad = 0, cancelled = 0, woke = 0;
    gen_time_t now;
    start();
    wake_count = 0;
    for (i = 0; i < NSLEEP; i++) {
        seed = seed * 1103515245ul + 12345ul;
        sleepers[i].d = (gen_time_t)(1u + (seed >> 8) % 40u);
        sleepers[i].order = -1;
        gen_spawn(&loop, &sleeper_tasks[i], gen_async_init(&sleepers[i].gen, sleeper_body));
    }
    gen_loop_step(&loop);                                  /* all asleep */
    for (now = 1; now <= 40; now++) {
        vclock.ticks = now;
        gen_loop_step(&loop);                              /* the due ones wake */
        for (j = 0; j < 2; j++) {                          /* then two random cancels */
            seed = seed * 1103515245ul + 12345ul;
            i = (int)((seed >> 8) % (unsigned long)NSLEEP);
            gen_cancel(&sleeper_tasks[i]);                /* 0 if done; a second request is 1 again */
        }
        if (now % 8 == 0) {                                /* and two neighbours */
            i = (int)(now / 8u) % NSLEEP;
            gen_cancel(&sleeper_tasks[i]);
            gen_cancel(&sleeper_tasks[(i + 1) % NSLEEP]);
        }
    }
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    for (i = 0; i < NSLEEP; i++) {
        if (gen_task_result(&sleeper_tasks[i]) != GEN_DONE) {
            cancelled++;
            if (gen_task_error(&sleeper_tasks[i])->code != GEN_ERROR_CANCELLED || sleepers[i].order != -1)
                bad++;
            continue;
        }
        woke++;
        if (sleepers[i].woke_at != sleepers[i].d)
            bad++;
        for (j = 0; j < NSLEEP; j++)
            if (gen_task_result(&sleeper_tasks[j]) == GEN_DONE && (sleepers[j].d < sleepers[i].d || (sleepers[j].d == sleepers[i].d && j < i))
                && sleepers[j].order > sleepers[i].order)
                bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(wake_count, woke);
    CHECK(cancelled >= 4);
}

void t_async3(void)
{
    RUN(timer_heap_churn);
    RUN(timer_heap_cancels_while_running);
}
