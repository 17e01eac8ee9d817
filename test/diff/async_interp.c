/* async_interp.c - the C side of the async differential test
   (test/diff/async_diff.py): an interpreter of random concurrent programs on
   gen.h's runtime with the virtual clock.

   Reads many programs from stdin (the integer format async_diff.py's
   serialise() writes), runs each one, and writes its trace: one line per
   event "<time> <label> <event>", then "end ok|deadlock <time>", then one
   status line per top-level task, then "=". Every task, child coroutine and
   async generator runs the same interpreting body over its step list; the
   frames come from static pools reset for each program (nothing mallocs).

   Each frame has one gen_gather_t and one gen_wait_for_t, reused by its
   successive gather and wait_for steps, as a loop of gathers in C would
   reuse one (a gather that raised early still has running children that
   point at it: see async_cases.py, gather-struct-reuse).

   A body's steps t0 to t1 - 1 may sit in a try block (Python: try: ...
   except BaseException but GeneratorExit: log, go on after the block): here
   every step runs inside a GEN_TRY, whose except branch logs and skips to
   step t1 inside the range and raises again outside it.

   Restrictions of the C API this respects: one finally section per body (at
   its top level), no suspension inside a switch of ours (if/else chains),
   state kept in the frame across suspensions. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include "gen.h"

GEN_AGEN_DECLARE(agen_int, int)
GEN_QUEUE_DECLARE(iq, int)

enum {
    OP_SLEEP = 0, OP_CALL = 1, OP_GATHER = 2, OP_WAITFOR = 3, OP_CANCEL = 4,
    OP_EVSET = 5, OP_EVCLEAR = 6, OP_EVWAIT = 7, OP_LOCK = 8, OP_PUT = 9,
    OP_GET = 10, OP_AFOR = 11, OP_ANEXT = 12, OP_ASEND = 13, OP_ATHROW = 14,
    OP_ACLOSE = 15, OP_AWAITSELF = 16, OP_AWAITTASK = 17, OP_RAISE = 18,
    OP_RETURN = 19, OP_YIELD = 20
};
enum { K_TASK = 0, K_CHILD = 1, K_AGEN = 2 };

#define MAXB 96      /* bodies per program */
#define MAXS 16      /* steps per body (and per finally section) */
#define MAXTASK 8    /* top-level tasks */
#define MAXF 512     /* frames per program */
#define MAXCT 256    /* child tasks (gather, wait_for) per program */
#define MAXE 4
#define MAXR 4
#define MAXQ 4
#define LABN 48

struct step { int op, a, b, c, d, e; };
struct body {
    int kind, agen, n, nfin; /* nfin -1: no try/finally */
    int t0, t1;              /* steps t0..t1-1 in a try block (t0 >= t1: none) */
    struct step s[MAXS], f[MAXS];
};

struct aframe {
    agen_int gen;
    const struct body *code;
    int pc, fpc;
    char lab[LABN];
};

struct frame {
    gen_async gen;
    const struct body *code;
    int pc, fpc, cnt, val, broke, nct, i;
    char lab[LABN];
    struct frame *child;
    struct frame *gch[3];
    gen_task_t *ct[3];
    gen_gather_t ga;
    gen_wait_for_t wf;
    gen_async *sub;
    struct aframe *agf;
    agen_int *ag;
};

static struct body bodies[MAXB];
static int nbodies, ntasks, nev, nres, nq;
static int task_body[MAXTASK];
static struct frame *top[MAXTASK];
static gen_task_t tasks[MAXTASK];
static gen_event_t evs[MAXE];
static gen_semaphore_t res[MAXR];
static iq queues[MAXQ];
static int qbuf[MAXQ][8];
static gen_loop_t loop;
static gen_clock_t clk;

static struct frame fpool[MAXF];
static int nframes;
static struct aframe apool[MAXF];
static int naframes;
static gen_task_t ctpool[MAXCT];
static int nct;

