/* bench/peers.h - the peers coro.h is measured against, as small macro sets
   of our own, for bench/gen_bench.c and bench/size/pt3.c.

   Written from the documented DESIGN of Adam Dunkels' protothreads (a local
   continuation kept in the thread's control block, set at each blocking
   point and resumed at the top of the function; two implementations of it:
   a 2-byte line number resumed with switch/case, and a label address
   resumed with goto *) and of Simon Tatham's "Coroutines in C" article (a
   context struct holding an int state; the body is a switch on it; each
   return site stores __LINE__ and puts a case __LINE__ label right after
   its return). No code or text of either was copied: names, layout and
   details are ours; what is the same is the mechanism, which is what the
   benchmark compares. Only what the benchmark uses is here (no semaphores,
   no spawning, no static-variable form of Tatham's macros).

   Each suspension point is keyed by __LINE__: one per source line. */
#ifndef BENCH_PEERS_H
#define BENCH_PEERS_H

#define PEER_CAT_(a, b) a##b
#define PEER_CAT(a, b) PEER_CAT_(a, b)

/* the switch flavour falls from its store into its case label on purpose:
   say so, for -Wimplicit-fallthrough (in gcc's -Wextra) */
#if (defined(__GNUC__) && __GNUC__ >= 7) || defined(__clang__)
#define PEER_FALLTHROUGH __attribute__((fallthrough))
#else
#define PEER_FALLTHROUGH (void)0
#endif

/* gcc 12 and later take the address of a label, stored before a return,
   for a local variable's (-Wdangling-pointer): a label lives as long as its
   function, so the address flavour silences that false positive */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#endif

/* ---- local continuations: one type, four operations --------------------
   LCx_INIT(lc)    forget the position (the thread starts over)
   LCx_RESUME(lc)  at the top of the body: continue at the saved position
   LCx_SET(lc)     remember this position; a resume continues right here
   LCx_END(lc)     closes what LCx_RESUME opened */

/* switch flavour: the position is the source line, in an unsigned short;
   the body is one switch on it and each LCS_SET is a case label (so no
   blocking point inside a switch of the user's own) */
typedef unsigned short lcs_t;
#define LCS_INIT(lc) ((lc) = 0)
#define LCS_RESUME(lc) switch (lc) { case 0:
#define LCS_SET(lc) (lc) = __LINE__; PEER_FALLTHROUGH; case __LINE__:
#define LCS_END(lc) }

/* address flavour (gcc/clang labels as values): the position is the
   address of a label put just before the store, so a resume jumps back in
   and stores the same address again; 0 means "from the top" */
typedef void *lca_t;
#define LCA_INIT(lc) ((lc) = 0)
#define LCA_RESUME(lc) do { if ((lc) != 0) goto *(lc); } while (0)
#define LCA_SET(lc) \
    do { PEER_CAT(lca_at_, __LINE__): (lc) = &&PEER_CAT(lca_at_, __LINE__); } while (0)
#define LCA_END(lc)

/* ---- protothreads over a local continuation -----------------------------
   F is the flavour, LCS or LCA; pt points to a struct whose member lc is
   of that flavour's type. A thread function returns one of PT_*: the
   caller keeps calling it while it returns PT_WAITING or PT_YIELDED.
   A yield differs from a wait by a flag local to the call: it is cleared
   before the position is set and tested right after, so the first pass
   returns and the resumed pass (which enters after the store, with the
   flag still 1 from PT_BEGIN) goes on. */
enum { PT_WAITING = 0, PT_YIELDED = 1, PT_EXITED = 2, PT_ENDED = 3 };

#define PT_THREAD(name_args) char name_args
#define PT_INIT(F, pt) PEER_CAT(F, _INIT)((pt)->lc)
#define PT_BEGIN(F, pt) \
    { char pt_yield_flag = 1; (void)pt_yield_flag; PEER_CAT(F, _RESUME)((pt)->lc)
#define PT_WAIT_UNTIL(F, pt, cond) \
    do { PEER_CAT(F, _SET)((pt)->lc); if (!(cond)) return PT_WAITING; } while (0)
#define PT_YIELD(F, pt) \
    do { \
        pt_yield_flag = 0; \
        PEER_CAT(F, _SET)((pt)->lc); \
        if (pt_yield_flag == 0) return PT_YIELDED; \
    } while (0)
#define PT_EXIT(F, pt) do { PT_INIT(F, pt); return PT_EXITED; } while (0)
#define PT_END(F, pt) \
    PEER_CAT(F, _END)((pt)->lc); pt_yield_flag = 0; PT_INIT(F, pt); return PT_ENDED; }

/* ---- Tatham-style coroutines: a context struct with an int state ----------
   ctx points to a struct with an int member state (0: from the top).
   TT_RETURN(ctx, v) stores the line, returns v, and the next call lands on
   the case label that follows. TT_FINISH(v) closes the switch; v is what a
   call after the body ran off its end returns. */
#define TT_BEGIN(ctx) switch ((ctx)->state) { case 0:
#define TT_RETURN(ctx, v) do { (ctx)->state = __LINE__; return (v); case __LINE__:; } while (0)
#define TT_FINISH(v) } return (v)

#endif /* BENCH_PEERS_H */
