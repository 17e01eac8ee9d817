/* t_try.c - try blocks inside one body: try/except (GEN_TRY, GEN_EXCEPT,
   GEN_END_TRY): every suspension, raise and yield from or await in the
   block is caught; close and return go through; nesting, loops, a try in
   the finally section. try/finally (GEN_TRY_FINALLY) on every way out.
   The async side is in t_try2.c. The Python each mirrors is above it.
   test/diff/gen_programs.py holds more try-block programs, checked against
   CPython on random scripts. */
#include "unit.h"
#include "gen.h"

/* def sub(n):
       if n < 0: raise E(-n)
       yield n
       return n */
struct tsub { gen_int gen; int n; };

static int tsub_body(gen_int *g)
{
    struct tsub *s = GEN_SELF(struct tsub, gen, g);
    GEN_BEGIN(g);
    if (s->n < 0)
        GEN_FAIL(g, -s->n, "E");
    GEN_YIELD(g, s->n);
    GEN_RETURN(g, s->n);
    GEN_END(g);
}

/* def body(sub_n):
       while True:
           try:
               x = yield 1
               if x is not None: raise E(x)
               yield 2
               r = yield from sub(sub_n)
               yield 10 + r
           except E as e:
               yield 100 + e.code */
struct tb { gen_int gen; struct tsub s; int sub_n; };

static int tb_body(gen_int *g)
{
    struct tb *f = GEN_SELF(struct tb, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_TRY(g) {
            GEN_YIELD(g, 1);
            if (gen_was_sent(g))
                GEN_FAIL(g, g->sent, "E");
            GEN_YIELD(g, 2);
            f->s.n = f->sub_n;
            GEN_YIELD_FROM(g, gen_int_init(&f->s.gen, tsub_body));
            GEN_YIELD(g, 10 + f->s.gen.result);
        } GEN_EXCEPT(g) {
            GEN_YIELD(g, 100 + gen_caught(g)->code);
        } GEN_END_TRY(g);
    }
    GEN_END(g);
}

static void try_catches_at_every_point(void)
{
    UNIT_FRAME struct tb f;
    int v = 0;
    gen_int *g;
    f.sub_n = 5;
    g = gen_int_init(&f.gen, tb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_YIELDED);   /* at the first yield */
    CHECK_EQ(v, 107);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_EQ(gen_int_send(g, 8, &v), GEN_YIELDED);         /* a raise in the block */
    CHECK_EQ(v, 108);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_int_throw(g, 9, "E", &v), GEN_YIELDED);   /* at the second yield */
    CHECK_EQ(v, 109);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);            /* inside the sub */
    CHECK_EQ(v, 5);
    CHECK_EQ(gen_int_throw(g, 11, "E", &v), GEN_YIELDED);  /* through the sub */
    CHECK_EQ(v, 111);
    CHECK_EQ(gen_state(&f.s.gen), GEN_CLOSED);
    f.sub_n = -12;                                          /* the sub raises at once */
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 112);
    f.sub_n = 3;                                            /* no error: all the way */
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 13);
    CHECK_EQ(gen_close(g), GEN_DONE);
}

/* def body(mode):
       try:
           try:
               yield 1
               if mode == 1: return 5
           except E:
               log("except")
       finally:
           log("finally") */
struct tc { gen_int gen; int mode; };

static int tc_body(gen_int *g)
{
    struct tc *f = GEN_SELF(struct tc, gen, g);
    GEN_BEGIN(g);
    GEN_TRY(g) {
        GEN_YIELD(g, 1);
        if (f->mode == 1)
            GEN_RETURN(g, 5);
    } GEN_EXCEPT(g) {
        log_add("except");
    } GEN_END_TRY(g);
    GEN_FINALLY(g);
    log_add("finally");
    GEN_END(g);
}

static void try_lets_close_and_return_through(void)
{
    UNIT_FRAME struct tc f;
    int v = 0;
    gen_int *g;
    log_reset();
    f.mode = 0;
    g = gen_int_init(&f.gen, tc_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_DONE);                       /* GeneratorExit: not caught */
    CHECK_STR(log_text(), "finally");
    log_reset();
    f.mode = 1;
    g = gen_int_init(&f.gen, tc_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);                /* return: not caught */
    CHECK_EQ(g->result, 5);
    CHECK_STR(log_text(), "finally");
}

/* def body():
       try:
           yield 1
       finally:
           try:
               yield 2
               raise E(9)
           except E as e:
               log("caught")
   next, throw(E(7)), next: E(7), the error the finally section runs for */
