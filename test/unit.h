/* unit.h - the test suite's tiny harness. Portable on purpose: no printf, no
   heap, no use of the assert macro (checks must still count under NDEBUG), no 64-bit types.
   Output goes through one function, unit_out(), that each platform defines
   (main_host.c on a hosted system).

   Include it first in every test file: it routes coro.h's debug trap into a
   recorder, so misuse tests can check that the trap fired and what it said. */
#ifndef UNIT_H
#define UNIT_H

void unit_out(const char *s);             /* the platform's output shim */
void unit_trap(const char *msg);          /* records a coro.h trap */
void unit_fail(const char *file, int line, const char *what);
void unit_fail_str(const char *file, int line, const char *what, const char *got);
void unit_run(const char *name, void (*fn)(void));
void unit_num(long n);                    /* prints n in decimal */
int unit_summary(void);                   /* prints "N passed, N failed"; 0 if none failed */

extern int unit_traps;                    /* how many traps fired */
extern const char *unit_last_trap;        /* the last trap's message */

#ifdef UNIT_TRAP_NO_TEXT /* code space is short: traps counted, messages left out */
#define CORO_TRAP(msg) unit_trap("")
#else
#define CORO_TRAP(msg) unit_trap(msg)
#endif

#define CHECK(cond) \
    do { if (!(cond)) unit_fail(__FILE__, __LINE__, #cond); } while (0)
#define CHECK_EQ(a, b) \
    do { if ((long)(a) != (long)(b)) unit_fail(__FILE__, __LINE__, #a " == " #b); } while (0)
#define CHECK_STR(a, b) \
    do { if (!unit_streq((a), (b))) unit_fail_str(__FILE__, __LINE__, #a " equals " #b, (a)); } while (0)
#define RUN(fn) unit_run(#fn, fn)

/* The tests' big locals (generator frames, tasks, buffers), static where
   the stack is small: sdcc's 8051 port (--stack-auto puts locals in the 223
   bytes of internal RAM that hold its stack) and cc65 (at most 256 bytes of
   locals per function). A static frame is not fresh per call: each test
   function runs once and initialises what it relies on; a helper's buffer
   is written before it is read. -DUNIT_FRAME=static tries it on the host. */
#ifndef UNIT_FRAME
#if defined(__SDCC_mcs51) || defined(__CC65__)
#define UNIT_FRAME static
#else
#define UNIT_FRAME
#endif
#endif

/* GEN_FOR declares its iterator in the for statement (C99). cc65 has no
   declaration there: UNIT_GEN_FOR is GEN_FOR where the compiler can, else
   the same loop over an iterator p that the test declares itself (under
   #if !UNIT_FOR_DECL), for the tests that are not about GEN_FOR. */
#ifdef __CC65__
#define UNIT_FOR_DECL 0
#define UNIT_GEN_FOR(var, name, p, it) \
    for ((p) = (it); name##_next((p), &(var)) == GEN_YIELDED;)
#define UNIT_GEN_FOR_RC(var, name, p, it, rc) \
    for ((p) = (it); ((rc) = name##_next((p), &(var))) == GEN_YIELDED;)
#else
#define UNIT_FOR_DECL 1
#define UNIT_GEN_FOR(var, name, p, it) GEN_FOR(var, name, it)
#define UNIT_GEN_FOR_RC(var, name, p, it, rc) GEN_FOR_RC(var, name, it, rc)
#endif

int unit_streq(const char *a, const char *b);
int unit_has(const char *s, const char *part);   /* part occurs in s */

/* A small event log: tests append events and compare the whole sequence. */
void log_reset(void);
void log_add(const char *event);
void log_at(const char *what, unsigned long t); /* log_add("what@t") */
const char *log_text(void);               /* events joined by ' ' */

/* Each test file's entry point (a part of the suite), and all of them. */
void t_coro(void);
void t_gen(void);
void t_gen2(void);
void t_tools(void);
void t_async(void);
void t_async2(void);
void t_async3(void);
void t_async4(void);
void t_async5(void);
void t_async6(void);
void t_async7(void);
void t_async8(void);
void t_async9(void);
void t_timed(void);
void t_io(void);
void t_forms(void);
void t_try(void);
void t_try2(void);
void host_io(void);                      /* host_io.c: hosted builds only */
void t_edges(void);
void t_pt(void);
void unit_all(void);

#endif
