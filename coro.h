/* coro.h 0.6.0 - resumable functions (stackless coroutines, protothread
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

   PROTOTYPES (section 3)
   ==========
   void coro_init(coro_t *c)             a fresh coroutine (= an all-zero coro_t)
   int coro_state(const coro_t *c)       CORO_STATE_CREATED/_SUSPENDED/_RUNNING/_CLOSED
   unsigned coro_line(const coro_t *c)   line it waits at (CORO_TRACK_LINE), else 0
   const char *coro_strerror(int rc)     a message for a result or error code

   CONTENTS
   ========
   1. Configuration macros            5. Backends and their contract
   2. Body macros                     6. What each feature costs
   3. Functions                       7. Caveats
   4. Results, states and errors
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
                         the recorded line. Default: unsigned short (a 2-byte
                         coro_t; any line of a 65,532-line file).
   CORO_TRACK_LINE       1: a coro_t also records the line of the suspension
                         point it waits at, for coro_line (2 more bytes, one
                         store per suspension). Default: CORO_DEBUG. Define
                         it alike in every file that shares a coro_t.
   CORO_DEBUG            1: misuse traps call CORO_TRAP. Default: 0 when NDEBUG
                         is defined, 1 otherwise.
   CORO_TRAP(msg)        what a trap does (a statement). Default: in a debug
                         build for an operating system (Unix, macOS, Windows)
                         print "coro.h: <msg>" on stderr and abort(); anywhere
                         else (bare metal: arm-none-eabi, avr, sdcc..., even
                         with a hosted newlib or avr-libc) __builtin_trap()
                         (gcc/clang) or an endless loop, so that no stdio is
                         pulled in; define it to report your own way. msg is a
                         string literal naming the fix. After CORO_TRAP returns
                         (if yours does) the release-build result follows.
   CORO_NO_MESSAGES      define it: coro_strerror, gen_strerror and every
                         error the headers raise carry "" for their message
                         (the codes are unchanged). For targets that keep
                         string literals in RAM: on AVR the messages take
                         up to about 600 bytes of a 2 KB ATmega328P (a
                         program that calls coro_strerror or gen_strerror
                         links them all; gen.h's loop alone, 3 of them).
   CORO_VERSION          (read it) 0.6.0 as MAJOR * 10000 + MINOR * 100 +
                         PATCH; also CORO_VERSION_MAJOR, _MINOR, _PATCH.

   2. BODY MACROS (use them inside the resumable function only)
   --------------
   A body is CORO_BEGIN(c) ... [CORO_FINALLY() ...] CORO_END(). The function
   returns int. Every macro is one statement (safe after an if without
   braces) and evaluates each argument once per evaluation of the macro;
   each suspension is shaped "save the resume point; return; resume label",
   so nothing falls through. Control-flow macros are in capitals because
   each hides a return. The body between CORO_BEGIN and CORO_FINALLY (or
   CORO_END) is a block of its own, and so is the finally section.

   CORO_BEGIN(c)        Starts the body. c: a coro_t *, evaluated once.
                        Steps: (1) reads the resume point and marks the
                        coroutine running; (2) jumps to the resume point, or
                        falls into the body on the first call; a coroutine
                        that is running (re-entered) returns
                        CORO_ERROR_RUNNING, a closed one CORO_DONE, and
                        neither changes. Declares hidden locals, so in C89 it
                        must follow your declarations.
   CORO_YIELD()         (1) saves this point (and its __LINE__ with
                        CORO_TRACK_LINE), (2) returns CORO_SUSPENDED, (3) the
                        next call resumes after it. Switch backend: not inside
                        a switch of your own (the resume traps or fails with
                        CORO_ERROR_LOST: caveat 2); the same holds for every
                        suspension macro.
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
                        finishes at once and discards the pending error:
                        CORO_DONE, as Python 3.11's `return` in a finally
                        block discards the exception (CPython 3.14 warns about
                        that: PEP 765).
   CORO_FAIL(err)       Finishes with an error: err is a negative int in
                        -128..-16 (codes above -16 are the library's); the
                        finally section runs; the call returns err. Inside the
                        finally section it finishes at once with err,
                        replacing the pending outcome.
   CORO_RESTART()       Forgets the position and returns CORO_SUSPENDED; the
                        next call starts from CORO_BEGIN. Does not run the
                        finally section.
   CORO_FINALLY()       Starts the finally section: the code from here to
                        CORO_END runs when the body finishes normally, on
                        CORO_EXIT, CORO_FAIL and a failed CORO_AWAIT. At most
                        one, at the top level of the body (not inside a block
                        of yours). It may suspend when nothing is pending (the
                        body ended normally or by CORO_EXIT). With an error
                        pending, a suspension there ends the coroutine at once
                        with that error, after a debug trap: a coro_t is its
                        resume point alone and has no room to keep the error
                        across a suspension. A cleanup that must wait after
                        an error keeps the error in the frame:
                            f->err = ERR_TIMEOUT; CORO_EXIT();
                            ...
                            CORO_FINALLY();
                            CORO_WAIT_UNTIL(bus_idle());   // may suspend
                            release_bus();
                            if (f->err) CORO_FAIL(f->err);
                        (or use a gen.h generator, which keeps it).
   CORO_END()           Ends the body: marks the coroutine closed and returns
                        the outcome (CORO_DONE, or the pending error).

   3. FUNCTIONS
   ------------
   void coro_init(coro_t *c)           Makes c a fresh coroutine (same as an
                                       all-zero coro_t).
   int  coro_state(const coro_t *c)    CORO_STATE_CREATED, _RUNNING,
                                       _SUSPENDED or _CLOSED (read from the
                                       resume point).
   unsigned coro_line(const coro_t *c) Source line of the suspension point it
                                       waits at; 0 when not suspended, and
                                       always 0 without CORO_TRACK_LINE.
   const char *coro_strerror(int rc)   A message for a result or error code.

   4. RESULTS, STATES AND ERRORS
   -----------------------------
   A body returns CORO_SUSPENDED (1: call again), CORO_DONE (0: finished) or
   a negative error: CORO_ERROR_LOST (-1: the switch backend resumed at a
   point its own switch does not own, see caveat 2, or a coro_t never
   initialised whose bytes are no resume point of the body; traps in debug
   builds), CORO_ERROR_RUNNING (-2: called while already running, e.g. from
   an interrupt, or after a plain return left it running: caveat 3); your
   own codes from -16 down. -3..-15 are reserved for gen.h
   (CORO_ERROR_RAISED -3, CORO_ERROR_UNINIT -7: its ports).
   After any ending the coroutine is closed: further calls return CORO_DONE.
   The state is folded into the resume point: 0 is "created", and two values
   no resume point takes mean "running" and "closed".

   5. BACKENDS
   -----------
   Both implement one small contract (see "backend contract" below): a resume
   point type coro__pc_t whose zero means "start" and three sentinel values
   (running, closed, to the finally section), a dispatch that opens the body
   as a switch, a value and a label per resume point, and the switch's
   default branch. The switch backend stores a small integer and wraps the
   body in a switch; the goto backend stores a label address and jumps with
   goto *. Both pass the same tests. gen.h builds its generators on the same
   contract. pcc has labels as values but refuses a computed goto in an
   inline function ("no computed goto in inlined functions"), and coro.h's
   and gen.h's functions are inline: pcc gets the switch backend, and
   CORO_BACKEND_GOTO with pcc is an #error.
   Resume points are numbered with __COUNTER__ where the compiler has it
   (densely, per function: two suspension points may share a line) and with
   __LINE__ elsewhere (one suspension point per line).

   6. WHAT EACH FEATURE COSTS (a protothread pays for what it uses only)
   --------------------------
   control block   the resume point: 2 bytes (switch; CORO_LINE_TYPE), a
                   pointer (goto); +2 bytes with CORO_TRACK_LINE
   resume          one load, one store (the running mark) and the jump
   yield           one store and a return (+1 store with CORO_TRACK_LINE)
   re-entry refused, closed means done, a lost resume point told:
                   the running mark's store on entry, and a few compares in
                   the dispatch switch's default branch, off the resume
                   path (the trap's message is out of line). On a
                   Cortex-M0 -Os: 8 bytes per body for the re-entry
                   refusal, 12 for telling a lost resume point in release
                   builds (a 3-state protothread: 68 bytes; README)
   finally, CORO_EXIT, CORO_FAIL, a failed await:  a jump to the finally
                   section; the pending outcome is a local: no RAM
   Nothing calls out of line on a resume or a yield. make bench measures
   these against protothreads-style and Tatham-style macros (README).

   7. CAVEATS
   ----------
   1. Locals do not survive a suspension. The body returns at every yield, so
      a block-local variable holds garbage after resuming. Keep everything that
      must live across a yield in the struct that holds the coro_t (the frame),
      and use block locals only between two suspension points.
   2. Switch backend: a suspension macro inside your own switch statement puts
      its case label in your switch. Resuming there cannot work: CORO_BEGIN
      lands in the default branch, which traps in debug builds ("lost resume
      point") and ends the coroutine with CORO_ERROR_LOST in release
      builds. Use if/else there, or the goto backend.
   3. Do not `return` from a body yourself; use CORO_EXIT or CORO_FAIL. A plain
      return leaves the coroutine marked running, so the next call gets
      CORO_ERROR_RUNNING.
   4. `break` at the top level of a body (outside any loop or switch of yours)
      leaves the dispatch switch and ends the coroutine at once, skipping its
      finally section: don't.
   5. C++ (and gcc's -Wjump-misses-init): an initialised declaration at the
      top level of the body is jumped over by a resume: declare locals inside
      a block, or before CORO_BEGIN. A local declared at the top level of
      the body is not visible in the finally section (another block).
   6. With __LINE__ numbering (no __COUNTER__) two suspension points on one line
      are a "duplicate case value" or "duplicate label" compile error, and
      a suspension point on lines 1 to 3 is refused the same way (those
      numbers mean running, closed and "to the finally section").
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
      use the goto backend. gcc 12 also takes a stored label address for a
      local variable's (-Wdangling-pointer, goto backend): the macros turn
      that warning off from CORO_BEGIN to CORO_END.
   9. Initialise every coro_t (coro_init, or zeroed memory). With the switch
      backend a coro_t whose bytes are no resume point of its body is told
      (CORO_ERROR_LOST, a debug trap); with the goto backend those bytes are
      an address, and the resume jumps there.
   10. The CORO_ macros belong to bodies that begin with CORO_BEGIN. In a
      generator body (GEN_BEGIN) use gen.h's macros; a CORO_ macro there is
      a compile error naming
      CORO_MACRO_WITHOUT_CORO_BEGIN_IN_A_GEN_BODY_USE_GEN_MACROS.

*/
#ifndef CORO_H
#define CORO_H

