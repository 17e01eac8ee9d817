/* fuzz_async.c - libFuzzer target for gen.h's async runtime (part III) and
   gen.h's async generators, on the virtual clock (or a tick clock).

   The input is decoded into a program for the interpreter of the async
   differential test (test/diff/async_interp.c, included below: its bodies,
   frames and pools): 1-8 top-level tasks, 1-12 bodies of steps (sleep,
   await a child, gather, wait_for, cancel, Event set/clear/wait, Lock /
   Semaphore around a sleep, Queue put/get, async for / anext / asend /
   athrow / aclose on an async generator, await a task or oneself, raise,
   return), each with an optional finally section (sleeps, event sets), and
   0-3 async generator bodies (yields, sleeps, raise). The decoding keeps
   every program finite and within the interpreter's pools: a body only
   awaits or gathers bodies after it (no recursion, at most 8 deep), at most
   64 frames and 32 child tasks per top-level task. Sleeps and timeouts are
   mostly 0..7, sometimes up to 30000; negative and huge ones (up to the
   time type's largest) only with a header that takes signed delays
   (GEN_DELAY_TYPE): older headers moved the virtual clock backwards on
   those (a known finding, steered clear of by construction there).

   The program runs with gen_loop_run, or (one input bit) with a loop of
   gen_loop_step that does what gen_loop_run does and checks after each
   step. Then, as asyncio.run does at its end, every task still pending (a
   deadlock) is cancelled and the loop runs again, and every async
   generator abandoned suspended is closed by a task of its own (asyncio's
   shutdown_asyncgens), until everything is done.

   Invariants (a violation prints a message and aborts):
   - gen_loop_run returns GEN_DONE (every task done) or GEN_ERROR_DEADLOCK
     (tasks left, nothing ready, no timer); it ends: a bound on the loop's
     events and steps (every program ends by construction);
   - virtual time never goes backwards and never jumps further than the
     longest sleep or timeout, or half the time type's range with wide
     delays (checked at every reading of the clock, every task
     resume/suspend/end and every step; wrap-around of a 16-bit clock is
     allowed);
   - a task ends with GEN_DONE or GEN_ERROR, its error one the program can
     raise (its own codes, CancelledError, TimeoutError, RuntimeError from
     awaiting itself, TypeError from asend to a new generator);
   - every body starts at most once and its finally section runs exactly
     once by the time it is closed (never when it never started); at the
     end every coroutine is closed, every async generator closed or never
     started;
   - at the end: no task in a list or timer heap, no ready task, no timer,
     no waiter on any event, semaphore or queue; every semaphore is back at
     its initial value with no permit handed over; queue hand-over counters
     are zero;
   - a gather that returns (does not raise) has all its tasks done, all
     successful unless return_errors;
   - the idle hook is called only with nothing ready, with the time to the
     next timer (or, with no timer, GEN_FOREVER_WAIT: it clears loop->idle
     when no interrupt is left to fire, and the loop then reports a
     deadlock);
   - at a deadlock, no interrupt is left unpolled, and every task left
     waits for something that truly cannot happen yet: a task not done, a
     gather not complete, an event not set, a semaphore with no permit, an
     empty queue to get from or a full one to put into (no lost wake-up);
   - ASan/UBSan: no memory error, no undefined behaviour.
   Optional trailing bytes add a tick clock advanced by an idle hook and
   simulated interrupts (gen_event_set_from_isr, a queue's put_from_isr):
   see "interrupts and the tick clock" below.

   FUZZ_VERBOSE=1 in the environment prints the interpreter's trace (stdout)
   and the decoded program (stderr); without it stdout goes to /dev/null. */
#define FUZZ_NO_MAIN
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

