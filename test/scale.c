/* scale.c - a million tasks, each sleeping and yielding a few times, run to
   completion on the virtual clock; every result is checked. Host only (it
   needs about 200 MB). Prints what one task costs. */
#include <stdio.h>
#include <stdlib.h>
/* the release cost of gen_spawn: no look for the task among the live ones
   (a million spawns would make that quadratic) */
#define GEN_SPAWN_CHECK 0
#include "gen.h"

#define N 1000000L

struct job { gen_async gen; long i; };

static int job_body(gen_async *g)
{
    struct job *j = GEN_SELF(struct job, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, (gen_time_t)(j->i % 1000 + 1));  /* a thousand distinct deadlines */
    GEN_SLEEP0(g);
    GEN_SLEEP(g, (gen_time_t)(N - j->i));         /* a million distinct deadlines */
    GEN_RETURN(g, (int)(j->i % 30000));
    GEN_END(g);
}

int main(void)
{
    static gen_loop_t loop;
    static gen_clock_t clock;
    struct job *jobs = calloc((size_t)N, sizeof *jobs);
    gen_task_t *tasks = calloc((size_t)N, sizeof *tasks);
    long i, bad = 0;
    if (!jobs || !tasks)
        return 2;
    gen_loop_init(&loop, gen_clock_virtual(&clock));
    for (i = 0; i < N; i++) {
        jobs[i].i = i;
        gen_spawn(&loop, &tasks[i], gen_async_init(&jobs[i].gen, job_body));
    }
    if (gen_loop_run(&loop) != GEN_DONE)
        bad++;
    for (i = 0; i < N; i++)
        if (!gen_task_done(&tasks[i]) || gen_task_result(&tasks[i]) != GEN_DONE ||
            jobs[i].gen.result != (int)(i % 30000))
            bad++;
    printf("%ld tasks, %ld wrong; virtual time %lu; bytes per task: %u (gen_task_t) + %u (gen_async port) + %u (frame fields)\n",
           N, bad, (unsigned long)gen_now(&loop), (unsigned)sizeof(gen_task_t),
           (unsigned)sizeof(gen_async), (unsigned)(sizeof(struct job) - sizeof(gen_async)));
    free(jobs);
    free(tasks);
    return bad != 0;
}