#define CORO_VERSION_MAJOR 0
#define CORO_VERSION_MINOR 6
#define CORO_VERSION_PATCH 0
#define CORO_VERSION (CORO_VERSION_MAJOR * 10000 + CORO_VERSION_MINOR * 100 + CORO_VERSION_PATCH)

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
/* stdio only where an operating system takes the message: arm-none-eabi
   and avr are "hosted" too (newlib, avr-libc), and fputs would pull in
   kilobytes there */
#if CORO_DEBUG && defined(__STDC_HOSTED__) && __STDC_HOSTED__ && \
    (defined(__unix__) || defined(__unix) || defined(__APPLE__) || defined(_WIN32))
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

/* a message the headers give the program (not a trap's): "" with
   CORO_NO_MESSAGES, so that the literal is not stored at all */
#ifdef CORO_NO_MESSAGES
#define CORO__MSG(s) ""
#else
#define CORO__MSG(s) s
#endif

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

/* The branch a resume takes almost always, told to the compiler so that
   it lays that path out as the straight line (a taken jump less on every
   resume: 2.0 -> 1.7 ns for a generator's next with gcc, bench/README.md) */
#if defined(__GNUC__) || defined(__clang__)
#define CORO__LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define CORO__LIKELY(x) (x)
#endif

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
    CORO_ERROR_UNINIT = -7,  /* used before its initialisation (gen.h's ports) */
    CORO_ERROR_USER = -16    /* first code free for CORO_FAIL */
};