static int tf_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_FINALLY(g);
    GEN_TRY(g) {
        GEN_YIELD(g, 2);
        GEN_FAIL(g, 9, "E");
    } GEN_EXCEPT(g) {
        if (gen_caught(g)->code == 9)
            log_add("caught");
    } GEN_END_TRY(g);
    GEN_END(g);
}

static void try_in_finally_keeps_what_the_section_runs_for(void)
{
    UNIT_FRAME gen_int p;
    int v = 0;
    gen_int *g = gen_int_init(&p, tf_body);
    log_reset();
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(log_text(), "caught");
}

/* def body():
       for i in range(6):
           try:
               if i == 1: continue
               if i == 4: break
               yield i
           except E:
               pass
       yield 99 */
struct tl { gen_int gen; int i; };

static int tl_body(gen_int *g)
{
    struct tl *f = GEN_SELF(struct tl, gen, g);
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 6; f->i++) {
        GEN_TRY(g) {
            if (f->i == 1)
                continue;
            if (f->i == 4)
                break;
            GEN_YIELD(g, f->i);
        } GEN_EXCEPT(g) {
            log_add("except");
        } GEN_END_TRY(g);
    }
    GEN_YIELD(g, 99);
    GEN_END(g);
}

static void break_and_continue_in_a_try_reach_the_loop(void)
{
    UNIT_FRAME struct tl f;
    int v = 0, seen[5], n = 0;
    gen_int *g = gen_int_init(&f.gen, tl_body);
    log_reset();
    while (n < 5 && gen_int_next(g, &v) == GEN_YIELDED)
        seen[n++] = v;
    CHECK_EQ(n, 4);
    CHECK_EQ(seen[0], 0);
    CHECK_EQ(seen[1], 2);
    CHECK_EQ(seen[2], 3);
    CHECK_EQ(seen[3], 99);
    CHECK_STR(log_text(), "");
}

/* def body():
       try:
           try:
               yield 1
           except E as e:
               log("inner")
               if e.code == 2: raise
               yield 20
       except E as e:
           log("outer"); yield 30 + e.code
   throw(E(2)) at yield 1: inner, then outer (32); throw(E(3)) at yield 1,
   then E(4) at yield 20 (in the inner handler): inner, outer (34) */
static int tn_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_TRY(g) {
        GEN_TRY(g) {
            GEN_YIELD(g, 1);
        } GEN_EXCEPT(g) {
            log_add("inner");
            if (gen_caught(g)->code == 2)
                GEN_RERAISE(g);
            GEN_YIELD(g, 20);
        } GEN_END_TRY(g);
    } GEN_EXCEPT(g) {
        log_add("outer");
        GEN_YIELD(g, 30 + gen_caught(g)->code);
    } GEN_END_TRY(g);
    GEN_END(g);
}

static void nested_try_hands_on_to_the_outer_one(void)
{
    UNIT_FRAME gen_int p;
    int v = 0;
    gen_int *g = gen_int_init(&p, tn_body);
    log_reset();
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 2, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 32);
    CHECK_STR(log_text(), "inner outer");
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    log_reset();
    g = gen_int_init(&p, tn_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 3, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 20);
    CHECK_EQ(gen_int_throw(g, 4, "E", &v), GEN_YIELDED);
    CHECK_EQ(v, 34);
    CHECK_STR(log_text(), "inner outer");
    CHECK_EQ(gen_close(g), GEN_DONE);
}

/* GEN_TRY ... GEN_END_TRY; is one statement (after if, before else), and
   GEN_FAIL in a try block evaluates each argument once */
struct ts { gen_int gen; int mode, evals; };

static int ts_code(struct ts *f) { f->evals++; return 6; }

static int ts_body(gen_int *g)
{
    struct ts *f = GEN_SELF(struct ts, gen, g);
    GEN_BEGIN(g);
    if (f->mode)
        GEN_TRY(g) {
            GEN_FAIL(g, ts_code(f), "E");
        } GEN_EXCEPT(g) {
            if (gen_caught(g)->code == 6)
                log_add("caught");
        } GEN_END_TRY(g);
    else
        log_add("else");
    GEN_YIELD(g, f->evals);
    GEN_END(g);
}

