/* timeline: who runs when. The loop's trace hook prints every resume and
   suspension of every task with the time, for teaching (Python twin:
   test/py/timeline.py, which wraps each task to print the same).
   `timeline --svg FILE` also draws it, stdout unchanged: a row per task, a
   box per resume labelled with the line it resumed at (timeline_svg.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include "gen.h"
#include "timeline_svg.h"

struct worker {
    gen_task_t task;   /* first: the trace hook gets back here from the task */
    gen_async gen;
    const char *name;
    gen_time_t delay;
    int times, i;
};

static gen_time_t start;

static void trace(gen_loop_t *loop, gen_task_t *t, int event)
{
    struct worker *w = (struct worker *)(void *)t;
    static const char *const what[] = { "", "resume", "suspend", "done" };
    printf("%4.1fs %-8s %s\n", (double)(gen_now(loop) - start) / 1000.0, w->name, what[event]);
    svg_step(w->name, event, (long)(gen_now(loop) - start), gen_task_line(t)); /* with --svg */
}

static int worker_body(gen_async *g)
{
    struct worker *w = GEN_SELF(struct worker, gen, g);
    GEN_BEGIN(g);
    for (w->i = 0; w->i < w->times; w->i++)
        GEN_SLEEP(g, w->delay);
    GEN_END(g);
}

static void spawn(gen_loop_t *loop, struct worker *w, const char *name, gen_time_t delay, int times)
{
    w->name = name;
    w->delay = delay;
    w->times = times;
    gen_spawn(loop, &w->task, gen_async_init(&w->gen, worker_body));
}

int main(int argc, char **argv)
{
    gen_clock_t clock;
    gen_loop_t loop;
    struct worker fast, slow;
    int rc;
    svg_open(argc, argv); /* --svg FILE, or nothing */
    gen_loop_init(&loop, gen_clock_host(&clock));
    loop.idle = gen_idle_sleep;
    loop.trace = trace;
    start = gen_now(&loop);
    spawn(&loop, &fast, "fast", 300, 3);
    spawn(&loop, &slow, "slow", 500, 2);
    rc = gen_loop_run(&loop);
    return svg_write() && rc == GEN_DONE ? 0 : 1; /* svg_write: with --svg */
}