enum {
    CORO_STATE_CREATED = 0,
    CORO_STATE_SUSPENDED = 1,
    CORO_STATE_RUNNING = 2,
    CORO_STATE_CLOSED = 3
};

/* A resume point. Zero is the start; three values are no resume point:
   running and closed (a coro_t's state, folded into its resume point) and
   "to the finally section" (set while unwinding, never left stored by a
   coro_t). CORO__PC_S_* are the case labels of the dispatch switch for
   the start and those three; CORO__PC_OF(s) is the coro__pc_t of one. */
#ifdef CORO_BACKEND_SWITCH
/* small numbers: immediate operands, and one dense jump table with the
   resume points (numbered from 4) */
typedef coro_line_t coro__pc_t;
#define CORO__PC_S_START 0
#define CORO__PC_S_RUNNING 1
#define CORO__PC_S_CLOSED 2
#define CORO__PC_S_FINALLY 3
#define CORO__PC_OF(s) ((coro__pc_t)(s))
#else
/* the three highest addresses, -1, -2, -3 (no label lives there), and the
   switch on pc + 3: 0 finally, 1 closed, 2 running, 3 the start. Not small
   numbers: LLVM gives a label's address the value 1 once the function it
   was taken in is inlined everywhere (its `goto *` then goes straight to
   that label), and 1 must read as a resume point. */