static void fatal(const char *msg)
{
    printf("fatal %s\n", msg);
    fflush(stdout);
    exit(2);
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void lg(const char *lab, const char *fmt, ...);
static void lg(const char *lab, const char *fmt, ...)
{
    va_list ap;
    printf("%lu %s ", (unsigned long)gen_now(&loop), lab);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* the name of an error code, as the Python side names exceptions */
static const char *ename(int code, char *buf, size_t n)
{
    if (code == GEN_ERROR_CANCELLED)
        return "Cancelled";
    if (code == GEN_ERROR_TIMEOUT)
        return "Timeout";
    if (code == GEN_ERROR_RUNNING)
        return "RuntimeError";
    if (code == GEN_ERROR_NOT_STARTED) /* asend(non-None) to a just-started generator */
        return "TypeError";
    if (code <= -17 && code >= -40) {
        snprintf(buf, n, "E%d", -16 - code);
        return buf;
    }
    snprintf(buf, n, "code%d", code);
    return buf;
}

static int body_fn(gen_async *g);
static int agen_fn(agen_int *g);

/* Hooks for test/fuzz/fuzz_async.c, which includes this file with
   FUZZ_NO_MAIN: a body's first entry, the start of its finally section, a
   gather step's normal return. Nothing here. */
#ifndef INTERP_ON_START
#define INTERP_ON_START(frame) ((void)0)
#endif
#ifndef INTERP_ON_FINALLY
#define INTERP_ON_FINALLY(frame) ((void)0)
#endif
#ifndef INTERP_ON_GATHERED
#define INTERP_ON_GATHERED(frame) ((void)0)
#endif

static struct frame *new_frame(int b, const char *lab)
{
    struct frame *fr;
    if (b < 0 || b >= nbodies)
        fatal("bad body");
    if (nframes >= MAXF)
        fatal("out of frames");
    fr = &fpool[nframes++];
    memset(fr, 0, sizeof *fr);
    fr->code = &bodies[b];
    if (strlen(lab) >= LABN)
        fatal("label too long");
    memcpy(fr->lab, lab, strlen(lab) + 1);
    gen_async_init(&fr->gen, body_fn);
    if (bodies[b].agen >= 0) {
        struct aframe *a;
        if (naframes >= MAXF)
            fatal("out of agen frames");
        a = &apool[naframes++];
        memset(a, 0, sizeof *a);
        a->code = &bodies[bodies[b].agen];
        if (strlen(lab) + 4 > LABN)
            fatal("label too long");
        memcpy(a->lab, lab, strlen(lab));
        memcpy(a->lab + strlen(lab), ".ag", 4);
        fr->agf = a;
        fr->ag = agen_int_init(&a->gen, agen_fn);
    }
    return fr;
}

/* dst = parent + ".a" (+ ".b" when b >= 0), truncated to LABN */
static void mklab(char *dst, const char *parent, int a, int b)
{
    char num[32];
    size_t n;
    if (b >= 0)
        snprintf(num, sizeof num, ".%d.%d", a, b);
    else
        snprintf(num, sizeof num, ".%d", a);
    n = strlen(parent);
    if (n + strlen(num) >= LABN)
        fatal("label too long");
    memcpy(dst, parent, n);
    memcpy(dst + n, num, strlen(num) + 1);
}

static gen_task_t *new_task(void)
{
    if (nct >= MAXCT)
        fatal("out of tasks");
    return &ctpool[nct++];
}

/* "name" of a child task's outcome: its value or its error */
static void outcome(char *buf, size_t n, const gen_task_t *t, const struct frame *fr)
{
    char eb[24];
    if (gen_task_result(t) == GEN_DONE)
        snprintf(buf, n, "%d", fr->gen.result);
    else
        snprintf(buf, n, "%s", ename(gen_task_error(t)->code, eb, sizeof eb));
}

static void log_gather(struct frame *f)
{
    char line[160], one[32];
    int i;
    INTERP_ON_GATHERED(f);
    line[0] = 0;
    strcat(line, "[");
    for (i = 0; i < f->nct; i++) {
        outcome(one, sizeof one, f->ct[i], f->gch[i]);
        if (i)
            strcat(line, ", ");
        strcat(line, one);
    }
    strcat(line, "]");
    lg(f->lab, "s%d -> %s", f->pc, line);
}

static void log_caught(struct frame *f, const gen_error_t *e)
{
    char eb[24];
    lg(f->lab, "s%d caught %s", f->pc, ename(e->code, eb, sizeof eb));
}

/* after an agen operation: exhausted (StopAsyncIteration) or a value */
static void log_agen(struct frame *f)
{
    if (gen_state(f->ag) == GEN_CLOSED)
        lg(f->lab, "s%d stop", f->pc);
    else
        lg(f->lab, "s%d -> %d", f->pc, f->val);
}

#define ST (&f->code->s[f->pc])
#define FS (&f->code->f[f->fpc])

/* a step's error in the try block: logged, then on after the block */
static int caught_in_try(const struct body *b, int *pc, const char *lab, const gen_error_t *e)
{
    char eb[24];
    if (*pc < b->t0 || *pc >= b->t1)
        return 0;
    lg(lab, "x%d caught %s", b->t0, ename(e->code, eb, sizeof eb));
    *pc = b->t1 - 1;
    return 1;
}

static int body_fn(gen_async *g)
{
    struct frame *f = GEN_SELF(struct frame, gen, g);
    GEN_BEGIN(g);
    INTERP_ON_START(f);
    for (f->pc = 0; f->pc < f->code->n; f->pc++) GEN_TRY(g) {
        if (ST->op == OP_SLEEP) {
            lg(f->lab, "s%d sleep %d", f->pc, ST->a);
            if (ST->a == 0)
                GEN_SLEEP0(g);
            else
                GEN_SLEEP(g, ST->a);
        } else if (ST->op == OP_CALL) {
            char lab[LABN];
            mklab(lab, f->lab, f->pc, -1);
            f->child = new_frame(ST->a, lab);
            lg(f->lab, "s%d call", f->pc);
            if (ST->b) {
                GEN_AWAIT_CATCH(g, &f->child->gen);
                if (gen_caught(g))
                    log_caught(f, gen_caught(g));
                else
                    lg(f->lab, "s%d -> %d", f->pc, f->child->gen.result);
            } else {
                GEN_AWAIT(g, &f->child->gen);
                lg(f->lab, "s%d -> %d", f->pc, f->child->gen.result);
            }
        } else if (ST->op == OP_GATHER) {
            lg(f->lab, "s%d gather", f->pc);
            f->nct = 0;
            for (f->i = 0; f->i < 3; f->i++) { /* GEN_SPAWN suspends: f->i */
                int kid = f->i == 0 ? ST->a : f->i == 1 ? ST->b : ST->c;
                char lab[LABN];
                if (kid < 0)
                    continue;
                mklab(lab, f->lab, f->pc, f->nct);
                f->gch[f->nct] = new_frame(kid, lab);
                f->ct[f->nct] = new_task();
                GEN_SPAWN(g, f->ct[f->nct], &f->gch[f->nct]->gen);
                f->nct++;
            }
            f->sub = gen_gather(&f->ga, f->ct, (size_t)f->nct, ST->d);
            if (ST->e) {
                GEN_AWAIT_CATCH(g, f->sub);
                if (gen_caught(g))
                    log_caught(f, gen_caught(g));
                else
                    log_gather(f);
            } else {
                GEN_AWAIT(g, f->sub);
                log_gather(f);
            }
        } else if (ST->op == OP_WAITFOR) {
            char lab[LABN];
            mklab(lab, f->lab, f->pc, -1);
            f->child = new_frame(ST->a, lab);
            f->ct[0] = new_task();
            GEN_SPAWN(g, f->ct[0], &f->child->gen);
            lg(f->lab, "s%d wait_for %d", f->pc, ST->b);
            f->sub = gen_wait_for(&f->wf, f->ct[0], (gen_time_t)ST->b);
            if (ST->c) {
                GEN_AWAIT_CATCH(g, f->sub);
                if (gen_caught(g))
                    log_caught(f, gen_caught(g));
                else
                    lg(f->lab, "s%d -> %d", f->pc, f->child->gen.result);
            } else {
                GEN_AWAIT(g, f->sub);
                lg(f->lab, "s%d -> %d", f->pc, f->child->gen.result);
            }
        } else if (ST->op == OP_CANCEL) {
            int r = gen_cancel(&tasks[ST->a]);
            lg(f->lab, "s%d cancel T%d -> %d", f->pc, ST->a, r);
        } else if (ST->op == OP_EVSET) {
            lg(f->lab, "s%d set %d", f->pc, ST->a);
            gen_event_set(&evs[ST->a]);
        } else if (ST->op == OP_EVCLEAR) {
            lg(f->lab, "s%d clear %d", f->pc, ST->a);
            gen_event_clear(&evs[ST->a]);
        } else if (ST->op == OP_EVWAIT) {
            lg(f->lab, "s%d wait %d", f->pc, ST->a);
            GEN_EVENT_WAIT(g, &evs[ST->a]);
            lg(f->lab, "s%d woke %d", f->pc, ST->a);
        } else if (ST->op == OP_LOCK) {
            lg(f->lab, "s%d lock %d", f->pc, ST->a);
            GEN_ASYNC_WITH(g, &res[ST->a]) {
                lg(f->lab, "s%d locked %d", f->pc, ST->a);
                if (ST->b == 0)
                    GEN_SLEEP0(g);
                else
                    GEN_SLEEP(g, ST->b);
                lg(f->lab, "s%d unlock %d", f->pc, ST->a);
            } GEN_END_WITH(g, &res[ST->a]);
        } else if (ST->op == OP_PUT) {
            lg(f->lab, "s%d put %d %d", f->pc, ST->a, ST->b);
            GEN_QUEUE_PUT(g, iq, &queues[ST->a], ST->b);
            lg(f->lab, "s%d put done", f->pc);
        } else if (ST->op == OP_GET) {
            lg(f->lab, "s%d get %d", f->pc, ST->a);
            GEN_QUEUE_GET(g, iq, &queues[ST->a], &f->val);
            lg(f->lab, "s%d got %d", f->pc, f->val);
        } else if (ST->op == OP_AFOR) {
            lg(f->lab, "s%d afor", f->pc);
            f->cnt = 0;
            f->broke = 0;
            GEN_ASYNC_FOR(g, f->ag, &f->val) {
                lg(f->lab, "s%d item %d", f->pc, f->val);
                f->cnt++;
                if (ST->a && f->cnt == ST->a) {
                    lg(f->lab, "s%d break", f->pc);
                    f->broke = 1;
                    break;
                }
            }
            if (!f->broke)
                lg(f->lab, "s%d afor end", f->pc);
        } else if (ST->op == OP_ANEXT) {
            lg(f->lab, "s%d anext", f->pc);
            GEN_ANEXT(g, f->ag, &f->val);
            log_agen(f);
        } else if (ST->op == OP_ASEND) {
            lg(f->lab, "s%d asend %d", f->pc, ST->a);
            if (ST->a) /* asend(None) is anext: C sends no None */
                GEN_ASEND(g, f->ag, (char)ST->a, &f->val);
            else
                GEN_ANEXT(g, f->ag, &f->val);
            log_agen(f);
        } else if (ST->op == OP_ATHROW) {
            lg(f->lab, "s%d athrow E%d", f->pc, ST->a);
            GEN_ATHROW(g, f->ag, -16 - ST->a, "E", &f->val);
            log_agen(f);
        } else if (ST->op == OP_ACLOSE) {
            lg(f->lab, "s%d aclose", f->pc);
            GEN_ACLOSE(g, f->ag);
            lg(f->lab, "s%d closed", f->pc);
        } else if (ST->op == OP_AWAITSELF) {
            lg(f->lab, "s%d await self", f->pc);
            f->ct[0] = loop.current;
            if (ST->a) {
                GEN_AWAIT_TASK_CATCH(g, f->ct[0]);
                if (gen_caught(g))
                    log_caught(f, gen_caught(g));
                else
                    lg(f->lab, "s%d -> ?", f->pc);
            } else {
                GEN_AWAIT_TASK(g, f->ct[0]);
                lg(f->lab, "s%d -> ?", f->pc);
            }
        } else if (ST->op == OP_AWAITTASK) {
            lg(f->lab, "s%d await T%d", f->pc, ST->a);
            if (ST->b) {
                GEN_AWAIT_TASK_CATCH(g, &tasks[ST->a]);
                if (gen_caught(g))
                    log_caught(f, gen_caught(g));
                else
                    lg(f->lab, "s%d -> %d", f->pc, top[ST->a]->gen.result);
            } else {
                GEN_AWAIT_TASK(g, &tasks[ST->a]);
                lg(f->lab, "s%d -> %d", f->pc, top[ST->a]->gen.result);
            }
        } else if (ST->op == OP_RAISE) {
            lg(f->lab, "s%d raise E%d", f->pc, ST->a);
            GEN_FAIL(g, -16 - ST->a, "E");
        } else if (ST->op == OP_RETURN) {
            lg(f->lab, "s%d return %d", f->pc, ST->a);
            GEN_RETURN(g, ST->a);
        } else {
            fatal("bad op in body");
        }
    } GEN_EXCEPT(g) {
        if (!caught_in_try(f->code, &f->pc, f->lab, gen_caught(g)))
            GEN_RERAISE(g);
    } GEN_END_TRY(g);
    GEN_FINALLY(g);
    INTERP_ON_FINALLY(f);
    if (f->code->nfin >= 0) {
        lg(f->lab, "finally");
        for (f->fpc = 0; f->fpc < f->code->nfin; f->fpc++) {
            if (FS->op == OP_SLEEP) {
                lg(f->lab, "f%d sleep %d", f->fpc, FS->a);
                if (FS->a == 0)
                    GEN_SLEEP0(g);
                else
                    GEN_SLEEP(g, FS->a);
            } else if (FS->op == OP_EVSET) {
                lg(f->lab, "f%d set %d", f->fpc, FS->a);
                gen_event_set(&evs[FS->a]);
            } else {
                fatal("bad op in finally");
            }
        }
    }
    GEN_END(g);
}

#define AST (&a->code->s[a->pc])
#define AFS (&a->code->f[a->fpc])

static int agen_fn(agen_int *g)
{
    struct aframe *a = GEN_SELF(struct aframe, gen, g);
    GEN_BEGIN(g);
    INTERP_ON_START(a);
    for (a->pc = 0; a->pc < a->code->n; a->pc++) GEN_TRY(g) {
        if (AST->op == OP_YIELD) {
            lg(a->lab, "a%d yield %d", a->pc, AST->a);
            GEN_AYIELD(g, AST->a);
            if (gen_was_sent(g) && g->sent)
                lg(a->lab, "a%d resumed %d", a->pc, (int)g->sent);
            else
                lg(a->lab, "a%d resumed None", a->pc);
        } else if (AST->op == OP_SLEEP) {
            lg(a->lab, "a%d sleep %d", a->pc, AST->a);
            if (AST->a == 0)
                GEN_SLEEP0(g);
            else
                GEN_SLEEP(g, AST->a);
        } else if (AST->op == OP_RAISE) {
            lg(a->lab, "a%d raise E%d", a->pc, AST->a);
            GEN_FAIL(g, -16 - AST->a, "E");
        } else {
            fatal("bad op in agen");
        }
    } GEN_EXCEPT(g) {
        if (!caught_in_try(a->code, &a->pc, a->lab, gen_caught(g)))
            GEN_RERAISE(g);
    } GEN_END_TRY(g);
    GEN_FINALLY(g);
    INTERP_ON_FINALLY(a);
    if (a->code->nfin >= 0) {
        lg(a->lab, "finally");
        for (a->fpc = 0; a->fpc < a->code->nfin; a->fpc++) {
            if (AFS->op == OP_SLEEP) {
                lg(a->lab, "f%d sleep %d", a->fpc, AFS->a);
                if (AFS->a == 0)
                    GEN_SLEEP0(g);
                else
                    GEN_SLEEP(g, AFS->a);
            } else {
                fatal("bad op in agen finally");
            }
        }
    }
    GEN_END(g);
}

/* the program's top-level tasks: a frame each, spawned in order */
static void spawn_program(void)
{
    int i;
    for (i = 0; i < ntasks; i++) {
        char lab[16];
        snprintf(lab, sizeof lab, "T%d", i);
        top[i] = new_frame(task_body[i], lab);
        top[i]->gen.result = 100 + i;
    }
    for (i = 0; i < ntasks; i++)
        gen_spawn(&loop, &tasks[i], &top[i]->gen);
}

#ifndef FUZZ_NO_MAIN /* test/fuzz/fuzz_async.c decodes and runs programs itself */

/* ---- input ---- */

static int rd(int *v)
{
    return scanf("%d", v) == 1;
}

static int need(void)
{
    int v;
    if (!rd(&v))
        fatal("truncated program");
    return v;
}

static void read_steps(struct step *s, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        s[i].op = need();
        s[i].a = need();
        s[i].b = need();
        s[i].c = need();
        s[i].d = need();
        s[i].e = need();
    }
}

static int read_program(void)
{
    int i;
    if (!rd(&ntasks))
        return 0;
    nbodies = need();
    nev = need();
    nres = need();
    nq = need();
    if (ntasks < 1 || ntasks > MAXTASK || nbodies < 1 || nbodies > MAXB || nev < 0 || nev > MAXE ||
        nres < 0 || nres > MAXR || nq < 0 || nq > MAXQ)
        fatal("bad program header");
    gen_loop_init(&loop, gen_clock_virtual(&clk));
    for (i = 0; i < nev; i++)
        memset(&evs[i], 0, sizeof evs[i]);
    for (i = 0; i < nres; i++)
        gen_semaphore_init(&res[i], (unsigned long)need());
    for (i = 0; i < nq; i++) {
        int cap = need();
        if (cap < 1 || cap > 8)
            fatal("bad queue capacity");
        iq_init(&queues[i], qbuf[i], (size_t)cap);
    }
    for (i = 0; i < ntasks; i++)
        task_body[i] = need();
    for (i = 0; i < nbodies; i++) {
        struct body *b = &bodies[i];
        b->kind = need();
        b->agen = need();
        b->n = need();
        b->nfin = need();
        b->t0 = need();
        b->t1 = need();
        if (b->n < 0 || b->n > MAXS || b->nfin < -1 || b->nfin > MAXS)
            fatal("bad body size");
        read_steps(b->s, b->n);
        read_steps(b->f, b->nfin > 0 ? b->nfin : 0);
    }
    return 1;
}

static void run_program(void)
{
    int i, rc;
    char eb[24];
    nframes = naframes = nct = 0;
    spawn_program();
    rc = gen_loop_run(&loop);
    printf("end %s %lu\n", rc == GEN_ERROR_DEADLOCK ? "deadlock" : "ok", (unsigned long)gen_now(&loop));
    for (i = 0; i < ntasks; i++) {
        const gen_task_t *t = &tasks[i];
        if (!gen_task_done(t))
            printf("T%d pending\n", i);
        else if (gen_task_result(t) == GEN_DONE)
            printf("T%d done %d\n", i, top[i]->gen.result);
        else if (gen_task_error(t)->code == GEN_ERROR_CANCELLED)
            printf("T%d cancelled\n", i);
        else
            printf("T%d error %s\n", i, ename(gen_task_error(t)->code, eb, sizeof eb));
    }
    printf("=\n");
}

int main(void)
{
    while (read_program()) {
        run_program();
        fflush(stdout);
    }
    return 0;
}
#endif /* FUZZ_NO_MAIN */
