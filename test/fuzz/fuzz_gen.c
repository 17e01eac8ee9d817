/* fuzz_gen.c - libFuzzer target for gen.h's generator protocol (part I):
   next, send, throw, close and yield from, over bodies with finally
   sections, catching yields and yield-from chains; and for gen.h's
   combinators.

   The input is a program. Its first byte chooses one of three kinds:

   - byte0 >= 0x80: a twin. One of gen_twins.c's 28 hand-written programs
     (test/diff/gen_twins.c, included below: the bodies the differential
     test compares with CPython), chosen by byte1, then driven by the ops.
   - byte0 in 0x60..0x7f: a pipeline of gen.h's combinators, checked
     against a model: see "pipelines" below.
   - byte0 < 0x60: an interpreted program. 1-5 generator SPECS follow, each
     a list of up to 8 steps and, when it has a finally section, up to 4
     finally steps; spec i delegates (yield from) only to specs after it, so
     chains are at most 5 deep and every program ends. The top generator
     runs spec 0. Each step is two bytes (op, argument): yield, catching
     yield, yield from / catching yield from a new instance of a later spec,
     raise, return, re-entry (next/send/throw/close on a generator of the
     running chain), a poke (an op on the frame's last sub, now finished or
     abandoned) and yield from a running generator.

   Then every remaining byte is a consumer op on the top generator: bits 0-1
   next / send / throw / close, bits 2-7 the argument (the sent value or the
   thrown error). At the end of the input the top generator is closed (up to
   1000 times: a finally section may ignore closes), then every instance left
   suspended (a sub whose finally section ignored a close, abandoned by its
   delegator) is closed too, as a garbage collector would.

   Invariants (checked after every op, also ops issued from inside bodies;
   a violation prints a message and aborts, which libFuzzer reports):
   - results are documented ones, per op and state (gen.h sections 2, 4):
     next/send/throw give GEN_YIELDED, GEN_DONE or GEN_ERROR, send to a
     created generator GEN_ERROR_NOT_STARTED, close GEN_DONE, GEN_ERROR or
     GEN_ERROR_IGNORED_CLOSE; the state afterwards matches the result (an
     ignored close is suspended, or closed with that error when a sub
     ignored it); an
     op on a running generator gives GEN_ERROR_RUNNING and changes nothing;
     throw into a created or closed one raises the error straight back;
   - the error of GEN_ERROR (gen_error) is one that was thrown or raised,
     or GeneratorExit / RuntimeError (running, ignored close);
   - states only go created -> suspended/running -> closed: a closed
     generator never runs code again, a started one is never created again;
   - every finally section runs exactly once by the time its generator is
     closed, and never when it never started;
   - yielded values: the out parameter, and g->value at every level of the
     yield-from chain, are the value the innermost generator yielded;
     returned values: what the body returned (GEN_RETURN);
   - a resumed yield sees what resumed it: next (no value sent), send(v)
     (gen_was_sent, g->sent == v), or a throw it catches with that code;
   - ASan/UBSan: no memory error, no undefined behaviour.
   Twins are checked for results, states, errors and values; finally
   sections and returned values only in interpreted programs, whose bodies
   are instrumented. */
#define FUZZ_NO_MAIN
#include "../diff/gen_twins.c"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* FUZZ_VERBOSE=1 in the environment: print the program and every op (to
   read a crash input: ./fuzz_gen_GOTO crash-file). */
static int verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *v = getenv("FUZZ_VERBOSE");
    verbose = v && *v && *v != '0';
    (void)argc;
    (void)argv;
    return 0;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2), noreturn))