typedef void *coro__pc_t;
#if defined(__UINTPTR_TYPE__)
#define CORO__UPTR __UINTPTR_TYPE__
#else
#define CORO__UPTR unsigned long
#endif
#define CORO__PC_S_START 3
#define CORO__PC_S_RUNNING 2
#define CORO__PC_S_CLOSED 1
#define CORO__PC_S_FINALLY 0
#define CORO__PC_OF(s) ((coro__pc_t)((CORO__UPTR)(s) - 3u))
#endif

#ifndef CORO_TRACK_LINE
#define CORO_TRACK_LINE CORO_DEBUG
#endif

typedef struct coro_t {
    coro__pc_t pc;    /* resume point, or the state: 0 created, else see above */
#if CORO_TRACK_LINE
    coro_line_t line; /* source line of the suspension point */
#endif
} coro_t;

/* ---- functions ----------------------------------------------------------- */

CORO__API void coro_init(coro_t *c);             /* a fresh coroutine (= all zero) */
CORO__API int coro_state(const coro_t *c);       /* CORO_STATE_*, read from the resume point */
CORO__API unsigned coro_line(const coro_t *c);   /* line it waits at (CORO_TRACK_LINE), else 0 */
CORO__API const char *coro_strerror(int rc);     /* a message for a result or error code */

CORO__API void coro_init(coro_t *c)
{
    c->pc = 0;
#if CORO_TRACK_LINE
    c->line = 0;
#endif
}

CORO__API int coro_state(const coro_t *c)
{
    if (c->pc == 0)
        return CORO_STATE_CREATED;
    if (c->pc == CORO__PC_OF(CORO__PC_S_RUNNING))
        return CORO_STATE_RUNNING;
    if (c->pc == CORO__PC_OF(CORO__PC_S_CLOSED))
        return CORO_STATE_CLOSED;
    return CORO_STATE_SUSPENDED;
}

CORO__API unsigned coro_line(const coro_t *c)
{
#if CORO_TRACK_LINE
    return coro_state(c) == CORO_STATE_SUSPENDED ? (unsigned)c->line : 0u;
#else
    (void)c;
    return 0u;
#endif
}

/* two messages gen.h also gives alone (a task's step that was refused) */
#define CORO__MSG_LOST \
    CORO__MSG("resumed at a point its switch does not own: a yield inside your own switch needs the goto backend")
#define CORO__MSG_RUNNING CORO__MSG("already executing (resumed from inside itself, or a plain return in the body " \
                                    "left it running: end with CORO_EXIT/GEN_RETURN)")

CORO__API const char *coro_strerror(int rc)
{
    switch (rc) {
    case CORO_DONE: return CORO__MSG("done");
    case CORO_SUSPENDED: return CORO__MSG("suspended");
    case CORO_ERROR_LOST: return CORO__MSG_LOST;
    case CORO_ERROR_RUNNING: return CORO__MSG_RUNNING;
    case CORO_ERROR_UNINIT: return CORO__MSG("used before its initialisation (never initialised)");
    case CORO_ERROR_RAISED: return CORO__MSG("error raised");
    default: return rc < 0 ? CORO__MSG("error") : CORO__MSG("unknown result");
    }
}

/* The debug traps of the body macros, out of line so that a body stays
   small. Each returns its release-build result. */
CORO__API int coro__lost(void)
{
#if CORO_DEBUG
    CORO_TRAP("lost resume point (a yield in your own switch? a coro_t never initialised?): use if/else there, or the goto backend (CORO_BACKEND_GOTO); call coro_init first");
#endif
    return CORO_ERROR_LOST;
}

