/* coro.h 0.2.0 - resumable functions (stackless coroutines, protothread
   style) for C89/C99 and C++, in one header: a function keeps its place in a
   small control block and returns whenever it has to wait; called again, it
   carries on where it stopped. Two backends (switch/case, ISO C everywhere;
   labels as values, gcc/clang), finally sections, awaiting a child.
   gen.h builds Python's generators and an asyncio-shaped runtime on it.

   No malloc; nothing from libc but what a debug trap prints.
   License: 0BSD (see the end of this file).

   QUICK START
   ===========
   A resumable function keeps its place in a coro_t and returns whenever it
   has to wait. Call it again and it carries on where it stopped. (The code
   between the "example" lines is compiled by the test suite.)

   ---- example: begin
       #include "coro.h"

       void led(int on);
       int button_pressed(void);
       void wait_for_interrupt(void);

       struct blinker { coro_t co; int n; };         // what must survive a yield

       static int blink(struct blinker *b)
       {
           CORO_BEGIN(&b->co);
           for (b->n = 0; b->n < 3; b->n++) {
               led(1);
               CORO_WAIT_UNTIL(button_pressed());    // CORO_SUSPENDED until true
               led(0);
               CORO_YIELD();                         // CORO_SUSPENDED, once
           }
           CORO_END();                               // CORO_DONE
       }

       void run_blinker(void);
       void run_blinker(void)
       {
           struct blinker b;
           coro_init(&b.co);                         // or a zeroed struct
           while (blink(&b) == CORO_SUSPENDED)
               wait_for_interrupt();
       }
   ---- example: end

   CONTENTS
   ========
   1. Configuration macros            4. Results, states and errors
   2. Body macros                     5. Backends and their contract
   3. Functions                       6. Caveats
   Generators, the runtime and everything named gen_* / GEN_* are gen.h's.

   1. CONFIGURATION (define before including; every one is optional)
   ----------------
   CORO_BACKEND_SWITCH   force the switch (Duff's device) backend: ISO C, every
                         compiler. Default where labels as values are missing.
   CORO_BACKEND_GOTO     force the goto (labels-as-values) backend: gcc, clang,
                         tcc, chibicc. Default where available. A yield
                         inside your own switch works only with this backend.
                         Defining both, or GOTO on a compiler without labels as
                         values, or on pcc (section 5), is an #error.
   CORO_LINE_TYPE        integer type of a resume point (switch backend) and of
                         the recorded line. Default: unsigned short (holds any
                         line of a 65,535-line file on 16-bit targets).
   CORO_DEBUG            1: misuse traps call CORO_TRAP. Default: 0 when NDEBUG
                         is defined, 1 otherwise.
   CORO_TRAP(msg)        what a trap does. Default (hosted, debug): print
                         "coro.h: <msg>" on stderr and abort(); freestanding:
                         __builtin_trap() (gcc/clang) or an endless loop. msg is
                         a string literal naming the fix. After CORO_TRAP returns
                         (if yours does) the release-build result follows.

   2. BODY MACROS (use them inside the resumable function only)
   --------------
   A body is CORO_BEGIN(c) ... [CORO_FINALLY() ...] CORO_END(). The function
   returns int. Every suspension macro is one statement (safe after an if
   without braces), evaluates each argument once per evaluation of the
   macro, and is shaped "save state; return; resume label", so nothing falls
   through. Control-flow macros are in capitals because each hides a return.

   CORO_BEGIN(c)        Starts the body. c: a coro_t *, evaluated once.
                        Steps: (1) if the coroutine is running (re-entered) it
                        returns CORO_ERROR_RUNNING, if closed CORO_DONE, and
                        changes nothing; (2) marks it running; (3) jumps to the
                        saved resume point, or to the finally section when it
                        is being closed or an error was thrown in, or falls
                        into the body on the first call. Declares hidden
                        locals, so in C89 it must follow your declarations.
   CORO_YIELD()         (1) saves this point and its __LINE__, (2) returns
                        CORO_SUSPENDED, (3) the next call resumes after it.
                        Switch backend: not inside a switch of your own (the
                        resume traps or fails with CORO_ERROR_LOST: caveat 2);
                        the same holds for every suspension macro.
   CORO_WAIT_UNTIL(e)   While e is false: suspend as CORO_YIELD does and test
                        again on the next call. e is evaluated once per call.
                        If e is already true it does not suspend.
   CORO_WAIT_WHILE(e)   CORO_WAIT_UNTIL(!(e)).
   CORO_AWAIT(call)     Runs a child resumable function to completion: calls
                        `call` (an int expression, typically child(&me->child))
                        once per resume until it stops returning
                        CORO_SUSPENDED, suspending in between. A negative
                        result (an error) is raised in this body (see
                        CORO_FAIL); CORO_DONE continues after the macro.
   CORO_SPAWN(child, call)  coro_init(child) once, then CORO_AWAIT(call).
   CORO_EXIT()          Finishes: runs the finally section if there is one,
                        then returns CORO_DONE. Inside the finally section it
                        finishes at once and discards the pending outcome
                        (an error, or a close): CORO_DONE, as Python 3.11's
                        `return` in a finally block discards the exception
                        (CPython 3.14 warns about that: PEP 765).
   CORO_FAIL(err)       Finishes with an error: err is a negative int in
                        -128..-16 (codes above -16 are the library's); the
                        finally section runs; the call returns err. Inside the
                        finally section it replaces the pending outcome.
   CORO_RESTART()       Forgets the position and returns CORO_SUSPENDED; the
                        next call starts from CORO_BEGIN. Does not run the
                        finally section.
   CORO_FINALLY()       Starts the finally section: the code from here to
                        CORO_END runs when the body finishes normally, on
                        CORO_EXIT/CORO_FAIL, when the coroutine is closed and
                        when an error thrown into it is not caught (gen.h). It
                        may suspend. At most one, at the top level of the body
                        (not inside a block).
   CORO_END()           Ends the body: returns the outcome (CORO_DONE, or the
                        pending error), marks the coroutine closed.

   3. FUNCTIONS
   ------------
   void coro_init(coro_t *c)           Makes c a fresh coroutine (same as an
                                       all-zero coro_t).
   int  coro_state(const coro_t *c)    CORO_STATE_CREATED, _RUNNING,
                                       _SUSPENDED or _CLOSED.
   unsigned coro_line(const coro_t *c) Source line of the suspension point it
                                       waits at; 0 when not suspended.
   const char *coro_strerror(int rc)   A message for a result or error code.

   4. RESULTS, STATES AND ERRORS
   -----------------------------
   A body returns CORO_SUSPENDED (1: call again), CORO_DONE (0: finished) or
   a negative error: CORO_ERROR_LOST (-1: the switch backend resumed at a
   point its own switch does not own, see caveat 2; traps in debug builds),
   CORO_ERROR_RUNNING (-2: called while already running, e.g. from an
   interrupt, or after a plain return left it running: caveat 3),
   CORO_ERROR_RAISED (-3: gen.h, an error with a message was raised),
   CORO_ERROR_UNINIT (-7: its state byte is no state: never initialised;
   traps in debug builds; a never-initialised coro_t whose bytes happen to
   look valid cannot be told apart), -4..-15 otherwise reserved for
   gen.h, your own codes from -16 down.
   After any ending the coroutine is closed: further calls return CORO_DONE.

   5. BACKENDS
   -----------
   Both implement one small contract (see "backend contract" below): a resume
   point type coro__pc_t whose zero means "start", a dispatch that opens the
   body, a save, a label, the finally label and a close. The switch backend
   stores a small integer and wraps the body in a switch; the goto backend
   stores a label address and jumps with goto *. Both pass the same tests.
   pcc has labels as values but refuses a computed goto in an inline function
   ("no computed goto in inlined functions"), and coro.h's and gen.h's
   functions are inline: pcc gets the switch backend, and CORO_BACKEND_GOTO
   with pcc is an #error.
   Resume points are numbered with __COUNTER__ where the compiler has it
   (densely, per function: two suspension points may share a line) and with
   __LINE__ elsewhere (one suspension point per line).

   6. CAVEATS
   ----------
   1. Locals do not survive a suspension. The body returns at every yield, so
      a block-local variable holds garbage after resuming. Keep everything that
      must live across a yield in the struct that holds the coro_t (the frame),
      and use block locals only between two suspension points.
   2. Switch backend: a suspension macro inside your own switch statement puts
      its case label in your switch. Resuming there cannot work: CORO_BEGIN
      lands in the default branch, which traps in debug builds ("yield inside
      your own switch") and ends the coroutine with CORO_ERROR_LOST in release
      builds. Use if/else there, or the goto backend.
   3. Do not `return` from a body yourself; use CORO_EXIT or CORO_FAIL. A plain
      return leaves the coroutine marked running, so the next call gets
      CORO_ERROR_RUNNING.
   4. `break` at the top level of a body (outside any loop or switch of yours)
      leaves the dispatch switch and ends the coroutine at once, skipping its
      finally section: don't.
   5. C++ (and gcc's -Wjump-misses-init): an initialised declaration at the
      top level of the body is jumped over by a resume: declare locals inside
      a block, or before CORO_BEGIN.
   6. With __LINE__ numbering (no __COUNTER__) two suspension points on one line
      are a "duplicate case value" or "duplicate label" compile error, and line
      65535 is reserved.
   7. One coroutine body per function; CORO_FINALLY at most once.
      A body may be written inside a macro of yours. With the switch backend
      and __COUNTER__, a suspension macro passed as an argument to the macro
      that holds the CORO_BEGIN expands before it and would be numbered below
      the function's first point: a compile error names the fix (the macro
      CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO
      in the expansion); the goto backend has no such limit.
   8. Switch backend, gcc -O2: when several bodies are inlined into one loop,
      gcc may warn that a frame field "may be used uninitialized" (it cannot
      see that the dispatch only jumps to points the body already passed).
      A false positive: initialise the frame (a zeroed or static one), or
      use the goto backend.

*/
#ifndef CORO_H
#define CORO_H