#endif
static void fz_die(const char *fmt, ...);
static void fz_die(const char *fmt, ...)
{
    va_list ap;
    fputs("fuzz_gen: invariant violated: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
#define CHECK(cond, ...) do { if (!(cond)) fz_die(__VA_ARGS__); } while (0)

/* ---- the input ---------------------------------------------------------- */

static const uint8_t *in_p;
static size_t in_n, in_i;

static unsigned in_byte(void) { return in_i < in_n ? in_p[in_i++] : 0u; }

/* ---- interpreted programs: specs and frames ------------------------------ */

enum { NSPEC = 5, NSTEP = 8, NFSTEP = 4, NFRAME = 48, NOPS = 64, NCTX = 16 };

enum { /* step ops */
    ST_YIELD, ST_YIELD_CATCH, ST_FROM, ST_FROM_CATCH, ST_RAISE, ST_RETURN,
    ST_REENTER, ST_POKE, ST_FROM_RUNNING, ST_COUNT
};

struct step { unsigned char op, a; };
struct spec {
    int has_fin, n, nfin;
    struct step s[NSTEP], f[NFSTEP];
};

struct frame {
    gen_int gen;              /* first: a frame is its port */
    const struct spec *spec;
    int spec_ix, id;
    struct frame *parent;     /* the frame that created it (yields from it) */
    struct frame *child;      /* the last sub it created */
    gen_int *tgt;             /* a running generator it yields from */
    int pc, fpc, ret, has_ret, last_yield, e;
    int started, fin_count, closed_seen;
};

static struct spec specs[NSPEC];
static int nspec;
static struct frame frames[NFRAME];
static int nframes;
static int interp; /* 1: an interpreted program, 0: a twin */

/* The drives in progress, innermost last: which generator a consumer op
   (ours, or a body's re-entry or poke) resumes, with what. */
struct ctx { gen_int *g; int op, arg; };
static struct ctx ctx[NCTX];
static int nctx;

/* negative codes that were thrown in (they may come back as errors) */
static unsigned char thrown_neg[129];

static int code_ok(int code)
{
    if (code >= 1 || code == GEN_ERROR_RUNNING || code == GEN_ERROR_IGNORED_CLOSE || code == GEN_ERROR_EXIT)
        return 1;
    return code >= -128 && code < 0 && thrown_neg[-code];
}

/* the error a throw with argument arg (0..63) throws in */
static int throw_code(int arg)
{
    static const int special[8] = { GEN_ERROR_EXIT, GEN_ERROR_CANCELLED, GEN_ERROR_RUNNING,
                                     GEN_ERROR_IGNORED_CLOSE, -100, -16, 1000, 200 };
    return arg < 56 ? 1 + arg : special[arg - 56];
}

static const char *op_name(int op)
{
    static const char *names[4] = { "next", "send", "throw", "close" };
    return names[op & 3];
}

static struct frame *frame_of(gen_int *g) { return GEN_SELF(struct frame, gen, g); }

/* ---- checks -------------------------------------------------------------- */

/* States of every instance: no way back from closed, none back to created,
   finally sections counted. top_level: no drive in progress, so nothing
   may be running. */
static int twin_started, twin_closed; /* what the twin's top generator was seen to be */

static void observe(int top_level)
{
    int i;
    if (!interp) {
        int st = gen_state(ME);
        CHECK(!top_level || st != GEN_RUNNING, "twin left running after an op");
        CHECK(!(twin_closed && st != GEN_CLOSED), "twin: closed, then state %d", st);
        CHECK(!(twin_started && st == GEN_CREATED), "twin: started, then created again");
        twin_started |= st != GEN_CREATED;
        twin_closed |= st == GEN_CLOSED;
        return;
    }
    for (i = 0; i < nframes; i++) {
        struct frame *f = &frames[i];
        int st = gen_state(&f->gen);
        CHECK(!(f->closed_seen && st != GEN_CLOSED), "frame %d (spec %d): closed, then state %d", i, f->spec_ix, st);
        CHECK(!(f->started && st == GEN_CREATED), "frame %d: started, then created again", i);
        CHECK(f->started || st == GEN_CREATED || st == GEN_CLOSED, "frame %d: state %d without having started", i, st);
        CHECK(!top_level || st != GEN_RUNNING, "frame %d left running after an op", i);
        if (st == GEN_CLOSED) {
            f->closed_seen = 1;
            if (f->started && f->spec->has_fin)
                CHECK(f->fin_count == 1, "frame %d (spec %d) closed with its finally section run %d times",
                      i, f->spec_ix, f->fin_count);
            if (!f->started)
                CHECK(f->fin_count == 0, "frame %d closed before it started, but its finally section ran", i);
        }
    }
}

/* after a consumer op on g returned rc (st0: g's state before) */
static void check_result(gen_int *g, int op, int code, int st0, int rc, int v)
{
    int st = gen_state(g);
    const char *on = op_name(op);
    CHECK(st0 != GEN_RUNNING, "harness: drove a running generator");
    if (op == OP_CLOSE)
        CHECK(rc == GEN_DONE || rc == GEN_ERROR || rc == GEN_ERROR_IGNORED_CLOSE, "close returned %d", rc);
    else if (op == OP_SEND)
        CHECK(rc == GEN_YIELDED || rc == GEN_DONE || rc == GEN_ERROR || rc == GEN_ERROR_NOT_STARTED,
              "send returned %d", rc);
    else
        CHECK(rc == GEN_YIELDED || rc == GEN_DONE || rc == GEN_ERROR, "%s returned %d", on, rc);
    CHECK((rc == GEN_ERROR_NOT_STARTED) == (op == OP_SEND && st0 == GEN_CREATED),
          "send: GEN_ERROR_NOT_STARTED %s a created generator", rc == GEN_ERROR_NOT_STARTED ? "without" : "from");
    /* the state matches the result */
    if (rc == GEN_ERROR_IGNORED_CLOSE && st == GEN_CLOSED) /* a sub ignored it: raised through */
        CHECK(gen_error(g)->code == GEN_ERROR_IGNORED_CLOSE, "close returned %d, closed, with error %d", rc,
              gen_error(g)->code);
    else if (rc == GEN_YIELDED || rc == GEN_ERROR_IGNORED_CLOSE)
        CHECK(st == GEN_SUSPENDED, "%s returned %d but the state is %d, not suspended", on, rc, st);
    else if (rc == GEN_ERROR_NOT_STARTED)
        CHECK(st == GEN_CREATED, "send to a created generator changed its state to %d", st);
    else
        CHECK(st == GEN_CLOSED, "%s returned %d but the state is %d, not closed", on, rc, st);
    if (st0 == GEN_CLOSED && op != OP_THROW)
        CHECK(rc == GEN_DONE, "%s on a closed generator returned %d", on, rc);
    if ((st0 == GEN_CLOSED || st0 == GEN_CREATED) && op == OP_THROW)
        CHECK(rc == GEN_ERROR && gen_error(g)->code == code,
              "throw %d into a %s generator: %d, error %d (expected straight back)", code,
              st0 == GEN_CLOSED ? "closed" : "created", rc, gen_error(g)->code);
    if (st0 == GEN_CREATED && op == OP_CLOSE)
        CHECK(rc == GEN_DONE, "close of a created generator returned %d", rc);
    if (rc == GEN_ERROR) {
        CHECK(code_ok(gen_error(g)->code), "%s: GEN_ERROR with error code %d, never thrown or raised", on,
              gen_error(g)->code);
        CHECK(gen_error(g)->msg != 0, "%s: GEN_ERROR with a null message", on);
    }
    if (rc == GEN_YIELDED) {
        /* the value: out, and every level of the chain */
        const gen_t *b;
        if (op != OP_CLOSE)
            CHECK(v == g->value, "%s: out %d but g->value %d", on, v, g->value);
        for (b = &g->base; b; b = b->sub) {
            const gen_int *lv = (const gen_int *)(const void *)b;
            CHECK(lv->value == g->value, "%s: a chain level holds %d, the top %d", on, lv->value, g->value);
            CHECK(gen__state(b) == GEN_SUSPENDED, "%s: a chain level is in state %d", on,
                  gen__state(b));
            if (interp && !b->sub)
                CHECK(lv->value == frame_of((gen_int *)(void *)(gen_t *)b)->last_yield,
                      "%s: yielded %d, the innermost body yielded %d", on, lv->value,
                      frame_of((gen_int *)(void *)(gen_t *)b)->last_yield);
        }
    } else {
        CHECK(rc == GEN_ERROR_NOT_STARTED || !g->base.sub || st == GEN_SUSPENDED,
              "%s: finished but still delegating", on);
    }
    if (interp && rc == GEN_DONE && op != OP_CLOSE && st0 != GEN_CLOSED) {
        struct frame *f = frame_of(g);
        CHECK(f->has_ret && g->result == f->ret, "%s: returned %d, the body returned %d", on, g->result,
              f->has_ret ? f->ret : -99999);
    }
}

/* A consumer op on g, which is not running: drive it and check. */
static int drive(gen_int *g, int op, int arg)
{
    int st0 = gen_state(g), rc, v = INT_MIN + 7, code = throw_code(arg & 63);
    if (nctx >= NCTX)
        return 0; /* nesting this deep: skip it */
    if (op == OP_THROW && code < 0 && code >= -128)
        thrown_neg[-code] = 1;
    ctx[nctx].g = g;
    ctx[nctx].op = op;
    ctx[nctx].arg = op == OP_THROW ? code : arg;
    nctx++;
    log_len = 0; /* gen_twins.c's log: keep it from filling up */
    switch (op) {
    case OP_NEXT: rc = gen_int_next(g, &v); break;
    case OP_SEND: rc = gen_int_send(g, arg, &v); break;
    case OP_THROW: rc = gen_int_throw(g, code, "E", &v); break;
    default: rc = gen_close(g); break;
    }
    nctx--;
    if (verbose)
        fprintf(stderr, "%*s%s %s %d -> rc %d state %d value %d%s%s\n", 2 * nctx, "",
                interp ? "frame" : "twin", op_name(op), op == OP_THROW ? code : arg, rc, gen_state(g),
                g->value, log_len ? " | " : "", log_len ? log_buf : "");
    check_result(g, op, code, st0, rc, v);
    observe(nctx == 0);
    return rc;
}

/* An op on a generator of the running chain: refused, nothing changes. */
static void reenter(gen_int *g, int op, int arg)
{
    int rc, v = 0, code = throw_code(arg & 63);
    gen_error_t err = *gen_error(g);
    CHECK(gen_state(g) == GEN_RUNNING, "a generator of the running chain is in state %d", gen_state(g));
    switch (op) {
    case OP_NEXT: rc = gen_int_next(g, &v); break;
    case OP_SEND: rc = gen_int_send(g, arg, &v); break;
    case OP_THROW: rc = gen_int_throw(g, code, "E", &v); break;
    default: rc = gen_close(g); break;
    }
    CHECK(rc == GEN_ERROR_RUNNING, "%s on a running generator returned %d", op_name(op), rc);
    CHECK(gen_state(g) == GEN_RUNNING, "%s on a running generator changed its state to %d", op_name(op),
          gen_state(g));
    CHECK(gen_error(g)->code == err.code && gen_error(g)->msg == err.msg, "%s on a running generator changed its error",
          op_name(op));
}

/* a running generator, by a: the frame itself, the innermost or the
   outermost drive's generator, or the frame's delegator (when it is) */
static gen_int *running_one(struct frame *f, unsigned a)
{
    switch (a & 3) {
    case 1: return ctx[nctx - 1].g;
    case 2: return ctx[0].g;
    case 3:
        if (f->parent && f->parent->gen.base.sub == &f->gen.base)
            return &f->parent->gen;
        return &f->gen;
    default: return &f->gen;
    }
}

/* A resumed yield (not caught: a next or a send) sees what resumed it. */
static void after_yield(struct frame *f)
{
    const struct ctx *c = &ctx[nctx - 1];
    CHECK(!f->closed_seen, "frame %d runs after it was closed", f->id);
    CHECK(c->op == OP_NEXT || c->op == OP_SEND, "frame %d: a yield resumed (not caught) by %s", f->id,
          op_name(c->op));
    CHECK(gen_was_sent(&f->gen) == (c->op == OP_SEND), "frame %d: gen_was_sent %d after %s", f->id,
          gen_was_sent(&f->gen), op_name(c->op));
    if (c->op == OP_SEND)
        CHECK(f->gen.sent == c->arg, "frame %d: sent %d, received %d", f->id, c->arg, f->gen.sent);
}

/* A catching yield caught what the innermost drive threw. */
static void caught_throw(struct frame *f, const gen_error_t *e)
{
    const struct ctx *c = &ctx[nctx - 1];
    CHECK(c->op == OP_THROW && e->code == c->arg, "frame %d: caught %d at a yield, but the op was %s %d", f->id,
          e->code, op_name(c->op), c->arg);
}

/* A yield from of sub ended, caught (e) or not (e null: it returned). */
static void after_from(struct frame *f, struct frame *sub, const gen_error_t *e)
{
    int st = gen_state(&sub->gen);
    CHECK(!f->closed_seen, "frame %d runs after it was closed", f->id);
    CHECK(!f->gen.base.sub, "frame %d: yield from ended, still delegating", f->id);
    if (!e) {
        CHECK(st == GEN_CLOSED, "frame %d: yield from returned, its sub is in state %d", f->id, st);
        CHECK(sub->has_ret && sub->gen.result == sub->ret, "frame %d: its sub's result %d, it returned %d", f->id,
              sub->gen.result, sub->has_ret ? sub->ret : -99999);
        return;
    }
    CHECK(code_ok(e->code), "frame %d: caught error code %d, never thrown or raised", f->id, e->code);
    if (st == GEN_CLOSED)
        CHECK(gen_error(&sub->gen)->code == e->code, "frame %d: caught %d, its sub raised %d", f->id, e->code,
              gen_error(&sub->gen)->code);
    else
        CHECK(st == GEN_SUSPENDED && e->code == GEN_ERROR_IGNORED_CLOSE,
              "frame %d: caught %d from a sub in state %d", f->id, e->code, st);
}

/* ---- the interpreting bodies --------------------------------------------- */

static int body_fin(gen_int *g);
static int body_nofin(gen_int *g);

static struct frame *new_frame(struct frame *parent, int spec_ix)
{
    struct frame *f;
    if (nframes >= NFRAME || spec_ix >= nspec)
        return 0;
    f = &frames[nframes];
    memset(f, 0, sizeof *f);
    f->id = nframes++;
    f->spec_ix = spec_ix;
    f->spec = &specs[spec_ix];
    f->parent = parent;
    gen_int_init(&f->gen, f->spec->has_fin ? body_fin : body_nofin);
    f->gen.result = RESULT_UNSET;
    return f;
}

/* the sub of a yield from step: a new instance of a later spec, or null */
static struct frame *new_sub(struct frame *f, unsigned a)
{
    int later = nspec - f->spec_ix - 1;
    if (later <= 0)
        return 0;
    return new_frame(f, f->spec_ix + 1 + (int)(a % (unsigned)later));
}

static void on_start(struct frame *f)
{
    CHECK(!f->started, "frame %d started twice", f->id);
    CHECK(!f->closed_seen, "frame %d starts after it was closed", f->id);
    f->started = 1;
}

static void on_finally(struct frame *f)
{
    CHECK(!f->closed_seen, "frame %d runs its finally section after it was closed", f->id);
    f->fin_count++;
    CHECK(f->fin_count == 1, "frame %d (spec %d) enters its finally section a second time", f->id, f->spec_ix);
    /* gen_closing: only a close (of it or of what delegates to it) */
    if (gen_closing(&f->gen))
        CHECK(ctx[nctx - 1].op == OP_CLOSE, "frame %d: gen_closing in its finally section during %s", f->id,
              op_name(ctx[nctx - 1].op));
}

static void step_reenter(struct frame *f, unsigned a)
{
    reenter(running_one(f, a), (int)(a >> 2) & 3, (int)(a >> 4));
}

static void step_poke(struct frame *f, unsigned a)
{
    struct frame *c = f->child;
    if (!c)
        return;
    CHECK(gen_state(&c->gen) != GEN_RUNNING, "frame %d: its finished sub %d is running", f->id, c->id);
    drive(&c->gen, (int)(a & 3), (int)(a >> 2));
}

/* Handler of a caught error, by h: go on, raise it again, return, or yield
   first. One statement list, expanded in each body and section (every
   suspension point gets its own resume point). */
#define HANDLE(g, f, h) \
    if ((h) == 1) { \
        GEN_FAIL(g, (f)->e, "E"); \
    } else if ((h) == 2) { \
        (f)->ret = 1000 + (f)->e; \
        (f)->has_ret = 1; \
        GEN_RETURN(g, (f)->ret); \
    } else if ((h) == 3) { \
        (f)->last_yield = -(f)->id * 100 - 99; \
        GEN_YIELD(g, (f)->last_yield); \
        after_yield(f); \
    }

/* The steps STEPS[0..N) of frame f, position in f->PC, value base VB.
   Nothing local lives across a suspension: the step is re-read through
   CUR each time. */
#define CUR(f, STEPS, PC) (&(STEPS)[(f)->PC])
#define RUN_STEPS(g, f, STEPS, N, PC, VB) \
    for ((f)->PC = 0; (f)->PC < (N); (f)->PC++) { \
        unsigned op_ = CUR(f, STEPS, PC)->op, a_ = CUR(f, STEPS, PC)->a; \
        CHECK(!(f)->closed_seen, "frame %d runs after it was closed", (f)->id); \
        if (op_ == ST_FROM || op_ == ST_FROM_CATCH) { \
            (f)->child = new_sub(f, a_); \
            if (!(f)->child) \
                op_ = ST_YIELD; /* no later spec, or out of frames */ \
        } \
        if (op_ == ST_YIELD) { \
            (f)->last_yield = (f)->id * 100 + (VB) + (f)->PC; \
            GEN_YIELD(g, (f)->last_yield); \
            after_yield(f); \
        } else if (op_ == ST_YIELD_CATCH) { \
            (f)->last_yield = (f)->id * 100 + (VB) + (f)->PC; \
            GEN_YIELD_CATCH(g, (f)->last_yield); \
            if (gen_caught(g)) { \
                caught_throw(f, gen_caught(g)); \
                (f)->e = gen_caught(g)->code; \
                HANDLE(g, f, CUR(f, STEPS, PC)->a & 3) \
            } else { \
                after_yield(f); \
            } \
        } else if (op_ == ST_FROM) { \
            GEN_YIELD_FROM(g, &(f)->child->gen); \
            after_from(f, (f)->child, 0); \
        } else if (op_ == ST_FROM_CATCH) { \
            GEN_YIELD_FROM_CATCH(g, &(f)->child->gen); \
            after_from(f, (f)->child, gen_caught(g)); \
            if (gen_caught(g)) { \
                (f)->e = gen_caught(g)->code; \
                HANDLE(g, f, (CUR(f, STEPS, PC)->a >> 4) & 3) \
            } \
        } else if (op_ == ST_RAISE) { \
            GEN_FAIL(g, 1 + (int)(a_ % 15), "E"); \
        } else if (op_ == ST_RETURN) { \
            (f)->ret = (int)a_; \
            (f)->has_ret = 1; \
            GEN_RETURN(g, (f)->ret); \
        } else if (op_ == ST_REENTER) { \
            step_reenter(f, a_); \
        } else if (op_ == ST_POKE) { \
            step_poke(f, a_); \
        } else { /* ST_FROM_RUNNING: raises (or catches) RuntimeError */ \
            (f)->tgt = running_one(f, a_ >> 1); \
            if (a_ & 1) { \
                GEN_YIELD_FROM_CATCH(g, (f)->tgt); \
                CHECK(gen_caught(g) && gen_caught(g)->code == GEN_ERROR_RUNNING, \
                      "frame %d: yield from a running generator did not raise RuntimeError", (f)->id); \
            } else { \
                GEN_YIELD_FROM(g, (f)->tgt); \
                fz_die("frame %d: yield from a running generator went on", (f)->id); \
            } \
        } \
    }

static int body_fin(gen_int *g)
{
    struct frame *f = frame_of(g);
    GEN_BEGIN(g);
    on_start(f);
    RUN_STEPS(g, f, f->spec->s, f->spec->n, pc, 0)
    f->ret = f->id;
    f->has_ret = 1;
    GEN_RETURN(g, f->ret);
    GEN_FINALLY(g);
    on_finally(f);
    RUN_STEPS(g, f, f->spec->f, f->spec->nfin, fpc, 50)
    GEN_END(g);
}

static int body_nofin(gen_int *g)
{
    struct frame *f = frame_of(g);
    GEN_BEGIN(g);
    on_start(f);
    RUN_STEPS(g, f, f->spec->s, f->spec->n, pc, 0)
    f->ret = f->id;
    f->has_ret = 1;
    GEN_RETURN(g, f->ret);
    GEN_END(g);
}

/* ---- decoding and running ------------------------------------------------ */

static void decode_steps(struct step *s, int n, int spec_ix, const char *what)
{
    static const char *names[ST_COUNT] = { "yield", "yield_catch", "from", "from_catch", "raise",
                                           "return", "reenter", "poke", "from_running" };
    int i;
    for (i = 0; i < n; i++) {
        s[i].op = (unsigned char)(in_byte() % ST_COUNT);
        s[i].a = (unsigned char)in_byte();
        if (verbose)
            fprintf(stderr, "spec %d %s %d: %s %u\n", spec_ix, what, i, names[s[i].op], s[i].a);
    }
}

/* Close g until it is closed. A finally section may ignore a close (yield),
   and each of its steps may catch what a close of its sub raises, so it
   can take many closes; the bound is far above what a program can need. */
static void close_out(gen_int *g, const char *what)
{
    int k;
    for (k = 0; k < 1000 && gen_state(g) != GEN_CLOSED; k++)
        drive(g, OP_CLOSE, 0);
    CHECK(gen_state(g) == GEN_CLOSED, "%s still in state %d after 1000 closes", what, gen_state(g));
}

/* ---- pipelines: gen.h's combinators against a model ----------------------

   byte0 in 0x60..0x7f: a pipeline over gen_long. 1-8 nodes, each built on
   earlier ones (a node may feed several: a shared iterator): range(start,
   stop, step), count(start, step), take(n), map(fn), filter(pred),
   chain(a, b); at the consuming end the last node itself, or
   enumerate(last, start), or zip(two nodes). Values come from a table with
   the ends of long. Each op (2 bytes) acts on the end or on any node:
   next, send, throw, close, collect (into an array of 0-7). A model in
   128-bit arithmetic (Python's semantics, but for the documented limits of
   long: count and enumerate raise GEN_ERROR_VALUE rather than pass them)
   gives every expected value, end and error; after each op every node's state
   must match the model's (created, suspended or closed). A filter only
   reads a source of at most 256 values (else it becomes a take), so that
   no op can run for ever. */

enum { PN_RANGE, PN_COUNT, PN_TAKE, PN_MAP, PN_FILTER, PN_CHAIN, PN_KINDS, PN_ENUM = PN_KINDS, PN_ZIP };
enum { PNODES = 8, PBOUND = 256 };

typedef __int128 wide; /* the model's integers (a clang and gcc extension) */

struct pnode {
    int kind, a, b;          /* children: earlier nodes, or -1 */
    long x, y, z;            /* start/stop/step, n, function number */
    union {
        gen_range_t range;
        gen_count_t count;
        gen_long_take_t take;
        gen_long_map_t map;
        gen_long_filter_t filter;
        gen_long_chain_t chain;
        gen_long_enumerate_t en;
        gen_long_zip_t zip;
    } f;
    gen_t *base;             /* its port's base */
    /* the model */
    int mstate;              /* GEN_CREATED, GEN_SUSPENDED, GEN_CLOSED */
    wide cur, bound;         /* range/count: next value; enumerate: index; bound: most values it can give */
    long taken;
    int second, pending;     /* chain: on its second source; count: the next pull raises */
};

static struct pnode pn[PNODES + 1];
static int npn, proot; /* nodes; the consuming end (npn - 1, or npn for enumerate/zip) */

static long map_fn0(long x) { return ~x; }
static long map_fn1(long x) { return x / 2; }
static long map_fn2(long x) { return x ^ 0x55; }
static int pred0(long x) { return (x & 1) != 0; }
static int pred1(long x) { return x % 3 == 0; }
static int pred2(long x) { return x >= 0; }
static long (*const map_fns[3])(long) = { map_fn0, map_fn1, map_fn2 };
static int (*const preds[3])(long) = { pred0, pred1, pred2 };

static long pval(unsigned b)
{
    static const long vals[16] = { 0, 1, -1, 2, -2, 3, 7, -7, 100, -100, LONG_MAX, LONG_MIN, LONG_MAX - 1,
                                   LONG_MIN + 1, LONG_MAX / 2 + 1, LONG_MIN / 2 - 1 };
    return b & 0x80 ? vals[b & 15] : (long)(b % 32) - 16;
}

static gen_long *plong(int i) { return (gen_long *)(void *)pn[i].base; }

/* the model's pull: an item, the end, or an error */
struct mres { int rc; long v, v2; int code; };

static struct mres mpull(int i)
{
    struct pnode *p = &pn[i];
    struct mres r, s;
    r.rc = GEN_DONE;
    r.v = r.v2 = 0;
    r.code = 0;
    if (p->mstate == GEN_CLOSED)
        return r;
    switch (p->kind) {
    case PN_RANGE:
        if (p->z == 0) {
            r.rc = GEN_ERROR;
            r.code = GEN_ERROR_VALUE;
        } else if (p->z > 0 ? p->cur < p->y : p->cur > p->y) {
            r.rc = GEN_YIELDED;
            r.v = (long)p->cur;
            p->cur += p->z;
        }
        break;
    case PN_COUNT:
        if (p->pending) {
            r.rc = GEN_ERROR;
            r.code = GEN_ERROR_VALUE;
        } else {
            r.rc = GEN_YIELDED;
            r.v = (long)p->cur;
            if (p->cur + p->y > LONG_MAX || p->cur + p->y < LONG_MIN)
                p->pending = 1; /* count() would pass the range of long */
            else
                p->cur += p->y;
        }
        break;
    case PN_TAKE:
        if (p->taken < p->y) {
            r = mpull(p->a);
            p->taken += r.rc == GEN_YIELDED;
        }
        break;
    case PN_MAP:
        r = mpull(p->a);
        if (r.rc == GEN_YIELDED)
            r.v = map_fns[p->z](r.v);
        break;
    case PN_FILTER:
        do
            r = mpull(p->a);
        while (r.rc == GEN_YIELDED && !preds[p->z](r.v));
        break;
    case PN_CHAIN:
        if (!p->second) {
            r = mpull(p->a);
            if (r.rc == GEN_DONE && p->b >= 0)
                p->second = 1;
        }
        if (p->second)
            r = mpull(p->b);
        break;
    case PN_ENUM:
        r = mpull(p->a);
        r.v2 = r.v;
        r.v = (long)p->cur;
        if (r.rc == GEN_YIELDED && p->cur > LONG_MAX) { /* no index for it (Python's would grow) */
            r.rc = GEN_ERROR;
            r.code = GEN_ERROR_VALUE;
        } else if (r.rc == GEN_YIELDED) {
            p->cur++;
        }
        break;
    default: /* PN_ZIP */
        r = mpull(p->a);
        if (r.rc == GEN_YIELDED) {
            s = mpull(p->b);
            s.v2 = s.v;
            s.v = r.v;
            r = s;
        }
        break;
    }
    p->mstate = r.rc == GEN_YIELDED ? GEN_SUSPENDED : GEN_CLOSED;
    return r;
}

/* every node's state, C's and the model's */
static void pcheck_states(const char *after)
{
    int i;
    for (i = 0; i <= proot; i++)
        CHECK(gen__state(pn[i].base) == pn[i].mstate, "after %s: node %d (kind %d) in state %d, the model says %d",
              after, i, pn[i].kind, gen__state(pn[i].base), pn[i].mstate);
}

/* a C result against the model's */
static void pcompare(int i, const char *what, int rc, long v, long v2, struct mres m)
{
    CHECK(rc == m.rc, "%s on node %d (kind %d): %d, the model says %d", what, i, pn[i].kind, rc, m.rc);
    if (rc == GEN_YIELDED)
        CHECK(v == m.v && v2 == m.v2, "%s on node %d (kind %d): %ld %ld, the model says %ld %ld", what, i, pn[i].kind,
              v, v2, m.v, m.v2);
    if (rc == GEN_ERROR)
        CHECK(pn[i].base->err.code == m.code, "%s on node %d (kind %d): error %d, the model says %d", what, i,
              pn[i].kind, pn[i].base->err.code, m.code);
}

/* one op on node i: next, send, throw, close or collect */
static void mclose(int i);

static void pop(int i, unsigned op, unsigned arg)
{
    static const char *names[5] = { "next", "send", "throw", "close", "collect" };
    struct pnode *p = &pn[i];
    struct mres m;
    int rc = 0, code = 1 + (int)(arg % 40), k;
    long v = 0, v2 = 0;
    m.rc = GEN_DONE;
    m.v = m.v2 = 0;
    m.code = 0;
    if (op == 4 && p->kind < PN_ENUM) { /* collect: list(islice(node, cap)) */
        long arr[8], want[8];
        size_t n = 0, cap = arg % 8, j;
        rc = gen_long_collect(plong(i), arr, cap, &n);
        m.rc = GEN_YIELDED;
        for (j = 0; j < cap; j++) {
            struct mres r = mpull(i);
            if (r.rc != GEN_YIELDED) {
                m = r;
                break;
            }
            want[j] = r.v;
        }
        CHECK(n == j, "collect on node %d: %zu values, the model %zu", i, n, j);
        for (j = 0; j < n; j++)
            CHECK(arr[j] == want[j], "collect on node %d: value %zu is %ld, the model %ld", i, j, arr[j], want[j]);
        pcompare(i, "collect", rc, 0, 0, m);
        pcheck_states("collect");
        return;
    }
    op &= 3;
    if (op == 0 || (op == 1 && p->mstate != GEN_CREATED)) {
        m = mpull(i); /* send: the combinators ignore the value */
        if (p->kind == PN_ENUM) {
            gen_long_item it = { 0, 0 };
            rc = op ? gen_long_items_send(&p->f.en.gen, (long)arg, &it) : gen_long_items_next(&p->f.en.gen, &it);
            v = it.index;
            v2 = it.value;
        } else if (p->kind == PN_ZIP) {
            gen_long_pair pr = { 0, 0 };
            rc = op ? gen_long_pairs_send(&p->f.zip.gen, (long)arg, &pr) : gen_long_pairs_next(&p->f.zip.gen, &pr);
            v = pr.first;
            v2 = pr.second;
        } else {
            rc = op ? gen_long_send(plong(i), (long)arg, &v) : gen_long_next(plong(i), &v);
        }
    } else if (op == 1) { /* send to a created generator: refused, nothing changes */
        m.rc = GEN_ERROR_NOT_STARTED;
        rc = p->kind == PN_ENUM ? gen_long_items_send(&p->f.en.gen, 1, 0)
             : p->kind == PN_ZIP ? gen_long_pairs_send(&p->f.zip.gen, 1, 0) : gen_long_send(plong(i), 1, 0);
    } else if (op == 2) { /* throw: no combinator catches; straight back when created or closed */
        m.rc = GEN_ERROR;
        m.code = code;
        p->mstate = GEN_CLOSED;
        rc = p->kind == PN_ENUM ? gen_long_items_throw(&p->f.en.gen, code, "E", 0)
             : p->kind == PN_ZIP ? gen_long_pairs_throw(&p->f.zip.gen, code, "E", 0)
             : gen_long_throw(plong(i), code, "E", 0);
    } else { /* close: a started combinator closes the sources it owns */
        mclose(i);
        rc = gen_close(plong(i)); /* (any port: gen_close takes its base) */
    }
    if (verbose)
        fprintf(stderr, "node %d %s %u -> rc %d %ld %ld (model %d %ld %ld)\n", i, names[op], arg, rc, v, v2, m.rc,
                m.v, m.v2);
    pcompare(i, names[op], rc, v, v2, m);
    pcheck_states(names[op]);
    for (k = 0; k <= proot; k++) /* nothing is left running */
        CHECK(gen__state(pn[k].base) != GEN_RUNNING, "node %d left running", k);
}

/* the model of gen_close on node i: closed; a combinator that had
   started runs its finally section, which closes the sources it owns
   (the current one of a chain, and its second if not reached yet); a
   created one never runs, so its sources stay as they are */
static void mclose(int i)
{
    struct pnode *p = &pn[i];
    int was = p->mstate;
    p->mstate = GEN_CLOSED;
    if (was != GEN_SUSPENDED || p->kind == PN_RANGE || p->kind == PN_COUNT)
        return;
    if (p->kind == PN_CHAIN && p->second) {
        if (p->b >= 0)
            mclose(p->b);
        return;
    }
    if (p->a >= 0)
        mclose(p->a);
    if ((p->kind == PN_CHAIN || p->kind == PN_ZIP) && p->b >= 0 && p->b != p->a)
        mclose(p->b); /* (the others' b is unused, not -1) */
}

/* the most values node i can give (saturated), for the filter bound */
static wide pbound(const struct pnode *p)
{
    wide n;
    switch (p->kind) {
    case PN_RANGE:
        if (p->z == 0 || (p->z > 0 ? p->x >= p->y : p->x <= p->y))
            return 0;
        n = p->z > 0 ? ((wide)p->y - p->x + p->z - 1) / p->z : ((wide)p->x - p->y - p->z - 1) / -(wide)p->z;
        return n;
    case PN_COUNT: return (wide)1 << 100;
    case PN_TAKE: n = pn[p->a].bound; return p->y < n ? (p->y > 0 ? p->y : 0) : n;
    case PN_CHAIN: return pn[p->a].bound + (p->b >= 0 ? pn[p->b].bound : 0);
    default: return pn[p->a].bound; /* map, filter */
    }
}

static void pipeline(void)
{
    int i, nops;
    unsigned rk;
    memset(pn, 0, sizeof pn);
    npn = 1 + (int)(in_byte() % PNODES);
    for (i = 0; i < npn; i++) {
        struct pnode *p = &pn[i];
        unsigned k = in_byte() % PN_KINDS, c = in_byte();
        p->kind = i ? (int)k : (k == PN_COUNT ? PN_COUNT : PN_RANGE); /* the first node is a source */
        p->a = i ? (int)(c % (unsigned)i) : -1;
        p->b = i && (c & 0x80) ? (int)((c >> 3) % (unsigned)i) : -1;
        p->x = pval(in_byte());
        p->y = pval(in_byte());
        p->z = pval(in_byte());
        if (p->kind == PN_TAKE)
            p->y = (long)(p->y % 20);
        if (p->kind == PN_MAP || p->kind == PN_FILTER)
            p->z = (long)((unsigned long)p->z % 3);
        if (p->kind == PN_FILTER && pn[p->a].bound > PBOUND) {
            p->kind = PN_TAKE; /* a filter of an endless or huge source might never yield */
            p->y = 16;
        }
        p->mstate = GEN_CREATED;
        switch (p->kind) {
        case PN_RANGE: p->base = &gen_range(&p->f.range, p->x, p->y, p->z)->base; p->cur = p->x; break;
        case PN_COUNT: p->base = &gen_count(&p->f.count, p->x, p->y)->base; p->cur = p->x; break;
        case PN_TAKE: p->base = &gen_long_take(&p->f.take, plong(p->a), p->y)->base; break;
        case PN_MAP: p->base = &gen_long_map(&p->f.map, plong(p->a), map_fns[p->z])->base; break;
        case PN_FILTER: p->base = &gen_long_filter(&p->f.filter, plong(p->a), preds[p->z])->base; break;
        default: p->base = &gen_long_chain(&p->f.chain, plong(p->a), p->b >= 0 ? plong(p->b) : 0)->base; break;
        }
        p->bound = pbound(p);
        if (verbose)
            fprintf(stderr, "node %d: kind %d of %d, %d; %ld %ld %ld\n", i, p->kind, p->a, p->b, p->x, p->y, p->z);
    }
    /* the consuming end */
    rk = in_byte();
    proot = npn - 1;
    if (rk % 3 == 1) { /* enumerate(last, start) */
        struct pnode *p = &pn[npn];
        p->kind = PN_ENUM;
        p->a = npn - 1;
        p->cur = p->x = pval(in_byte());
        p->base = &gen_long_enumerate(&p->f.en, plong(p->a), p->x)->base;
        p->mstate = GEN_CREATED;
        proot = npn;
    } else if (rk % 3 == 2) { /* zip(a, b) */
        struct pnode *p = &pn[npn];
        p->kind = PN_ZIP;
        p->a = (int)(in_byte() % (unsigned)npn);
        p->b = (int)(in_byte() % (unsigned)npn);
        p->base = &gen_long_zip(&p->f.zip, plong(p->a), plong(p->b))->base;
        p->mstate = GEN_CREATED;
        proot = npn;
    }
    if (verbose)
        fprintf(stderr, "end: node %d, kind %d\n", proot, pn[proot].kind);
    /* ops: byte 1 bits 0-2 the op, bit 3 on the end (else on node arg % (end + 1)) */
    for (nops = 0; nops < NOPS && in_i < in_n; nops++) {
        unsigned b = in_byte(), arg = in_byte();
        int target = b & 8 ? proot : (int)(arg % (unsigned)(proot + 1));
        pop(target, (b & 7) % 5, arg);
    }
    for (i = proot; i >= 0; i--) /* the end: close everything */
        pop(i, 3, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gen_int *top;
    unsigned b0;
    int i, nops;
    in_p = data;
    in_n = size;
    in_i = 0;
    nctx = 0;
    nframes = 0;
    memset(thrown_neg, 0, sizeof thrown_neg);
    b0 = in_byte();
    if (b0 >= 0x60 && b0 < 0x80) {
        pipeline();
        return 0;
    }
    if (b0 >= 0x80) {
        interp = 0;
        twin_started = twin_closed = 0;
        const struct program *p = &programs[in_byte() % (sizeof programs / sizeof programs[0])];
        if (verbose)
            fprintf(stderr, "twin %s\n", p->name);
        ME = top = p->make();
    } else {
        interp = 1;
        nspec = 1 + (int)(b0 % NSPEC);
        for (i = 0; i < nspec; i++) {
            unsigned h = in_byte();
            struct spec *s = &specs[i];
            s->has_fin = (int)(h & 1);
            s->n = (int)((h >> 1) % (NSTEP + 1));
            s->nfin = s->has_fin ? (int)((h >> 5) % (NFSTEP + 1)) : 0;
            if (verbose)
                fprintf(stderr, "spec %d: %d steps, %s\n", i, s->n, s->has_fin ? "finally" : "no finally");
            decode_steps(s->s, s->n, i, "step");
            decode_steps(s->f, s->nfin, i, "finally");
        }
        ME = top = &new_frame(0, 0)->gen;
    }
    for (nops = 0; nops < NOPS && in_i < in_n; nops++) {
        unsigned b = in_byte();
        drive(top, (int)(b & 3), (int)(b >> 2));
    }
    /* the end: close the top generator, then what was abandoned */
    close_out(top, "the top generator");
    for (i = 0; interp && i < nframes; i++)
        close_out(&frames[i].gen, "an abandoned generator");
    observe(1);
    ME = 0;
    return 0;
}