CORO__API int coro__error_in_finally(int rc)
{
#if CORO_DEBUG
    CORO_TRAP("a coro_t keeps no error across a suspension, and its finally section suspended with one pending: keep the error in your frame and CORO_EXIT, then CORO_FAIL(it) at the end of the finally section (or use a gen.h generator); it ends now with the error");
#endif
    return rc;
}

/* ---- backend contract -----------------------------------------------------
   coro__pc_t               a resume point; zero means "at the start"
   CORO__PC_S_*, _OF        the start and the three values that are no
                            resume point, as case labels and as coro__pc_t
   CORO__PC_BASE_DECL       a declaration the body's first lines make
   CORO__PC_VALUE(id)       the coro__pc_t of resume point id
   CORO__PC_LABEL(id)       defines resume point id
   CORO__PC_DISPATCH(pc)    opens the dispatch switch (an unfinished
                            statement: the start's case and the body follow): jumps
                            to resume point pc (an lvalue), or to the case
                            label CORO__PC_CASE(s) of sentinel s
   CORO__PC_CASE(s)         the case label of sentinel s in the dispatch switch
   CORO__PC_RESUME(pc)      a statement before the dispatch switch: jumps to
                            pc, which the caller knows is a resume point of
                            this body (none of the sentinels); empty where
                            the dispatch switch costs no more (gen.h's common
                            resume)
   CORO__PC_DEFAULT         the dispatch switch's default label
   CORO__PC_LOST(pc)        in the default branch: nonzero when pc is a
                            resume point the switch does not own
   CORO__PC_BODY_BEGIN/_END around a CORO_BEGIN body (a warning turned off)
   CORO__PC_CONST(name, id) declares name, a constant of the enclosing block
                            that holds resume point id's coro__pc_t (gen.h's
                            GEN_TRY: where its except branch starts)
   CORO__PC_CONST_NONE(name) the same, holding no resume point (zero)
   id is a literal (__COUNTER__ or __LINE__), unique in the translation unit. */

#ifdef CORO_BACKEND_SWITCH

#if CORO__HAS_COUNTER
#define CORO__PC_BASE_DECL enum { coro__base = __COUNTER__ };
#define CORO__PC_NUM(id) ((id) - coro__base + CORO__PC_S_FINALLY)
/* A resume point numbered before its CORO_BEGIN: a suspension macro passed
   as an argument to a macro that also holds the CORO_BEGIN (arguments
   expand first). Its number would land outside the body: a compile error
   instead ("size of array is negative" in this macro's expansion). */
#define CORO__PC_VALUE(id) \
    (CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO(id), \
     (coro__pc_t)CORO__PC_NUM(id))
#define CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO(id) \
    (void)sizeof(char[CORO__PC_NUM(id) > CORO__PC_S_FINALLY ? 1 : -1])
#else
#define CORO__PC_BASE_DECL
#define CORO__PC_NUM(id) (id)
#define CORO__PC_VALUE(id) ((coro__pc_t)CORO__PC_NUM(id))
#endif
/* An enumerator where the compiler scopes it right; else a static const
   (read at run time): cc65 (see CORO__BLOCK_CONST), and sdcc 4.2, which
   lets an enumerator of a closed block shadow the outer one in the blocks
   nested in a later sibling block (the else branch's: GEN_TRY's except
   branch would jump to itself); its statics are scoped right. */
#if defined(__CC65__) || defined(__SDCC)
#define CORO__PC_CONST(name, id) static const coro__pc_t name = (coro__pc_t)CORO__PC_NUM(id)
#else
#define CORO__PC_CONST(name, id) enum { name = CORO__PC_NUM(id) }
#endif
#ifdef __CC65__
#define CORO__PC_CONST_NONE(name) static const coro__pc_t name = 0
#else
#define CORO__PC_CONST_NONE(name) enum { name = 0 }
#endif
#define CORO__PC_DISPATCH(pc) switch (pc) {
#define CORO__PC_RESUME(pc)
#define CORO__PC_LABEL(id) case CORO__PC_NUM(id):
#define CORO__PC_CASE(s) case s:
#define CORO__PC_DEFAULT default:
#define CORO__PC_LOST(pc) ((pc) != CORO__PC_OF(CORO__PC_S_FINALLY))