/* ---- configuration ------------------------------------------------------- */

#if defined(CORO_BACKEND_SWITCH) && defined(CORO_BACKEND_GOTO)
#error "coro.h: CORO_BACKEND_SWITCH and CORO_BACKEND_GOTO are both defined: define one of them, or neither for the default"
#endif

/* pcc (which defines __GNUC__) has labels as values, but no computed goto in
   inline functions, and the library's functions are inline */
#if (defined(__GNUC__) && !defined(__PCC__)) || defined(__clang__) || defined(__TINYC__) || defined(__chibicc__)
#define CORO_HAS_LABELS_AS_VALUES 1
#else
#define CORO_HAS_LABELS_AS_VALUES 0
#endif

#if defined(CORO_BACKEND_GOTO) && defined(__PCC__)
#error "coro.h: CORO_BACKEND_GOTO does not work with pcc (no computed goto in inline functions, and coro.h's are inline): define CORO_BACKEND_SWITCH instead, or nothing"
#elif defined(CORO_BACKEND_GOTO) && !CORO_HAS_LABELS_AS_VALUES
#error "coro.h: CORO_BACKEND_GOTO needs labels as values (gcc, clang, tcc, chibicc), which this compiler lacks: define CORO_BACKEND_SWITCH instead, or nothing"
#endif

