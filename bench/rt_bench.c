/* bench/rt_bench.c - the async runtime.
   usage: rt_bench MODE TASKS K
     resume  TASKS ignored: one gen_async port (hidden from the optimiser)
             whose body does GEN_SLEEP0 in a loop, resumed K times through
             gen_async_next: the bare generator resume under a task switch
     switch  TASKS tasks, each doing GEN_SLEEP0 K times, run by gen_loop_run
             on the virtual clock: ns per task switch (spawning not timed)
     sleep   TASKS tasks, each sleeping once with a distinct deadline on the
             virtual clock, then ending: ns per task (sleep + wake + end)
     pt      TASKS tasks of the small loop (gen_pt_t), each bumping a counter
             and yielding (CORO_YIELD), run for K passes of gen_pt_step:
             ns per switch (the round robin's job, with a scheduler)
     rr      the floor of a task switch: TASKS structs, each holding a
             function pointer and a counter, called in turn K rounds (a
             round robin with no scheduler): ns per call
     rrwide  the same round robin over slots as big as a task and its
             frame, each call touching one word in every cache line of its
             slot: what the memory alone costs from 1k to 1M tasks
     rrpt    the same over slots as big as a small-loop task's frame (pt's
             struct ptjob): the memory alone for the small loop
   prints "ns_per_op <x> rss_kb <VmHWM> bytes_per_task <sizeof task + port>"
   and the sizes of gen_task_t, gen_async and gen_pt_t;
   exits 1 when a result is wrong. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gen.h"

#define SINK(v) __asm__ volatile("" : "+r"(v))

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long vm_hwm_kb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atol(line + 6);
    fclose(f);
    return kb;
}

struct job { gen_async gen; long left; };

static int job_body(gen_async *g)   /* for left times: await asyncio.sleep(0) */
{
    struct job *j = GEN_SELF(struct job, gen, g);
    GEN_BEGIN(g);
    for (; j->left > 0; j->left--)
        GEN_SLEEP0(g);
    GEN_RETURN(g, 7);
    GEN_END(g);
}

struct sleeper { gen_async gen; long d; };

static int sleeper_body(gen_async *g)   /* await asyncio.sleep(d) */
{
    struct sleeper *s = GEN_SELF(struct sleeper, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, (gen_time_t)s->d);
    GEN_RETURN(g, (int)(s->d & 0xff));
    GEN_END(g);
}

struct ptjob { gen_pt_t task; long count; };

static int ptjob_body(gen_pt_t *t)   /* bump a counter, yield to the others: the round robin's job */
{
    struct ptjob *j = GEN_SELF(struct ptjob, task, t);
    CORO_BEGIN(&t->co);
    for (;;) {
        j->count++;
        CORO_YIELD();
    }
    CORO_END();
}

/* the pt mode, out of main so that main's code (and what gcc inlines into
   it for the other modes) is what it was without it: wrong results, or -1 */
__attribute__((noinline)) static long pt_mode(gen_clock_t *clock, long m, long k, double *t0, double *t1)
{
    static gen_pt_loop_t pl;
    struct ptjob *jobs = calloc((size_t)m, sizeof *jobs);
    long i, bad = 0;
    if (!jobs) return -1;
    gen_pt_loop_init(&pl, clock);
    for (i = 0; i < m; i++)
        gen_pt_spawn(&pl, &jobs[i].task, ptjob_body);
    *t0 = now_ns();
    for (i = 0; i < k; i++)   /* k passes: each task runs k times */
        if (gen_pt_step(&pl) != 1) bad++;
    *t1 = now_ns();
    for (i = 0; i < m; i++)
        bad += jobs[i].count != k || gen_pt_done(&jobs[i].task);
    free(jobs);
    return bad;
}

/* the round robin: each slot's function bumps its own counter */
struct rr_slot { void (*fn)(struct rr_slot *); long count; };

__attribute__((noinline)) static void rr_step(struct rr_slot *s) { s->count++; }

/* rrwide's slot: a task's bytes and its frame's, the counter first */
#define RR_WIDE_BYTES ((sizeof(gen_task_t) + sizeof(struct job) + 7) / 8 * 8)
#define RR_LINE_LONGS (64 / sizeof(long))
/* rrpt's slot: a small-loop task's frame (under a cache line: rr_step) */
#define RR_PT_BYTES ((sizeof(struct ptjob) + 7) / 8 * 8)

__attribute__((noinline)) static void rr_wide_step(struct rr_slot *s)
{
    long *w = (long *)(void *)s;
    size_t i;
    s->count++;
    for (i = RR_LINE_LONGS; i < RR_WIDE_BYTES / sizeof(long); i += RR_LINE_LONGS)
        w[i]++;
}

/* the loop's run, a function of its own for the same reason */
__attribute__((noinline)) static int run_loop(gen_loop_t *loop) { return gen_loop_run(loop); }

/* the round robin itself: a function of its own, so that its code does not
   depend on what else main holds */
