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
    static struct sleeper z[NSLEEP];
    static gen_task_t t[NSLEEP];
    unsigned long seed = 12345;
    int i, j, bad = 0;
    start();
    wake_count = 0;
    for (i = 0; i < NSLEEP; i++) {
        seed = seed * 1103515245ul + 12345ul;
        z[i].d = (gen_time_t)((seed >> 8) % 50u);          /* many equal deadlines */
        z[i].order = -1;
        gen_spawn(&loop, &t[i], gen_async_init(&z[i].gen, sleeper_body));
    }
    gen_loop_step(&loop);                                  /* all asleep */
    for (i = 0; i < NSLEEP; i += 3)
        gen_cancel(&t[i]);                                 /* remove a third from the heap */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    for (i = 0; i < NSLEEP; i++) {
        if (i % 3 == 0) {
            if (gen_task_error(&t[i])->code != GEN_ERROR_CANCELLED || z[i].order != -1)
                bad++;
            continue;
        }
        if (z[i].woke_at != z[i].d)
            bad++;                                         /* woke exactly on time */
        for (j = 0; j < NSLEEP; j++)                       /* earlier deadline (or same, spawned first) woke first */
            if (j % 3 && (z[j].d < z[i].d || (z[j].d == z[i].d && j < i)) && z[j].order > z[i].order)
                bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(wake_count, NSLEEP - (NSLEEP + 2) / 3);
#ifdef UNIT_NSLEEP
    unit_out("  n/a: timer_heap_churn: ");
    unit_num(NSLEEP);
    unit_out(" sleepers, not 45 (UNIT_NSLEEP: 45 take ");
    unit_num((long)(45 * (sizeof z[0] + sizeof t[0])));
    unit_out(" bytes of RAM)\n");
#endif
}

void t_async3(void)
{
    RUN(timer_heap_churn);
}