#if !defined(CORO_BACKEND_SWITCH) && !defined(CORO_BACKEND_GOTO)
#if CORO_HAS_LABELS_AS_VALUES
#define CORO_BACKEND_GOTO
#else
#define CORO_BACKEND_SWITCH
#endif
#endif

#ifndef CORO_LINE_TYPE
#define CORO_LINE_TYPE unsigned short
#endif
typedef CORO_LINE_TYPE coro_line_t;

#ifndef CORO_DEBUG
#ifdef NDEBUG
#define CORO_DEBUG 0
#else
#define CORO_DEBUG 1
#endif
#endif

#ifndef CORO_TRAP
#if CORO_DEBUG && defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <stdio.h>
#include <stdlib.h>
#define CORO_TRAP(msg) (fputs("coro.h: " msg "\n", stderr), abort())
#elif defined(__GNUC__) || defined(__clang__)
#define CORO_TRAP(msg) __builtin_trap()
#else
#define CORO_TRAP(msg) for (;;) {}
#endif
#endif

/* ---- compiler helpers ---------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#define CORO__EXT __extension__
#else
#define CORO__EXT
#endif

/* Around the functions a declaring macro writes into your file: clang warns
   about unused static inline functions of the main file (gcc does not), and
   an unused attribute would trip -Wused-but-marked-unused instead. */