static void on_start(const void *port);
static void on_finally(const void *port);
struct frame;
static void on_gathered(const struct frame *f);
#define INTERP_ON_START(fr) on_start(&(fr)->gen)
#define INTERP_ON_FINALLY(fr) on_finally(&(fr)->gen)
#define INTERP_ON_GATHERED(fr) on_gathered(fr)
#include "../diff/async_interp.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2), noreturn))
#endif
static void die(const char *fmt, ...);
static void die(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("fuzz_async: invariant violated: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
#define CHECK(cond, ...) do { if (!(cond)) die(__VA_ARGS__); } while (0)

static int verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *v = getenv("FUZZ_VERBOSE");
    verbose = v && *v && *v != '0';
    if (!verbose && !freopen("/dev/null", "w", stdout)) /* the interpreter's trace */
        abort();
    (void)argc;
    (void)argv;
    return 0;
}

/* ---- limits of the decoded programs --------------------------------------- */

enum {
    NB = 12,          /* coroutine bodies */
    NA = 3,           /* async generator bodies */
    NSTEPS = 8,       /* steps per body */
    CAP_FRAMES = 64,  /* frames per top-level task: 8 x 64 = MAXF */
    CAP_TASKS = 32,   /* child tasks per top-level task: 8 x 32 = MAXCT */
    CAP_DEPTH = 8,    /* nesting, for the labels (LABN) */
    MAXEVENTS = 400000, /* trace events per loop run: far above any program */
    MAXROUNDS = 1000  /* cancel rounds at the end */
};

/* ---- hooks: body starts and finally sections ----------------------------- */

static unsigned char f_started[MAXF], f_fin[MAXF], a_started[MAXF], a_fin[MAXF];

/* port: a frame's or an async generator frame's port (its first member) */
static unsigned char *slot(const void *port, unsigned char *fa, unsigned char *aa, int *ix)
{
    const char *p = (const char *)port;
    if (p >= (const char *)fpool && p < (const char *)(fpool + MAXF)) {
        *ix = (int)((const struct frame *)(const void *)p - fpool);
        return fa + *ix;
    }
    CHECK(p >= (const char *)apool && p < (const char *)(apool + MAXF), "hook: unknown port");
    *ix = (int)((const struct aframe *)(const void *)p - apool);
    return aa + *ix;
}

static void on_start(const void *port)
{
    int ix;
    unsigned char *s = slot(port, f_started, a_started, &ix);
    CHECK(!*s, "body %d started twice", ix);
    *s = 1;
}

static void on_finally(const void *port)
{
    int ix;
    unsigned char *s = slot(port, f_fin, a_fin, &ix);
    CHECK(*slot(port, f_started, a_started, &ix), "body %d runs its finally section without having started", ix);
    CHECK(!*s, "body %d enters its finally section a second time", ix);
    *s = 1;
}

/* A gather returned (did not raise): all its tasks are done, and without
   return_errors all of them succeeded. */
static void on_gathered(const struct frame *f)
{
    int i;
    for (i = 0; i < f->nct; i++) {
        CHECK(gen_task_done(f->ct[i]), "%s: gather step %d returned, its task %d is not done", f->lab, f->pc, i);
        CHECK(f->code->s[f->pc].d || gen_task_result(f->ct[i]) == GEN_DONE,
              "%s: gather step %d returned, its task %d failed (error %d) and return_errors is off", f->lab, f->pc, i,
              gen_task_error(f->ct[i])->code);
    }
}

/* ---- the input ------------------------------------------------------------ */

static const uint8_t *in_p;
static size_t in_n, in_i;

static unsigned in_byte(void) { return in_i < in_n ? in_p[in_i++] : 0u; }

/* Sleeps and timeouts. A header that takes delays as a signed gen_delay_t
   (GEN_DELAY_TYPE: negative means 0, one beyond half the time type's range
   is slept in steps) gets negative and huge ones too; an older one moved
   the virtual clock backwards on those (a known finding), so it gets
   0..30000 only, within half of a 16-bit clock. */
#ifdef GEN_DELAY_TYPE
#define WIDE_DELAYS 1
#define MAXJUMP ((gen_time_t)((gen_time_t)~(gen_time_t)0 >> 1))
#else
#define WIDE_DELAYS 0
#define MAXJUMP ((gen_time_t)30000)
#endif

/* mostly 0..7; one in 16 a long one up to 30000; with wide delays one in
   16 negative, one in 256 the time type's largest (or INT_MAX) */
static int delay(unsigned x)
{
    if (x < 0xe0)
        return (int)(x % 8);
    if (x < 0xf0)
        return WIDE_DELAYS ? -1 - (int)(x & 15) : (int)(x & 7);
    if (x == 0xff && WIDE_DELAYS)
        return (gen_time_t)~(gen_time_t)0 > (gen_time_t)INT_MAX ? INT_MAX : (int)(gen_time_t)~(gen_time_t)0;
    return (int)(x & 15) * 2000;
}

static int nb, na;              /* coroutine bodies 0..nb-1, agen bodies nb.. */
static int init_res[MAXR];

/* a body after body i for it to await or gather, or -1 */
static int child_of(int i, unsigned x)
{
    if (i + 1 >= nb)
        return -1;
    return i + 1 + (int)(x % (unsigned)(nb - i - 1));
}

static void set(struct step *s, int op, int a, int b, int c, int d, int e)
{
    s->op = op;
    s->a = a;
    s->b = b;
    s->c = c;
    s->d = d;
    s->e = e;
}

static void decode_step(int i, struct step *s, int has_agen)
{
    unsigned op = in_byte() % 20, x = in_byte(), y = in_byte();
    int k;
    set(s, OP_SLEEP, 0, 0, 0, 0, 0); /* what a step that cannot be becomes */
    switch (op) {
    case OP_SLEEP: s->a = delay(x); break;
    case OP_CALL:
        if ((k = child_of(i, x)) >= 0)
            set(s, OP_CALL, k, (int)(y & 1), 0, 0, 0);
        break;
    case OP_GATHER: {
        int kids[3] = { -1, -1, -1 }, n = (int)(x % 4), j;
        for (j = 0; j < n; j++)
            kids[j] = child_of(i, y + 5u * (unsigned)j + (x >> 4));
        set(s, OP_GATHER, kids[0], kids[1], kids[2], (int)((x >> 2) & 1), (int)((x >> 3) & 1));
        break;
    }
    case OP_WAITFOR:
        if ((k = child_of(i, x >> 1)) >= 0)
            set(s, OP_WAITFOR, k, delay(y), (int)(x & 1), 0, 0);
        break;
    case OP_CANCEL: set(s, OP_CANCEL, (int)(x % (unsigned)ntasks), 0, 0, 0, 0); break;
    case OP_EVSET: case OP_EVCLEAR: case OP_EVWAIT:
        if (nev)
            set(s, (int)op, (int)(x % (unsigned)nev), 0, 0, 0, 0);
        break;
    case OP_LOCK:
        if (nres)
            set(s, OP_LOCK, (int)(x % (unsigned)nres), delay(y), 0, 0, 0);
        break;
    case OP_PUT: case OP_GET:
        if (nq)
            set(s, (int)op, (int)(x % (unsigned)nq), (int)(y % 100), 0, 0, 0);
        break;
    case OP_AFOR: case OP_ANEXT: case OP_ASEND: case OP_ATHROW: case OP_ACLOSE:
        if (has_agen)
            set(s, (int)op, op == OP_ATHROW ? 1 + (int)(x % 9) : (int)(x % 4), 0, 0, 0, 0);
        break;
    case OP_AWAITSELF: set(s, OP_AWAITSELF, (int)(x & 1), 0, 0, 0, 0); break;
    case OP_AWAITTASK: set(s, OP_AWAITTASK, (int)(x % (unsigned)ntasks), (int)(y & 1), 0, 0, 0); break;
    case OP_RAISE: set(s, OP_RAISE, 1 + (int)(x % 9), 0, 0, 0, 0); break;
    default: set(s, OP_RETURN, (int)(x % 100), 0, 0, 0, 0); break;
    }
}

/* Keep each top-level task within its share of the pools and the labels:
   bodies from the last one (the leaves) up, a step whose children would
   cost too much becomes a sleep(0). */
static void bound_resources(void)
{
    static int frames[NB], ctasks[NB], depth[NB];
    int i, j, k;
    for (i = nb - 1; i >= 0; i--) {
        struct body *b = &bodies[i];
        frames[i] = 1;
        ctasks[i] = 0;
        depth[i] = 1;
        for (j = 0; j < b->n; j++) {
            struct step *s = &b->s[j];
            int kids[3] = { -1, -1, -1 }, nf = 0, nt = 0, d = 0;
            if (s->op == OP_CALL || s->op == OP_WAITFOR)
                kids[0] = s->a;
            else if (s->op == OP_GATHER)
                kids[0] = s->a, kids[1] = s->b, kids[2] = s->c;
            else
                continue;
            for (k = 0; k < 3; k++) {
                if (kids[k] < 0)
                    continue;
                nf += frames[kids[k]];
                nt += ctasks[kids[k]] + (s->op != OP_CALL);
                if (depth[kids[k]] > d)
                    d = depth[kids[k]];
            }
            if (frames[i] + nf > CAP_FRAMES || ctasks[i] + nt > CAP_TASKS || d + 1 > CAP_DEPTH) {
                set(s, OP_SLEEP, 0, 0, 0, 0, 0);
                continue;
            }
            frames[i] += nf;
            ctasks[i] += nt;
            if (d + 1 > depth[i])
                depth[i] = d + 1;
        }
    }
}

static const char *const op_names[] = {
    "sleep", "call", "gather", "wait_for", "cancel", "evset", "evclear", "evwait", "lock", "put",
    "get", "afor", "anext", "asend", "athrow", "aclose", "awaitself", "awaittask", "raise", "return", "yield"
};

static void dump_steps(int i, const char *what, const struct step *s, int n)
{
    int j;
    for (j = 0; j < n; j++)
        fprintf(stderr, "  body %d %s %d: %s %d %d %d %d %d\n", i, what, j, op_names[s[j].op], s[j].a, s[j].b,
                s[j].c, s[j].d, s[j].e);
}

static void decode(void)
{
    int i, j;
    ntasks = 1 + (int)(in_byte() % MAXTASK);
    nev = (int)(in_byte() % (MAXE + 1));
    nres = (int)(in_byte() % (MAXR + 1));
    nq = (int)(in_byte() % (MAXQ + 1));
    nb = 1 + (int)(in_byte() % NB);
    na = (int)(in_byte() % (NA + 1));
    nbodies = nb + na;
    gen_loop_init(&loop, gen_clock_virtual(&clk));
    memset(evs, 0, sizeof evs);
    for (i = 0; i < nres; i++)
        gen_semaphore_init(&res[i], (unsigned long)(init_res[i] = (int)(in_byte() % 3)));
    memset(queues, 0, sizeof queues); /* nothing from the last input */
    for (i = 0; i < nq; i++)
        iq_init(&queues[i], qbuf[i], 1 + in_byte() % 3);
    for (i = 0; i < ntasks; i++)
        task_body[i] = (int)(in_byte() % (unsigned)nb);
    for (i = 0; i < nb; i++) { /* coroutine bodies */
        struct body *b = &bodies[i];
        unsigned h = in_byte();
        b->kind = i ? K_CHILD : K_TASK; /* (not read by the interpreter) */
        b->agen = na && (h & 1) ? nb + (int)((h >> 1) % (unsigned)na) : -1;
        b->n = (int)(in_byte() % (NSTEPS + 1));
        b->nfin = (int)((h >> 4) % 4) - 1;
        b->t0 = (h & 0x80) ? b->n / 2 : 0; /* a try block around steps t0..t1-1 */
        b->t1 = (h & 0x40) ? b->n : 0;
        for (j = 0; j < b->n; j++)
            decode_step(i, &b->s[j], b->agen >= 0);
        for (j = 0; j < b->nfin; j++) {
            unsigned x = in_byte();
            if ((x & 1) && nev)
                set(&b->f[j], OP_EVSET, (int)((x >> 1) % (unsigned)nev), 0, 0, 0, 0);
            else
                set(&b->f[j], OP_SLEEP, delay(x >> 1 | (x & 0x80)), 0, 0, 0, 0);
        }
    }
    for (i = nb; i < nbodies; i++) { /* async generator bodies */
        struct body *b = &bodies[i];
        unsigned h = in_byte();
        b->kind = K_AGEN;
        b->agen = -1;
        b->n = (int)(h % 7);
        b->nfin = (int)((h >> 3) % 3) - 1;
        b->t0 = 0;
        b->t1 = 0;
        for (j = 0; j < b->n; j++) {
            unsigned op = in_byte() % 3, x = in_byte();
            if (op == 0)
                set(&b->s[j], OP_YIELD, (int)(x % 10), 0, 0, 0, 0);
            else if (op == 1)
                set(&b->s[j], OP_SLEEP, delay(x), 0, 0, 0, 0);
            else
                set(&b->s[j], OP_RAISE, 1 + (int)(x % 9), 0, 0, 0, 0);
        }
        for (j = 0; j < b->nfin; j++)
            set(&b->f[j], OP_SLEEP, delay(in_byte()), 0, 0, 0, 0);
    }
    bound_resources();
    if (verbose) {
        fprintf(stderr, "program: %d tasks, %d events, %d semaphores, %d queues\n", ntasks, nev, nres, nq);
        for (i = 0; i < nres; i++)
            fprintf(stderr, "  semaphore %d: %d\n", i, init_res[i]);
        for (i = 0; i < ntasks; i++)
            fprintf(stderr, "  task %d: body %d\n", i, task_body[i]);
        for (i = 0; i < nbodies; i++) {
            fprintf(stderr, "  body %d: %s, agen %d, finally %d\n", i, i < nb ? "coroutine" : "agen",
                    bodies[i].agen, bodies[i].nfin);
            dump_steps(i, "step", bodies[i].s, bodies[i].n);
            dump_steps(i, "finally", bodies[i].f, bodies[i].nfin > 0 ? bodies[i].nfin : 0);
        }
    }
}

/* ---- running and checking ------------------------------------------------- */

/* closers: asyncio's shutdown_asyncgens, one task per abandoned generator */
struct closer { gen_async gen; agen_int *ag; };
static struct closer closers[MAXF];
static gen_task_t closer_tasks[MAXF];
static int ncloser;
static unsigned char closing[MAXF]; /* apool index: a closer was spawned */

/* every spawned task, i < ntasks + nct + ncloser: top-level tasks, child
   tasks (gather, wait_for), closers */
static gen_task_t *task_at(int i)
{
    return i < ntasks ? &tasks[i] : i < ntasks + nct ? &ctpool[i - ntasks] : &closer_tasks[i - ntasks - nct];
}

static int closer_fn(gen_async *g)
{
    struct closer *c = GEN_SELF(struct closer, gen, g);
    GEN_BEGIN(g);
    GEN_ACLOSE(g, c->ag);
    GEN_END(g);
}

static gen_time_t last_now;
static unsigned long events;

/* time moves forwards, by at most the longest delay at once */
static void note_time(gen_time_t now, const char *where)
{
    gen_time_t d = (gen_time_t)(now - last_now);
    CHECK(d <= MAXJUMP, "%s: virtual time went from %lu to %lu", where, (unsigned long)last_now,
          (unsigned long)now);
    last_now = now;
}

static void check_time(const char *where) { note_time(clk.ticks, where); }

/* The virtual clock's now(), checking every reading: gen_loop_run reads the
   clock after each jump (several jumps may come between two task events
   when a long sleep is slept in steps). */
static gen_time_t checked_now(gen_clock_t *c)
{
    note_time(c->ticks, "the clock");
    return c->ticks;
}

static int code_ok(int code)
{
    return (code <= -17 && code >= -25) || code == GEN_ERROR_CANCELLED || code == GEN_ERROR_TIMEOUT ||
           code == GEN_ERROR_RUNNING || code == GEN_ERROR_NOT_STARTED;
}

static void check_done_task(const gen_task_t *t, const char *what)
{
    int rc = gen_task_result(t);
    CHECK(rc == GEN_DONE || rc == GEN_ERROR, "%s ended with result %d", what, rc);
    CHECK(rc == GEN_DONE || code_ok(gen_task_error(t)->code), "%s ended with error code %d (%s)", what,
          gen_task_error(t)->code, gen_task_error(t)->msg ? gen_task_error(t)->msg : "null");
    CHECK(gen__state(t->g) == GEN_CLOSED, "%s is done, its coroutine in state %d", what,
          gen__state(t->g));
}

/* ---- interrupts and the tick clock (optional trailing input bytes) ------

   After the program, one byte: bit 0 a tick clock (gen_clock_ticks, not
   jumping, started at a value from the input: a 16-bit one wraps early)
   that the idle hook advances by wait >> (bits 1-2) ticks, at least one;
   bit 4 interrupts: then a byte of events to watch (gen_loop_watch), a byte
   choosing a queue fed by the "handler" alone (its put steps become sleeps,
   as put_from_isr needs), and up to 8 interrupts (2 bytes each: after how
   many task events, and what: set a watched event / put an item). An
   interrupt fires from the trace hook (between two task events: the
   *_from_isr calls are safe anywhere) or, when nothing is ready and no
   timer is due, from the idle hook. When none is left and nothing can
   happen, the idle hook takes itself off the loop, so that gen_loop_run
   reports the deadlock instead of waiting for an interrupt forever.
   Absent bytes read as 0: the virtual clock, no interrupt. */

enum { NISR = 8 };
static int tick_clock, tick_shift, isr_on, isr_queue;
static unsigned watched_evs;
static struct { unsigned long at; unsigned what; } isr[NISR];
static int nisr, next_isr;
static gen_time_t clock_start;

static void decode_extras(void)
{
    unsigned e = in_byte();
    int i, j;
    tick_clock = (int)(e & 1);
    tick_shift = (int)((e >> 1) & 3);
    isr_on = (int)((e >> 4) & 1);
    clock_start = 0;
    if (tick_clock) { /* near the top of the range, or at 0 */
        unsigned x = in_byte();
        clock_start = (gen_time_t)((gen_time_t)0 - (gen_time_t)(x * 97u));
    }
    watched_evs = 0;
    isr_queue = -1;
    nisr = next_isr = 0;
    if (!isr_on)
        return;
    watched_evs = nev ? in_byte() & ((1u << nev) - 1) : 0;
    if (nq) {
        unsigned x = in_byte();
        isr_queue = x & 1 ? (int)((x >> 1) % (unsigned)nq) : -1;
    }
    if (isr_queue >= 0) /* the handler is the queue's only producer */
        for (i = 0; i < nbodies; i++)
            for (j = 0; j < bodies[i].n; j++)
                if (bodies[i].s[j].op == OP_PUT && bodies[i].s[j].a == isr_queue)
                    set(&bodies[i].s[j], OP_SLEEP, 0, 0, 0, 0, 0);
    if (!watched_evs && isr_queue < 0)
        return;
    nisr = (int)(in_byte() % (NISR + 1));
    for (i = 0; i < nisr; i++) {
        isr[i].at = (i ? isr[i - 1].at : 0) + in_byte() % 16;
        isr[i].what = in_byte();
    }
    if (verbose)
        fprintf(stderr, "  clock: %s from %lu, idle step wait >> %d; watched events %#x, interrupt-fed queue %d, "
                "%d interrupts\n", tick_clock ? "ticks" : "virtual", (unsigned long)clock_start, tick_shift,
                watched_evs, isr_queue, nisr);
}

/* fire the next interrupt: 1, or 0 when none is left */
static int fire_isr(void)
{
    unsigned w;
    int e;
    if (next_isr >= nisr)
        return 0;
    w = isr[next_isr++].what;
    if (isr_queue >= 0 && (!watched_evs || (w & 1))) {
        int ok = iq_put_from_isr(&queues[isr_queue], (int)(w >> 1));
        if (verbose)
            printf("%lu isr put %d -> %d\n", (unsigned long)clk.ticks, (int)(w >> 1), ok);
        return 1;
    }
    for (e = (int)(w >> 1) % nev; !(watched_evs & (1u << e)); e = (e + 1) % nev)
        ;
    if (verbose)
        printf("%lu isr set %d\n", (unsigned long)clk.ticks, e);
    gen_event_set_from_isr(&evs[e]);
    return 1;
}

/* The idle hook: nothing ready. No timer: an interrupt, or (none left)
   off the loop, to end in a deadlock. A timer (tick clock): time passes. */
static void idle_hook(gen_loop_t *l, gen_time_t wait)
{
    gen_time_t step;
    CHECK(++events < MAXEVENTS, "the loop does not end: %lu events and idle calls", events);
    CHECK(!l->ready.first, "the idle hook is called with a task ready");
    if (!l->timers) {
        /* a hook of the caller's is taken to be able to wake someone (gen.h's
           idle rule), watched or not; one that no longer can clears loop->idle */
        CHECK(wait == GEN_FOREVER_WAIT, "the idle hook, no timer: wait %lu, not GEN_FOREVER_WAIT", (unsigned long)wait);
        if (!fire_isr())
            l->idle = 0;
        return;
    }
    CHECK(!clk.jumps, "the idle hook is called with a timer on a virtual clock");
    CHECK(wait && wait == (gen_time_t)(l->timers->until - clk.ticks), "the idle hook: wait %lu, the next timer in %lu",
          (unsigned long)wait, (unsigned long)(gen_time_t)(l->timers->until - clk.ticks));
    step = (gen_time_t)(wait >> tick_shift);
    clk.ticks = (gen_time_t)(clk.ticks + (step ? step : 1));
}

static void trace(gen_loop_t *l, gen_task_t *t, int ev)
{
    CHECK(++events < MAXEVENTS, "the loop does not end: %lu task events", events);
    check_time("trace");
    if (next_isr < nisr && events >= isr[next_isr].at)
        fire_isr();
    if (ev == GEN_TRACE_RESUME)
        CHECK(l->current == t && gen_task_state(t) == GEN_TASK_READY, "resume of a task that is not ready");
    else if (ev == GEN_TRACE_DONE)
        check_done_task(t, "a task");
    else
        CHECK(ev == GEN_TRACE_SUSPEND && !gen_task_done(t), "trace event %d", ev);
}

/* the spawned tasks not done */
static unsigned long count_live(void)
{
    unsigned long n = 0;
    int i;
    for (i = 0; i < ntasks + nct + ncloser; i++)
        n += !gen_task_done(task_at(i));
    return n;
}

/* the task whose joiners list l is, or null */
static const gen_task_t *joined_task(const gen_list_t *l)
{
    const gen_task_t *t = (const gen_task_t *)(const void *)((const char *)l - offsetof(gen_task_t, joiners));
    int i;
    for (i = 0; i < ntasks + nct + ncloser; i++)
        if (t == task_at(i))
            return t;
    return 0;
}

/* the gather whose waiters list l is, or null */
static const gen_gather_t *gather_of(const gen_list_t *l)
{
    int i;
    for (i = 0; i < nframes; i++)
        if (l == &fpool[i].ga.waiters)
            return &fpool[i].ga;
    return 0;
}

/* A deadlock: nothing ready, no timer. Every task left must wait for
   something that truly cannot happen yet: no lost wake-up. */
static void check_deadlock(void)
{
    int i, j;
    for (i = 0; i < nev; i++)
        CHECK(!evs[i].watch.loop || !evs[i].watch.fired, "deadlock: event %d was set from an interrupt, never polled", i);
    for (i = 0; i < nq; i++)
        CHECK(!queues[i].core.watch.loop || !queues[i].core.watch.fired,
              "deadlock: queue %d was put into from an interrupt, never polled", i);
    for (i = 0; i < ntasks + nct + ncloser; i++) {
        gen_task_t *t = task_at(i);
        const gen_await_t *req;
        const gen_list_t *l;
        const gen_task_t *jt;
        const gen_gather_t *ga;
        if (gen_task_done(t))
            continue;
        CHECK(gen_task_state(t) == GEN_TASK_WAITING, "deadlock: task %d in state %d", i, gen_task_state(t));
        req = gen__request(t);
        l = req->list;
        CHECK((req->kind == GEN__WAIT || req->kind == GEN__JOIN || req->kind == GEN__GATHER) && l && t->list == l,
              "deadlock: task %d waits with request kind %d, list %p, in list %p", i, req->kind, (const void *)l,
              (const void *)t->list);
        if ((jt = joined_task(l)) != 0) {
            CHECK(!gen_task_done(jt), "deadlock: task %d waits for a task that is done (a lost wake-up)", i);
            continue;
        }
        if ((ga = gather_of(l)) != 0) {
            CHECK(!gen__gather_complete(ga), "deadlock: task %d waits for a gather that is complete", i);
            continue;
        }
        for (j = 0; j < nev; j++)
            if (l == &evs[j].waiters)
                break;
        if (j < nev) {
            CHECK(!gen_event_is_set(&evs[j]), "deadlock: task %d waits for event %d, which is set", i, j);
            continue;
        }
        for (j = 0; j < nres; j++)
            if (l == &res[j].waiters)
                break;
        if (j < nres) {
            CHECK(!res[j].value && !res[j].granted, "deadlock: task %d waits for semaphore %d: value %lu, granted %lu",
                  i, j, res[j].value, res[j].granted);
            continue;
        }
        for (j = 0; j < nq; j++) {
            const gen_queue_t *q = &queues[j].core;
            if (l == &q->getters) {
                CHECK(q->tail == q->head && !q->for_getters, "deadlock: task %d waits to get from queue %d, which has %zu items",
                      i, j, (size_t)(q->tail - q->head));
                break;
            }
            if (l == &q->putters) {
                CHECK(q->tail - q->head == q->cap && !q->for_putters,
                      "deadlock: task %d waits to put into queue %d, which has %zu items of %zu", i, j,
                      (size_t)(q->tail - q->head), q->cap);
                break;
            }
        }
        CHECK(j < nq, "deadlock: task %d waits in an unknown list", i);
    }
}

static int run_loop(int stepwise)
{
    int rc;
    events = 0;
    loop.idle = tick_clock || isr_on ? idle_hook : 0;
    if (!stepwise) {
        rc = gen_loop_run(&loop);
        check_time("gen_loop_run");
    } else { /* gen_loop_run's work, step by step */
        unsigned long n;
        for (n = 0;; n++) {
            CHECK(n < MAXEVENTS, "gen_loop_step: the loop does not end");
            if (!gen_loop_step(&loop)) {
                rc = GEN_DONE;
                break;
            }
            check_time("gen_loop_step");
            if (loop.ready.first || loop.poked)
                continue;
            if (!loop.timers) {
                if (isr_on && fire_isr())
                    continue;
                rc = GEN_ERROR_DEADLOCK;
                break;
            }
            CHECK(!gen__before(loop.timers->until, clk.ticks), "a timer in the past survived a step");
            if (clk.jumps) {
                clk.ticks = loop.timers->until; /* the virtual clock's jump */
            } else if (clk.ticks != loop.timers->until) {
                idle_hook(&loop, (gen_time_t)(loop.timers->until - clk.ticks));
            }
            check_time("the clock's jump");
        }
    }
    CHECK(rc == GEN_DONE || rc == GEN_ERROR_DEADLOCK, "gen_loop_run returned %d", rc);
    CHECK(loop.live == count_live(), "loop.live %lu, %lu tasks not done", loop.live, count_live());
    if (rc == GEN_DONE)
        CHECK(loop.live == 0, "GEN_DONE with %lu tasks alive", loop.live);
    else
        CHECK(loop.live && !loop.ready.first && !loop.timers, "GEN_ERROR_DEADLOCK with %s",
              !loop.live ? "no task alive" : loop.ready.first ? "a ready task" : "a timer");
    if (rc == GEN_ERROR_DEADLOCK) {
        CHECK(!loop.poked, "GEN_ERROR_DEADLOCK with an interrupt not polled");
        check_deadlock();
    }
    return rc;
}

/* The end of asyncio.run: cancel what is pending, close abandoned async
   generators. 1 if there was anything to do. */
static int clean_up(void)
{
    int i, any = 0;
    for (i = 0; i < ntasks + nct + ncloser; i++) {
        gen_task_t *t = task_at(i);
        if (!gen_task_done(t)) {
            CHECK(gen_cancel(t) == 1, "gen_cancel of a pending task returned 0");
            any = 1;
        }
    }
    for (i = 0; i < nframes; i++) {
        struct frame *f = &fpool[i];
        int ai;
        if (!f->agf || gen_state(&f->gen) != GEN_CLOSED || gen_state(f->ag) != GEN_SUSPENDED)
            continue;
        ai = (int)(f->agf - apool);
        if (closing[ai])
            continue;
        closing[ai] = 1;
        closers[ncloser].ag = f->ag;
        gen_spawn(&loop, &closer_tasks[ncloser], gen_async_init(&closers[ncloser].gen, closer_fn));
        ncloser++;
        any = 1;
    }
    return any;
}

static void check_end(void)
{
    int i;
    CHECK(!loop.ready.first && !loop.ready.last && !loop.timers && !loop.live && !loop.current,
          "the loop is not empty at the end");
    for (i = 0; i < ntasks + nct + ncloser; i++) {
        const gen_task_t *t = task_at(i);
        CHECK(gen_task_done(t), "task %d not done at the end", i);
        CHECK(!t->list && !t->timed && !t->joiners.first, "task %d: still in a list or a timer heap", i);
        check_done_task(t, "a task at the end");
    }
    for (i = 0; i < nframes; i++) {
        int st = gen_state(&fpool[i].gen);
        CHECK(st == GEN_CLOSED, "coroutine %s in state %d at the end", fpool[i].lab, st);
        CHECK(f_fin[i] == f_started[i], "coroutine %s %s but its finally section %s", fpool[i].lab,
              f_started[i] ? "started" : "never started", f_fin[i] ? "ran" : "did not run");
    }
    for (i = 0; i < naframes; i++) {
        int st = gen_state(&apool[i].gen);
        CHECK(st == GEN_CLOSED || (st == GEN_CREATED && !a_started[i]), "async generator %s in state %d at the end",
              apool[i].lab, st);
        CHECK(a_fin[i] == a_started[i], "async generator %s %s but its finally section %s", apool[i].lab,
              a_started[i] ? "started" : "never started", a_fin[i] ? "ran" : "did not run");
    }
    for (i = 0; i < nev; i++)
        CHECK(!evs[i].waiters.first, "event %d: waiters at the end", i);
    for (i = 0; i < nres; i++)
        CHECK(!res[i].waiters.first && !res[i].granted && res[i].value == (unsigned long)init_res[i],
              "semaphore %d at the end: value %lu (initially %d), %lu granted, %s", i, res[i].value, init_res[i],
              res[i].granted, res[i].waiters.first ? "waiters" : "no waiter");
    for (i = 0; i < nq; i++) {
        const gen_queue_t *q = &queues[i].core;
        CHECK(!q->getters.first && !q->putters.first && !q->for_getters && !q->for_putters &&
                  q->tail - q->head <= q->cap,
              "queue %d at the end: %s%s%zu for getters, %zu for putters, %zu items of %zu", i,
              q->getters.first ? "getters, " : "", q->putters.first ? "putters, " : "", q->for_getters,
              q->for_putters, (size_t)(q->tail - q->head), q->cap);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int i, rounds, stepwise;
    in_p = data;
    in_n = size;
    in_i = 0;
    stepwise = (int)(in_byte() & 1);
    decode();
    decode_extras();
    if (tick_clock)
        gen_clock_ticks(&clk, clock_start);
    loop.trace = trace;
    clk.now = checked_now;
    last_now = clock_start;
    for (i = 0; i < nev; i++)
        if (watched_evs & (1u << i))
            gen_loop_watch(&loop, &evs[i]);
    if (isr_queue >= 0)
        iq_watch(&loop, &queues[isr_queue]);
    nframes = naframes = nct = ncloser = 0;
    memset(ctpool, 0, sizeof ctpool);
    memset(tasks, 0, sizeof tasks);
    memset(closer_tasks, 0, sizeof closer_tasks);
    memset(f_started, 0, sizeof f_started);
    memset(f_fin, 0, sizeof f_fin);
    memset(a_started, 0, sizeof a_started);
    memset(a_fin, 0, sizeof a_fin);
    memset(closing, 0, sizeof closing);
    spawn_program();
    run_loop(stepwise);
    for (rounds = 0; clean_up(); rounds++) {
        CHECK(rounds < MAXROUNDS, "tasks still pending after %d rounds of cancellation", rounds);
        run_loop(stepwise);
    }
    check_end();
    if (verbose)
        printf("= end at %lu\n", (unsigned long)gen_now(&loop));
    return 0;
}
