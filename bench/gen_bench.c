/* bench/gen_bench.c - one produced value per round trip, C variants.
   Built with gcc and clang, each twice: -DCORO_BACKEND_SWITCH and
   -DCORO_BACKEND_GOTO (the peers of peers.h do not depend on the backend).
   Three jobs: 1 yield per round trip (the body yields in a loop), 5 yields
   in the loop body (still one value per round trip), and send/echo (the
   consumer hands k in, the coroutine hands it back). Every job's values
   add up to n(n-1)/2 over n round trips.
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
#include "peers.h"

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

/* The hand-written echo: the value handed in comes straight back, through
   a function pointer (the baseline of the send/echo job). It needs no
   state; the pointer to some is passed all the same, as to an iterator. */
typedef struct echo_t { long unused; } echo_t;
__attribute__((noinline)) static int hand_echo_call(echo_t *e, long in, long *out)
{
    (void)e;
    *out = in;
    return 1;
}

static long run_hand_echo(long n)
{
    echo_t e = { 0 };
    int (*fp)(echo_t *, long, long *) = hand_echo_call;
    long sum = 0, v, k;
    SINK(fp);
    for (k = 0; k < n; k++) {
        if (!fp(&e, k, &v)) return -1;
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
static int gs_body(gen_long *g)   /* yields what was sent (0 first) */
{
    struct gs *f = GEN_SELF(struct gs, gen, g);
    GEN_BEGIN(g);
    f->acc = 0;
    for (;;) {
        GEN_YIELD(g, f->acc);
        f->acc = g->sent;
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

static long run_send_direct(long n)   /* sends k, receives k */
{
    struct gs f;
    gen_long *p = gen_long_init(&f.gen, gs_body);
    long sum = 0, v = 0, k;
    if (gen_long_next(p, &v) != GEN_YIELDED) return -1;
    for (k = 0; k < n; k++) {
        if (gen_long_send(p, k, &v) != GEN_YIELDED) return -1;
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
        if (gen_long_send(p, k, &v) != GEN_YIELDED) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

/* ---- frame-based coroutines: coro.h part I and the protothreads ----------
   A coro.h body (or a protothread) has no value channel: it hands a value
   out through its frame (f->out), and takes one in the same way (f->in).
   Each is run two ways: called by name (the compiler sees the body and may
   inline it) and through a function pointer hidden from the optimiser.
   SEND: 1 for the echo job (k is handed in), 0 for the others. */
#define FRAME_RUNNERS(tag, T, R, fn, OK, SEND) \
    static long run_##tag##_name(long n) \
    { \
        T f; \
        long sum = 0, v, k; \
        memset(&f, 0, sizeof f); /* all-zero: a fresh coroutine */ \
        for (k = 0; k < n; k++) { \
            if (SEND) f.in = k; \
            if (fn(&f) != (OK)) return -1; \
            v = f.out; \
            SINK(v); \
            sum += v; \
        } \
        return sum; \
    } \
    static long run_##tag##_ptr(long n) \
    { \
        T f; \
        R (*fp)(T *) = fn; \
        long sum = 0, v, k; \
        memset(&f, 0, sizeof f); \
        SINK(fp); \
        for (k = 0; k < n; k++) { \
            if (SEND) f.in = k; \
            if (fp(&f) != (OK)) return -1; \
            v = f.out; \
            SINK(v); \
            sum += v; \
        } \
        return sum; \
    }

/* coro.h part I (this binary's backend) */
struct c_fr { coro_t co; long i, in, out; };

static int c1_body(struct c_fr *f)
{
    CORO_BEGIN(&f->co);
    for (;;) {
        f->out = f->i++;
        CORO_YIELD();
    }
    CORO_END();
}

static int c5_body(struct c_fr *f)
{
    CORO_BEGIN(&f->co);
    for (;;) {
        f->out = f->i++;
        CORO_YIELD();
        f->out = f->i++;
        CORO_YIELD();
        f->out = f->i++;
        CORO_YIELD();
        f->out = f->i++;
        CORO_YIELD();
        f->out = f->i++;
        CORO_YIELD();
    }
    CORO_END();
}

static int ce_body(struct c_fr *f)   /* echo: hands back what it was handed */
{
    CORO_BEGIN(&f->co);
    for (;;) {
        f->out = f->in;
        CORO_YIELD();
    }
    CORO_END();
}

FRAME_RUNNERS(c1, struct c_fr, int, c1_body, CORO_SUSPENDED, 0)
FRAME_RUNNERS(c5, struct c_fr, int, c5_body, CORO_SUSPENDED, 0)
FRAME_RUNNERS(ce, struct c_fr, int, ce_body, CORO_SUSPENDED, 1)

/* protothreads, both local continuations (peers.h); F is LCS or LCA */
struct pts_fr { lcs_t lc; long i, in, out; };
struct pta_fr { lca_t lc; long i, in, out; };

#define PT_BODIES(F, T, p) \
    static PT_THREAD(p##1_body(T *f)) \
    { \
        PT_BEGIN(F, f); \
        for (;;) { \
            f->out = f->i++; \
            PT_YIELD(F, f); \
        } \
        PT_END(F, f); \
    } \
    static PT_THREAD(p##e_body(T *f)) \
    { \
        PT_BEGIN(F, f); \
        for (;;) { \
            f->out = f->in; \
            PT_YIELD(F, f); \
        } \
        PT_END(F, f); \
    }
/* a body inside a macro is all on one line: its yields need lines of their
   own (peers.h keys them by __LINE__), so the 5-yield bodies are spelled out */
PT_BODIES(LCS, struct pts_fr, pts)
PT_BODIES(LCA, struct pta_fr, pta)

static PT_THREAD(pts5_body(struct pts_fr *f))
{
    PT_BEGIN(LCS, f);
    for (;;) {
        f->out = f->i++;
        PT_YIELD(LCS, f);
        f->out = f->i++;
        PT_YIELD(LCS, f);
        f->out = f->i++;
        PT_YIELD(LCS, f);
        f->out = f->i++;
        PT_YIELD(LCS, f);
        f->out = f->i++;
        PT_YIELD(LCS, f);
    }
    PT_END(LCS, f);
}

static PT_THREAD(pta5_body(struct pta_fr *f))
{
    PT_BEGIN(LCA, f);
    for (;;) {
        f->out = f->i++;
        PT_YIELD(LCA, f);
        f->out = f->i++;
        PT_YIELD(LCA, f);
        f->out = f->i++;
        PT_YIELD(LCA, f);
        f->out = f->i++;
        PT_YIELD(LCA, f);
        f->out = f->i++;
        PT_YIELD(LCA, f);
    }
    PT_END(LCA, f);
}

FRAME_RUNNERS(pts1, struct pts_fr, char, pts1_body, PT_YIELDED, 0)
FRAME_RUNNERS(pts5, struct pts_fr, char, pts5_body, PT_YIELDED, 0)
FRAME_RUNNERS(ptse, struct pts_fr, char, ptse_body, PT_YIELDED, 1)
FRAME_RUNNERS(pta1, struct pta_fr, char, pta1_body, PT_YIELDED, 0)
FRAME_RUNNERS(pta5, struct pta_fr, char, pta5_body, PT_YIELDED, 0)
FRAME_RUNNERS(ptae, struct pta_fr, char, ptae_body, PT_YIELDED, 1)

/* ---- Tatham-style coroutines (peers.h) -----------------------------------
   The value comes out as the return value (-1: finished, never here) and
   goes in as an argument of the call, as in the article's parser. */
struct tt_ctx { int state; long i; };

static long tt1_body(struct tt_ctx *c)
{
    TT_BEGIN(c);
    for (;;)
        TT_RETURN(c, c->i++);
    TT_FINISH(-1);
}

static long tt5_body(struct tt_ctx *c)
{
    TT_BEGIN(c);
    for (;;) {
        TT_RETURN(c, c->i++);
        TT_RETURN(c, c->i++);
        TT_RETURN(c, c->i++);
        TT_RETURN(c, c->i++);
        TT_RETURN(c, c->i++);
    }
    TT_FINISH(-1);
}

static long tte_body(struct tt_ctx *c, long in)
{
    TT_BEGIN(c);
    for (;;)
        TT_RETURN(c, in);
    TT_FINISH(-1);
}

#define TT_RUNNERS(tag, fn) \
    static long run_##tag##_name(long n) \
    { \
        struct tt_ctx c = { 0, 0 }; \
        long sum = 0, v, k; \
        for (k = 0; k < n; k++) { \
            if ((v = fn(&c)) < 0) return -1; \
            SINK(v); \
            sum += v; \
        } \
        return sum; \
    } \
    static long run_##tag##_ptr(long n) \
    { \
        struct tt_ctx c = { 0, 0 }; \
        long (*fp)(struct tt_ctx *) = fn; \
        long sum = 0, v, k; \
        SINK(fp); \
        for (k = 0; k < n; k++) { \
            if ((v = fp(&c)) < 0) return -1; \
            SINK(v); \
            sum += v; \
        } \
        return sum; \
    }
TT_RUNNERS(tt1, tt1_body)
TT_RUNNERS(tt5, tt5_body)

static long run_tte_name(long n)
{
    struct tt_ctx c = { 0, 0 };
    long sum = 0, v, k;
    for (k = 0; k < n; k++) {
        if ((v = tte_body(&c, k)) < 0) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

static long run_tte_ptr(long n)
{
    struct tt_ctx c = { 0, 0 };
    long (*fp)(struct tt_ctx *, long) = tte_body;
    long sum = 0, v, k;
    SINK(fp);
    for (k = 0; k < n; k++) {
        if ((v = fp(&c, k)) < 0) return -1;
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
    { "ucontext", run_ucontext },       { "hand_echo", run_hand_echo },
#define BOTH(tag) { #tag "_name", run_##tag##_name }, { #tag "_ptr", run_##tag##_ptr }
    BOTH(c1), BOTH(c5), BOTH(ce),         /* coro.h part I */
    BOTH(pts1), BOTH(pts5), BOTH(ptse),   /* protothreads, lc-switch */
    BOTH(pta1), BOTH(pta5), BOTH(ptae),   /* protothreads, lc-addrlabels */
    BOTH(tt1), BOTH(tt5), BOTH(tte),      /* Tatham */
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