#if defined(__clang__)
#define CORO__FNS_BEGIN _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wunused-function\"")
#define CORO__FNS_END _Pragma("clang diagnostic pop")
#else
#define CORO__FNS_BEGIN
/* not empty: chibicc drops the directive that follows a macro invocation
   whose expansion ends in an empty macro */
#define CORO__FNS_END struct coro__fns_end;
#endif

/* sdcc inlines every call of a static inline function (its code grows 3-5
   times, its compiles 5-10 times slower, and sdcc 4.2's Z80 port crashes):
   C99 lets a compiler ignore inline, so we ask sdcc to. */
#if defined(__SDCC)
#define CORO__INLINE static
#elif defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
#define CORO__INLINE static inline
#elif defined(__GNUC__)
#define CORO__INLINE static __inline__ /* C89 with gcc or clang */
#else
#define CORO__INLINE static /* C89 */
#endif
#define CORO__API CORO__INLINE

#define CORO__CAT_(a, b) a##b
#define CORO__CAT(a, b) CORO__CAT_(a, b)

/* Resume point numbers. __COUNTER__ is read once per suspension macro and
   passed down as a literal, so compilers that expand an argument again at
   each use (pcc, chibicc) still see one number. */
#ifdef __COUNTER__
#define CORO__ID __COUNTER__
#define CORO__HAS_COUNTER 1
#else
#define CORO__ID __LINE__
#define CORO__HAS_COUNTER 0
#endif

/* ---- types, results, states ---------------------------------------------- */

enum {
    CORO_DONE = 0,           /* finished */
    CORO_SUSPENDED = 1,      /* suspended: call again */
    CORO_ERROR_LOST = -1,    /* switch backend: resumed at a point it does not own */
    CORO_ERROR_RUNNING = -2, /* called while running (re-entered) */
    CORO_ERROR_RAISED = -3,  /* an error with a message was raised (gen.h) */
    CORO_ERROR_UNINIT = -7,  /* a coro_t used before coro_init (its state byte tells) */
    CORO_ERROR_USER = -16    /* first code free for CORO_FAIL */
};

enum {
    CORO_STATE_CREATED = 0,
    CORO_STATE_SUSPENDED = 1,
    CORO_STATE_RUNNING = 2,
    CORO_STATE_CLOSED = 3
};

/* the pending outcome of a coroutine being closed (it ends with CORO_DONE) */
enum { CORO__RC_CLOSING = 1 };

/* flags: signals delivered from outside and the body's unwinding state */
enum {
    CORO__F_CLOSE = 1,        /* close requested: unwind to the finally section */
    CORO__F_THROW = 2,        /* an error was thrown in (gen.h) */
    CORO__F_CATCHING = 4,     /* the suspension point catches thrown errors */
    CORO__F_DELEGATING = 8,   /* the suspension point forwards signals (yield from) */
    CORO__F_CAUGHT = 16,      /* this resume delivered a caught error */
    CORO__F_SENT = 32,        /* this resume carries a sent value (gen.h) */
    CORO__F_UNWINDING = 64,   /* the finally section is running or due */
    CORO__F_TO_FINALLY = 128  /* jump to the finally section on dispatch */
};

#ifdef CORO_BACKEND_SWITCH
typedef coro_line_t coro__pc_t;
#else
typedef void *coro__pc_t;
#endif

typedef struct coro_t {
    coro__pc_t pc;       /* resume point; zero: the start */
    coro_line_t line;    /* source line of the current suspension point */
    unsigned char state; /* CORO_STATE_* */
    unsigned char flags; /* CORO__F_* */
    signed char rc;      /* the outcome pending while the finally section
                            runs: 0, CORO__RC_CLOSING or an error */
} coro_t;

/* ---- functions ----------------------------------------------------------- */

CORO__API void coro_init(coro_t *c)
{
    c->pc = 0;
    c->line = 0;
    c->state = CORO_STATE_CREATED;
    c->flags = 0;
    c->rc = 0;
}