__attribute__((noinline)) static void rr_rounds(char *slots, size_t stride, long m, long k)
{
    long r, i;
    for (r = 0; r < k; r++)
        for (i = 0; i < m; i++) {
            struct rr_slot *sl = (struct rr_slot *)(void *)(slots + (size_t)i * stride);
            sl->fn(sl);
        }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "switch";
    long m = argc > 2 ? atol(argv[2]) : 1000, k = argc > 3 ? atol(argv[3]) : 100, i, bad = 0;
    double t0, t1, ops;
    static gen_loop_t loop;
    static gen_clock_t clock;
    gen_loop_init(&loop, gen_clock_virtual(&clock));
    if (strcmp(mode, "resume") == 0) {
        struct job j;
        gen_async *p = gen_async_init(&j.gen, job_body);
        gen_await_t v;
        memset(&v, 0, sizeof v);   /* every field, whatever gen.h puts there */
        j.left = k;
        SINK(p);
        t0 = now_ns();
        for (i = 0; i < k; i++) {
            if (gen_async_next(p, &v) != GEN_YIELDED) bad++;
            SINK(v.kind);
            bad += v.kind != 0;
        }
        t1 = now_ns();
        if (gen_async_next(p, &v) != GEN_DONE || p->result != 7) bad++;
        ops = (double)k;
    } else if (strcmp(mode, "switch") == 0 || strcmp(mode, "sleep") == 0) {
        int sw = mode[1] == 'w';
        size_t fsz = sw ? sizeof(struct job) : sizeof(struct sleeper);
        char *frames = malloc((size_t)m * fsz);
        gen_task_t *tasks = malloc((size_t)m * sizeof *tasks);
        if (!frames || !tasks) { fprintf(stderr, "out of memory\n"); return 2; }
        for (i = 0; i < m; i++) {
            gen_async *p;
            if (sw) {
                struct job *j = (struct job *)(void *)(frames + i * fsz);
                j->left = k;
                p = gen_async_init(&j->gen, job_body);
            } else {   /* distinct deadlines, spawned in a scrambled order */
                struct sleeper *s = (struct sleeper *)(void *)(frames + i * fsz);
                s->d = (long)(((unsigned long)i * 2654435761ul) % (unsigned long)m) + 1;
                p = gen_async_init(&s->gen, sleeper_body);
            }
            gen_spawn(&loop, &tasks[i], p);
        }
        t0 = now_ns();
        if (run_loop(&loop) != GEN_DONE) bad++;
        t1 = now_ns();
        for (i = 0; i < m; i++) {
            gen_async *p = (gen_async *)(void *)(frames + i * fsz);
            int want = sw ? 7 : (int)(((struct sleeper *)(void *)p)->d & 0xff);
            if (!gen_task_done(&tasks[i]) || gen_task_result(&tasks[i]) != GEN_DONE || p->result != want)
                bad++;
        }
        if (!sw && gen_now(&loop) != (gen_time_t)m) bad++;
        ops = sw ? (double)m * (double)k : (double)m;
        free(frames);
        free(tasks);
    } else if (strcmp(mode, "pt") == 0) {
        bad = pt_mode(&clock, m, k, &t0, &t1);
        if (bad < 0) { fprintf(stderr, "out of memory\n"); return 2; }
        ops = (double)m * (double)k;
    } else if (strcmp(mode, "rr") == 0 || strcmp(mode, "rrwide") == 0 || strcmp(mode, "rrpt") == 0) {
        size_t stride = mode[2] == 'w' ? RR_WIDE_BYTES : mode[2] == 'p' ? RR_PT_BYTES : sizeof(struct rr_slot);
        char *slots = calloc((size_t)m, stride);
        if (!slots) { fprintf(stderr, "out of memory\n"); return 2; }
        for (i = 0; i < m; i++) {
            void (*fn)(struct rr_slot *) = mode[2] == 'w' ? rr_wide_step : rr_step;
            SINK(fn);   /* the compiler must not see which function it is */
            ((struct rr_slot *)(void *)(slots + (size_t)i * stride))->fn = fn;
        }
        t0 = now_ns();
        rr_rounds(slots, stride, m, k);
        t1 = now_ns();
        for (i = 0; i < m; i++)
            bad += ((struct rr_slot *)(void *)(slots + (size_t)i * stride))->count != k;
        ops = (double)m * (double)k;
        free(slots);
    } else {
        fprintf(stderr, "usage: %s resume|switch|sleep|pt|rr|rrwide|rrpt TASKS K\n", argv[0]);
        return 2;
    }
    if (bad) {
        fprintf(stderr, "rt_bench %s: %ld wrong results\n", mode, bad);
        return 1;
    }
    printf("ns_per_op %.4f rss_kb %ld bytes_per_task %u task_bytes %u port_bytes %u pt_bytes %u\n", (t1 - t0) / ops,
           vm_hwm_kb(), (unsigned)(sizeof(gen_task_t) + sizeof(gen_async)), (unsigned)sizeof(gen_task_t),
           (unsigned)sizeof(gen_async), (unsigned)sizeof(gen_pt_t));
    return 0;
}