static void try_is_one_statement(void)
{
    UNIT_FRAME struct ts f;
    int v = -1;
    log_reset();
    f.mode = 1;
    f.evals = 0;
    CHECK_EQ(gen_int_next(gen_int_init(&f.gen, ts_body), &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    f.mode = 0;
    CHECK_EQ(gen_int_next(gen_int_init(&f.gen, ts_body), &v), GEN_YIELDED);
    CHECK_EQ(v, 1);
    CHECK_STR(log_text(), "caught else");
}

/* def body(mode):
       try:
           x = yield 1
           if mode == 1: raise E(4)
           if mode == 2: return 6
       finally:
           log("fin")
       yield 2
   mode 0: next, next -> 2 (fin); close at yield 1: fin, closed;
   throw E(3) at yield 1: fin, E 3; mode 1: fin, E 4; mode 2: fin, return 6 */
struct tfb { gen_int gen; int mode; };

static int tfb_body(gen_int *g)
{
    struct tfb *f = GEN_SELF(struct tfb, gen, g);
    GEN_BEGIN(g);
    GEN_TRY_FINALLY(g) {
        GEN_YIELD(g, 1);
        if (f->mode == 1)
            GEN_FAIL(g, 4, "E");
        if (f->mode == 2)
            GEN_RETURN(g, 6);
    } GEN_FINALLY_BLOCK(g) {
        log_add("fin");
    } GEN_END_FINALLY(g);
    GEN_YIELD(g, 2);
    GEN_END(g);
}

static void try_finally_runs_on_every_way_out(void)
{
    UNIT_FRAME struct tfb f;
    int v = 0;
    gen_int *g;
    log_reset();
    f.mode = 0;
    g = gen_int_init(&f.gen, tfb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);            /* the end of the try part */
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_close(g), GEN_DONE);
    g = gen_int_init(&f.gen, tfb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(g), GEN_DONE);                       /* a close */
    g = gen_int_init(&f.gen, tfb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 3, "E", &v), GEN_ERROR);      /* a thrown error */
    CHECK_EQ(gen_error(g)->code, 3);
    f.mode = 1;
    g = gen_int_init(&f.gen, tfb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);               /* a raise */
    CHECK_EQ(gen_error(g)->code, 4);
    f.mode = 2;
    g = gen_int_init(&f.gen, tfb_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);                /* a return */
    CHECK_EQ(g->result, 6);
    CHECK_STR(log_text(), "fin fin fin fin fin");
}

static int tb_body_raise_only(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_FAIL(g, 9, "E");
    GEN_END(g);
}

/* def body():
       try:
           try:
               yield 1
               raise E(5)
           finally:
               log("fin")
       except E as e:
           yield 10 + e.code       # gen_caught_code 5, gen_error_code 0
       return 0                    # ends without an error: code 0
   gen_error_code and gen_caught_code: one convention, 0 for none */
static int tcode_body(gen_int *g)
{
    GEN_BEGIN(g);
    GEN_TRY(g) {
        GEN_TRY_FINALLY(g) {
            GEN_YIELD(g, 1);
            GEN_FAIL(g, 5, "E");
        } GEN_FINALLY_BLOCK(g) {
            log_add("fin");
        } GEN_END_FINALLY(g);
    } GEN_EXCEPT(g) {
        GEN_YIELD(g, 10 + gen_caught_code(g));
    } GEN_END_TRY(g);
    GEN_RETURN(g, 0);
    GEN_END(g);
}

static void error_and_caught_codes_say_none_alike(void)
{
    UNIT_FRAME gen_int p;
    int v = 0;
    gen_int *g = gen_int_init(&p, tcode_body);
    log_reset();
    CHECK_EQ(gen_error_code(g), 0);
    CHECK_EQ(gen_caught_code(g), 0);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 15);
    CHECK_EQ(gen_error_code(g), 0);                         /* caught: not raised */
    CHECK_EQ(gen_int_next(g, &v), GEN_DONE);
    CHECK_EQ(gen_error_code(g), 0);
    CHECK_EQ(gen_caught_code(g), 0);
    CHECK_STR(log_text(), "fin");
    g = gen_int_init(&p, tcode_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_YIELDED);    /* through the finally block */
    CHECK_EQ(v, 17);
    CHECK_EQ(gen_close(g), GEN_DONE);
    g = gen_int_init(&p, tb_body_raise_only);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error_code(g), 9);
    CHECK_EQ(gen_caught_code(g), 0);
}


void t_try(void)
{
    RUN(try_catches_at_every_point);
    RUN(try_lets_close_and_return_through);
    RUN(try_in_finally_keeps_what_the_section_runs_for);
    RUN(break_and_continue_in_a_try_reach_the_loop);
    RUN(nested_try_hands_on_to_the_outer_one);
    RUN(try_is_one_statement);
    RUN(try_finally_runs_on_every_way_out);
    RUN(error_and_caught_codes_say_none_alike);
}