CORO__API int coro_state(const coro_t *c) { return c->state; }

CORO__API unsigned coro_line(const coro_t *c)
{
    return c->state == CORO_STATE_SUSPENDED ? (unsigned)c->line : 0u;
}

CORO__API const char *coro_strerror(int rc)
{
    switch (rc) {
    case CORO_DONE: return "done";
    case CORO_SUSPENDED: return "suspended";
    case CORO_ERROR_LOST:
        return "resumed at a point its switch does not own: a yield inside your own switch needs the goto backend";
    case CORO_ERROR_RUNNING:
        return "already executing (resumed from inside itself, or a plain return in the body left it running: end with CORO_EXIT/GEN_RETURN)";
    case CORO_ERROR_UNINIT: return "used before coro_init (never initialised)";
    case CORO_ERROR_RAISED: return "error raised";
    default: return rc < 0 ? "error" : "unknown result";
    }
}

/* Internal helpers used by the body macros. */

/* CORO_BEGIN's refusal: running -> CORO_ERROR_RUNNING, closed -> CORO_DONE */
CORO__API int coro__refuse(const coro_t *c)
{
    return c->state == CORO_STATE_RUNNING ? CORO_ERROR_RUNNING : CORO_DONE;
}

/* CORO_BEGIN's uncommon entries (first call, running, closed, a close or a
   throw pending, flags set): CORO__GO to go on into the body, or what the
   body returns at once. A function of its own, so that a body stays small
   enough for the compiler to inline where it is called by name. */
enum { CORO__GO = 2 };
CORO__API int coro__enter(coro_t *c);

/* Ends the coroutine and returns its outcome. */
CORO__API int coro__finish(coro_t *c)
{
    int rc = c->rc < 0 ? (int)c->rc : (int)CORO_DONE;
    c->state = CORO_STATE_CLOSED;
    c->flags = 0;
    c->line = 0;
    c->rc = 0;
    return rc;
}

/* Starts unwinding towards the finally section. Returns 0 when the body is
   already unwinding (it is in its finally section): it must finish now. */
CORO__API int coro__unwind(coro_t *c)
{
    if (c->flags & CORO__F_UNWINDING)
        return 0;
    c->flags = (unsigned char)(c->flags | CORO__F_UNWINDING | CORO__F_TO_FINALLY);
#ifdef CORO_BACKEND_SWITCH
    c->pc = (coro__pc_t)-1;
#else
    c->pc = 0;
#endif
    return 1;
}

/* Records err as the pending outcome. */
CORO__API void coro__fail(coro_t *c, int err)
{
    c->rc = (signed char)err;
}

/* CORO_BEGIN's slow path, taken when any flag is set. Returns 1 when the
   body must finish at once (a signal arrived inside the finally section). */
CORO__API int coro__signal(coro_t *c)
{
    unsigned f = c->flags;
    unsigned sig = f & (CORO__F_CLOSE | CORO__F_THROW);
    f &= ~(unsigned)CORO__F_CAUGHT;
    if (sig && !(f & CORO__F_DELEGATING)) {
        if (sig == CORO__F_THROW && (f & CORO__F_CATCHING)) {
            f = (f & ~(unsigned)CORO__F_THROW) | CORO__F_CAUGHT;
        } else {
            /* a thrown error becomes the outcome; a close replaces any
               pending error (as GeneratorExit replaces an exception) */
            c->rc = (signed char)((sig & CORO__F_THROW) ? (int)CORO_ERROR_RAISED : (int)CORO__RC_CLOSING);
            c->flags = (unsigned char)(f & ~(unsigned)(CORO__F_CATCHING | CORO__F_THROW | CORO__F_CLOSE));
            return !coro__unwind(c);
        }
    }
    c->flags = (unsigned char)(f & ~(unsigned)CORO__F_CATCHING);
    return 0;
}

CORO__API int coro__enter(coro_t *c)
{
    if (c->state > CORO_STATE_CLOSED) {
#if CORO_DEBUG
        CORO_TRAP("a coro_t (or a generator's port) was never initialised: call coro_init (NAME_init) before the first resume");
#endif
        return CORO_ERROR_UNINIT;
    }
    if (c->state >= CORO_STATE_RUNNING)
        return coro__refuse(c);
    c->state = CORO_STATE_RUNNING;
    if (c->flags && coro__signal(c))
        return coro__finish(c);
    return CORO__GO;
}