#else /* CORO_BACKEND_GOTO */

#define CORO__PC_BASE_DECL
#define CORO__PC_VALUE(id) CORO__EXT(&&CORO__CAT(coro__L, id))
/* a label's address is a constant a static may hold (GNU C) */
#define CORO__PC_CONST(name, id) static coro__pc_t const name = CORO__PC_VALUE(id)
#define CORO__PC_CONST_NONE(name) static coro__pc_t const name = 0
/* a resume point is none of the four: pc + 3 above 3 */
#if defined(__GNUC__) || defined(__clang__)
#define CORO__PC_DISPATCH(pc) \
    if (CORO__LIKELY((CORO__UPTR)(pc) + 3u > 3u)) CORO__EXT({ goto *(pc); }); \
    switch ((CORO__UPTR)(pc) + 3u) {
/* no range test: one indirect jump */
#define CORO__PC_RESUME(pc) CORO__EXT({ goto *(pc); });
#else
#define CORO__PC_DISPATCH(pc) \
    if ((CORO__UPTR)(pc) + 3u > 3u) goto *(pc); \
    switch ((CORO__UPTR)(pc) + 3u) {
#define CORO__PC_RESUME(pc) goto *(pc);
#endif
#define CORO__PC_LABEL(id) CORO__CAT(coro__L, id):
#define CORO__PC_CASE(s) case s:
/* gcc 12 takes a label's address stored just before a return for a local
   variable's ("storing the address of local variable", -Wdangling-pointer):
   a label lives as long as its function. Off from CORO_BEGIN to CORO_END. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#define CORO__PC_BODY_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdangling-pointer\"")
#define CORO__PC_BODY_END _Pragma("GCC diagnostic pop")
#endif
/* the label whose address nobody jumps to: clang refuses a goto * in a
   function that takes no label's address (a body without suspension
   points). Not with gcc, which takes a goto * in such a function, and
   which turns the goto * of a body with a single resume point into a
   plain jump only while no other label's address is taken. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__TINYC__) && !defined(__chibicc__) && !defined(__PCC__)
#define CORO__PC_DEFAULT default:
#else
#define CORO__PC_DEFAULT default: coro__no_resume: (void)CORO__EXT(&&coro__no_resume);
#endif
#define CORO__PC_LOST(pc) 0

#endif

#ifndef CORO__PC_BODY_BEGIN
#define CORO__PC_BODY_BEGIN
#define CORO__PC_BODY_END
#endif

/* ---- body macros --------------------------------------------------------- */

/* Every macro below names this constant, which only CORO_BEGIN declares:
   a CORO_ macro in a generator body (GEN_BEGIN) or outside any body is a
   compile error that says so. */
#define CORO__IN_BODY (void)CORO_MACRO_WITHOUT_CORO_BEGIN_IN_A_GEN_BODY_USE_GEN_MACROS

/* A constant of the enclosing block, known at compile time. cc65 puts an
   enumerator declared in a function into the file's scope ("multiple
   definition" at the second body): there it is a static const. */
#ifdef __CC65__
#define CORO__BLOCK_CONST(name, v) static const char name = v
#else
#define CORO__BLOCK_CONST(name, v) enum { name = v }
#endif

/* The locals: the coroutine, the resume point taken at entry (dispatched
   on, and set to CORO__PC_S_FINALLY to unwind), the pending outcome (an
   error, or 0), an await's result. A running coroutine's stored resume
   point is CORO__PC_S_RUNNING, so that a call from inside itself is
   refused. The body opens a block declaring coro__in_finally 0; the
   finally section's block declares it 1: the macros know where they are
   at compile time. */
#define CORO_BEGIN(c) \
    CORO__PC_BODY_BEGIN \
    coro_t *const coro__self = (c); \
    coro__pc_t coro__pc = coro__self->pc; \
    int coro__rc = 0, coro__res = 0; \
    CORO__BLOCK_CONST(CORO_MACRO_WITHOUT_CORO_BEGIN_IN_A_GEN_BODY_USE_GEN_MACROS, 0); \
    CORO__PC_BASE_DECL \
    coro__self->pc = CORO__PC_OF(CORO__PC_S_RUNNING); \
    coro__dispatch: \
    CORO__PC_DISPATCH(coro__pc) CORO__PC_CASE(CORO__PC_S_START) { CORO__BLOCK_CONST(coro__in_finally, 0)

#if CORO_TRACK_LINE
#define CORO__SAVE_LINE() coro__self->line = (coro_line_t)__LINE__;
#else
#define CORO__SAVE_LINE()
#endif

/* The suspension step shared by every suspension macro: a statement list
   "save; return; label". In the finally section with an error pending it
   ends the coroutine instead (a coro_t has no room to keep the error). */
#define CORO__SUSPEND(id) \
    CORO__IN_BODY; \
    if (coro__in_finally && coro__rc) { \
        coro__rc = coro__error_in_finally(coro__rc); \
        goto coro__finish; \
    } \
    coro__self->pc = CORO__PC_VALUE(id); \
    CORO__SAVE_LINE() \
    return CORO_SUSPENDED; \
    CORO__PC_LABEL(id);

/* Leave for the finally section, or finish when already inside it. */
#define CORO__UNWIND() \
    CORO__IN_BODY; \
    if (coro__in_finally) goto coro__finish; \
    coro__pc = CORO__PC_OF(CORO__PC_S_FINALLY); \
    goto coro__dispatch

#define CORO_YIELD() CORO__YIELD_(CORO__ID)
#define CORO__YIELD_(id) do { CORO__SUSPEND(id) } while (0)

#define CORO_WAIT_UNTIL(cond) CORO__WAIT_(CORO__ID, cond)
#define CORO__WAIT_(id, cond) do { while (!(cond)) { CORO__SUSPEND(id) } } while (0)
#define CORO_WAIT_WHILE(cond) CORO_WAIT_UNTIL(!(cond))

#define CORO_AWAIT(call) CORO__AWAIT_(CORO__ID, call)
#define CORO__AWAIT_(id, call) do { CORO__AWAIT_BODY(id, call) } while (0)
#define CORO__AWAIT_BODY(id, call) \
    CORO__IN_BODY; \
    while ((coro__res = (call)) == CORO_SUSPENDED) { CORO__SUSPEND(id) } \
    if (coro__res < 0) { coro__rc = coro__res; CORO__UNWIND(); }

#define CORO_SPAWN(child, call) CORO__SPAWN_(CORO__ID, child, call)
#define CORO__SPAWN_(id, child, call) do { coro_init(child); CORO__AWAIT_BODY(id, call) } while (0)

/* rc = 0: inside the finally section a return discards the pending
   outcome, as Python's return in finally discards the exception */
#define CORO_EXIT() do { CORO__IN_BODY; coro__rc = 0; CORO__UNWIND(); } while (0)

#define CORO_FAIL(err) do { CORO__IN_BODY; coro__rc = (err); CORO__UNWIND(); } while (0)

#define CORO_RESTART() do { CORO__IN_BODY; coro_init(coro__self); return CORO_SUSPENDED; } while (0)

/* Closes the body's block and opens the finally section's. */
#define CORO_FINALLY() \
    CORO__IN_BODY; \
    goto coro__finally; } \
    CORO__PC_CASE(CORO__PC_S_FINALLY) \
    coro__finally: { CORO__BLOCK_CONST(coro__in_finally, 1)

/* The body's end leaves the dispatch switch with break. Its default branch
   takes what is no resume point of the body: a call while running returns
   CORO_ERROR_RUNNING and changes nothing, a call once closed CORO_DONE, the
   unwinding of a body without a finally section finishes, and anything
   else is a resume point the switch does not own (CORO_ERROR_LOST, a debug
   trap first). One branch rather than a case each: smaller code. */
#define CORO_END() \
    CORO__IN_BODY; \
    if (0) goto coro__dispatch; \
    if (0) goto coro__finish; \
    } \
    break; \
    CORO__PC_DEFAULT \
    if (coro__pc == CORO__PC_OF(CORO__PC_S_RUNNING)) return CORO_ERROR_RUNNING; \
    if (coro__pc != CORO__PC_OF(CORO__PC_S_CLOSED) && CORO__PC_LOST(coro__pc)) \
        coro__rc = coro__lost(); \
    } \
    coro__finish: \
    coro__self->pc = CORO__PC_OF(CORO__PC_S_CLOSED); \
    (void)coro__res; \
    CORO__PC_BODY_END \
    return coro__rc

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
