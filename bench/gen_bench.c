/* bench/gen_bench.c - one produced value per round trip, C variants.
   Built twice: -DCORO_BACKEND_SWITCH and -DCORO_BACKEND_GOTO.
   usage: gen_bench VARIANT N   prints "ns_per_op <x>"; exits 1 on a bad checksum.
   Every value goes through SINK (an empty asm the optimiser cannot see
   through, no memory clobber); pointers that must stay opaque (the function
   pointer, the type-erased port) are hidden the same way. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include "gen.h"

#define SINK(v) __asm__ volatile("" : "+r"(v))

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- the physical limits: a hand-written iterator ----------------------- */
typedef struct hand_t { long i; } hand_t;
static inline int hand_next(hand_t *h, long *out) { *out = h->i++; return 1; }
__attribute__((noinline)) static int hand_next_call(hand_t *h, long *out) { *out = h->i++; return 1; }

static long run_hand_inline(long n)
{
    hand_t h = { 0 };
    long sum = 0, v, k;
    for (k = 0; k < n; k++) {
        if (!hand_next(&h, &v)) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_hand_fptr(long n)
{
    hand_t h = { 0 };
    int (*fp)(hand_t *, long *) = hand_next_call;
    long sum = 0, v, k;
    SINK(fp);
    for (k = 0; k < n; k++) {
        if (!fp(&h, &v)) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

/* ---- our generators ------------------------------------------------------ */
struct g1 { gen_long gen; long i; };
static int g1_body(gen_long *g)
{
    struct g1 *f = GEN_SELF(struct g1, gen, g);
    GEN_BEGIN(g);
    for (;;)
        GEN_YIELD(g, f->i++);
    GEN_END(g);
}

struct g5 { gen_long gen; long i; };
static int g5_body(gen_long *g)
{
    struct g5 *f = GEN_SELF(struct g5, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_YIELD(g, f->i++);
        GEN_YIELD(g, f->i++);
        GEN_YIELD(g, f->i++);
        GEN_YIELD(g, f->i++);
        GEN_YIELD(g, f->i++);
    }
    GEN_END(g);
}

struct gs { gen_long gen; long acc; };
static int gs_body(gen_long *g)   /* yields what was sent, plus one */
{
    struct gs *f = GEN_SELF(struct gs, gen, g);
    GEN_BEGIN(g);
    f->acc = 0;
    for (;;) {
        GEN_YIELD(g, f->acc);
        f->acc = g->sent + 1;
    }
    GEN_END(g);
}

static long loop_next(gen_long *p, long n)
{
    long sum = 0, v = 0, k;
    for (k = 0; k < n; k++) {
        if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_g1_direct(long n)
{
    struct g1 f;
    gen_long *p = gen_long_init(&f.gen, g1_body);
    long sum = 0, v = 0, k;
    f.i = 0;
    for (k = 0; k < n; k++) {
        if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

/* The body called by its name, not through NAME_next, its value read from
   g->value (documented: gen.h caveat 6.2): the compiler can inline it
   (NAME_next always calls through the port's body pointer). */
static long run_g1_body(long n)
{
    struct g1 f;
    gen_long *p = gen_long_init(&f.gen, g1_body);
    long sum = 0, v = 0, k;
    f.i = 0;
    for (k = 0; k < n; k++) {
        if (g1_body(p) != GEN_YIELDED) return -1;
        v = p->value;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_g5_body(long n)
{
    struct g5 f;
    gen_long *p = gen_long_init(&f.gen, g5_body);
    long sum = 0, v = 0, k;
    f.i = 0;
    for (k = 0; k < n; k++) {
        if (g5_body(p) != GEN_YIELDED) return -1;
        v = p->value;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_g1_port(long n)
{
    struct g1 f;
    gen_long *p = gen_long_init(&f.gen, g1_body);
    f.i = 0;
    SINK(p);
    return loop_next(p, n);
}

static long run_g5_direct(long n)
{
    struct g5 f;
    gen_long *p = gen_long_init(&f.gen, g5_body);
    long sum = 0, v = 0, k;
    f.i = 0;
    for (k = 0; k < n; k++) {
        if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_g5_port(long n)
{
    struct g5 f;
    gen_long *p = gen_long_init(&f.gen, g5_body);
    f.i = 0;
    SINK(p);
    return loop_next(p, n);
}

static long run_send_direct(long n)   /* sends k, receives k + 1 */
{
    struct gs f;
    gen_long *p = gen_long_init(&f.gen, gs_body);
    long sum = 0, v = 0, k;
    if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
    for (k = 0; k < n; k++) {
        if (gen_long_send(p, k - 1, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_send_port(long n)
{
    struct gs f;
    gen_long *p = gen_long_init(&f.gen, gs_body);
    long sum = 0, v = 0, k;
    SINK(p);
    if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
    for (k = 0; k < n; k++) {
        if (gen_long_send(p, k - 1, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

/* ---- glibc ucontext ------------------------------------------------------- */
static ucontext_t uc_main, uc_gen;
static long uc_value;
static void uc_body(void)
{
    long i;
    for (i = 0;; i++) {
        uc_value = i;
        swapcontext(&uc_gen, &uc_main);
    }
}

static long run_ucontext(long n)
{
    static char stack[64 * 1024];
    volatile long sum = 0, k;  /* live across swapcontext */
    long v;
    getcontext(&uc_gen);
    uc_gen.uc_stack.ss_sp = stack;
    uc_gen.uc_stack.ss_size = sizeof stack;
    uc_gen.uc_link = 0;
    makecontext(&uc_gen, uc_body, 0);
    for (k = 0; k < n; k++) {
        swapcontext(&uc_main, &uc_gen);
        v = uc_value;
        SINK(v);
        sum += v;
    }
    return sum;
}

/* ---- driver --------------------------------------------------------------- */
static const struct { const char *name; long (*run)(long); } variants[] = {
    { "hand_inline", run_hand_inline }, { "hand_fptr", run_hand_fptr },
    { "g1_direct", run_g1_direct },     { "g1_port", run_g1_port },
    { "g1_body", run_g1_body },         { "g5_body", run_g5_body },
    { "g5_direct", run_g5_direct },     { "g5_port", run_g5_port },
    { "send_direct", run_send_direct }, { "send_port", run_send_port },
    { "ucontext", run_ucontext },
};

int main(int argc, char **argv)
{
    size_t i;
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        if (argc > 1 && strcmp(argv[1], variants[i].name) == 0) {
            long want = n * (n - 1) / 2, got;
            double t0, t1;
            if (getenv("BENCH_WARM"))
                variants[i].run(n / 10 + 1);
            t0 = now_ns();
            got = variants[i].run(n);
            t1 = now_ns();
            if (got != want) {
                fprintf(stderr, "%s: checksum %ld, expected %ld\n", argv[1], got, want);
                return 1;
            }
            printf("ns_per_op %.4f\n", (t1 - t0) / (double)n);
            return 0;
        }
    }
    fprintf(stderr, "usage: %s VARIANT N\nvariants:", argv[0]);
    for (i = 0; i < sizeof variants / sizeof variants[0]; i++)
        fprintf(stderr, " %s", variants[i].name);
    fprintf(stderr, "\n");
    return 2;
}