/* The default branch of the switch backend: a close/throw without a finally
   section, or a resume point the dispatch switch does not own. */
CORO__API int coro__default(coro_t *c)
{
#ifdef CORO_BACKEND_SWITCH
    if (c->pc != (coro__pc_t)-1) {
#if CORO_DEBUG
        CORO_TRAP("resumed at a point its own switch does not own (a yield inside your own switch statement, or a coro_t never initialised?): use if/else there, or the goto backend (CORO_BACKEND_GOTO); call coro_init first");
#endif
        c->rc = CORO_ERROR_LOST;
    }
#endif
    return coro__finish(c);
}

/* ---- backend contract -----------------------------------------------------
   coro__pc_t               a resume point; zero means "at the start"
   CORO__PC_DISPATCH(c)     opens the body with a switch statement (which
                            CORO_END leaves with break) and an unfinished
                            statement the user's semicolon ends: jumps to
                            c->pc, or to the finally label when
                            CORO__F_TO_FINALLY is set, or falls into the start
                            when c->pc is zero
   CORO__PC_RESUME(c)       a suspended coroutine with no flags set resumes: may
                            jump to c->pc at once, or do nothing and let
                            CORO__PC_DISPATCH do it
   CORO__PC_SAVE(c, id)     stores resume point id in c->pc
   CORO__PC_LABEL(id)       defines resume point id
   CORO__PC_FINALLY_LABEL   the label CORO__PC_DISPATCH uses for the finally
   CORO__PC_CLOSE(c)        closes the body; the default branch calls
                            coro__default (finish, or a lost resume point)
   id is a literal (__COUNTER__ or __LINE__), unique in the translation unit. */

#ifdef CORO_BACKEND_SWITCH

#if CORO__HAS_COUNTER
#define CORO__PC_BASE_DECL enum { coro__base = __COUNTER__ };
#define CORO__PC_NUM(id) ((id) - coro__base)
/* A resume point numbered before its CORO_BEGIN: a suspension macro passed
   as an argument to a macro that also holds the CORO_BEGIN (arguments
   expand first). Its number would land on the finally section: a compile
   error instead ("size of array is negative" in this macro's expansion). */
#define CORO__PC_SAVE(c, id) \
    CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO(id), \
    (c)->pc = (coro__pc_t)CORO__PC_NUM(id)
#define CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO(id) \
    (void)sizeof(char[CORO__PC_NUM(id) > 0 ? 1 : -1])
#else
#define CORO__PC_BASE_DECL
#define CORO__PC_NUM(id) (id)
#define CORO__PC_SAVE(c, id) (c)->pc = (coro__pc_t)CORO__PC_NUM(id)
#endif
#define CORO__PC_RESUME(c) (void)0
#define CORO__PC_DISPATCH(c) switch ((c)->pc) { case 0:
#define CORO__PC_LABEL(id) case CORO__PC_NUM(id):
#define CORO__PC_FINALLY_LABEL case (coro__pc_t)-1:
#define CORO__PC_CLOSE(c) default: return coro__default(c); }

#else /* CORO_BACKEND_GOTO */

#define CORO__PC_BASE_DECL
#define CORO__PC_SAVE(c, id) (c)->pc = CORO__EXT(&&CORO__CAT(coro__L, id))
#if defined(__GNUC__) || defined(__clang__)
#define CORO__PC_JUMP(c) CORO__EXT({ goto *(c)->pc; })
#else
#define CORO__PC_JUMP(c) goto *(c)->pc
#endif
#define CORO__PC_RESUME(c) CORO__PC_JUMP(c)
#define CORO__PC_DISPATCH(c) \
    switch ((c)->flags & CORO__F_TO_FINALLY) { case 0: if ((c)->pc) CORO__PC_JUMP(c)
#define CORO__PC_LABEL(id) CORO__CAT(coro__L, id):
#define CORO__PC_FINALLY_LABEL case CORO__F_TO_FINALLY:
/* the label whose address nobody jumps to: clang refuses a goto * in a
   function that takes no label's address (a body without suspension points) */
#define CORO__PC_CLOSE(c) \
    default: coro__no_resume: (void)CORO__EXT(&&coro__no_resume); \
    return coro__default(c); }

#endif

/* ---- body macros --------------------------------------------------------- */

#define CORO_BEGIN(c) \
    coro_t *const coro__self = (c); \
    int coro__rc = 0; \
    CORO__PC_BASE_DECL \
    (void)coro__rc; \
    if (coro__self->state == CORO_STATE_SUSPENDED && !coro__self->flags) { \
        coro__self->state = CORO_STATE_RUNNING; /* the common resume */ \
        CORO__PC_RESUME(coro__self); \
    } else if ((coro__rc = coro__enter(coro__self)) != CORO__GO) { \
        return coro__rc; \
    } \
    coro__dispatch: \
    CORO__PC_DISPATCH(coro__self)

/* The suspension step shared by every suspension macro: a statement list
   "save; return; label" (flag: CORO__F_CATCHING, _DELEGATING or 0). */
#define CORO__SUSPEND(id, flag) \
    CORO__PC_SAVE(coro__self, id); \
    coro__self->line = (coro_line_t)__LINE__; \
    coro__self->state = CORO_STATE_SUSPENDED; \
    coro__self->flags = (unsigned char)(coro__self->flags | (flag)); \
    return CORO_SUSPENDED; \
    CORO__PC_LABEL(id);

/* Leave for the finally section, or finish when already inside it. */
#define CORO__UNWIND() \
    if (coro__unwind(coro__self)) goto coro__dispatch; \
    return coro__finish(coro__self)

#define CORO_YIELD() CORO__YIELD_(CORO__ID)
#define CORO__YIELD_(id) do { CORO__SUSPEND(id, 0) } while (0)

#define CORO_WAIT_UNTIL(cond) CORO__WAIT_(CORO__ID, cond)
#define CORO__WAIT_(id, cond) do { while (!(cond)) { CORO__SUSPEND(id, 0) } } while (0)
#define CORO_WAIT_WHILE(cond) CORO_WAIT_UNTIL(!(cond))

#define CORO_AWAIT(call) CORO__AWAIT_(CORO__ID, call)
#define CORO__AWAIT_(id, call) do { CORO__AWAIT_BODY(id, call) } while (0)
#define CORO__AWAIT_BODY(id, call) \
    while ((coro__rc = (call)) == CORO_SUSPENDED) { CORO__SUSPEND(id, 0) } \
    if (coro__rc < 0) { coro__fail(coro__self, coro__rc); CORO__UNWIND(); }

#define CORO_SPAWN(child, call) CORO__SPAWN_(CORO__ID, child, call)
#define CORO__SPAWN_(id, child, call) do { coro_init(child); CORO__AWAIT_BODY(id, call) } while (0)

/* rc = 0: inside the finally section a return discards the pending
   outcome, as Python's return in finally discards the exception */
#define CORO_EXIT() do { coro__self->rc = 0; CORO__UNWIND(); } while (0)

#define CORO_FAIL(err) do { coro__fail(coro__self, (err)); CORO__UNWIND(); } while (0)

#define CORO_RESTART() do { coro_init(coro__self); return CORO_SUSPENDED; } while (0)

#define CORO_FINALLY() \
    goto coro__finally; \
    CORO__PC_FINALLY_LABEL \
    coro__finally: \
    coro__self->flags = (unsigned char)((coro__self->flags | CORO__F_UNWINDING) & ~CORO__F_TO_FINALLY)

/* The body's end leaves the dispatch switch with break, so that the last
   token is the return your semicolon completes (no empty statement). */
#define CORO_END() \
    if (0) goto coro__dispatch; \
    break; \
    CORO__PC_CLOSE(coro__self) \
    return coro__finish(coro__self)


#endif /* CORO_H */

/*
   LICENSE (0BSD)
   Permission to use, copy, modify, and/or distribute this software for any
   purpose with or without fee is hereby granted.
   THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
   WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
   MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY
   SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
   WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION
   OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN
   CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
*/
