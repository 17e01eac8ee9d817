/* t_tools.c - gen.h: the type-erased port and its combinators. */
#include "unit.h"
#include <limits.h>
#include "gen.h"

static long twice(long x) { return 2 * x; }
static int is_odd(long x) { return x % 2 != 0; }

static int equal(const long *a, const long *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void range_counts(void)
{
    UNIT_FRAME gen_range_t r;
    UNIT_FRAME long out[8];
    size_t n = 99;
    static const long up[] = { 0, 1, 2, 3, 4 }, down[] = { 5, 3, 1 };
    CHECK_EQ(gen_long_collect(gen_range(&r, 0, 5, 1), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 5);
    CHECK(equal(out, up, 5));
    CHECK_EQ(gen_long_collect(gen_range(&r, 5, 0, -2), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 3);
    CHECK(equal(out, down, 3));
    CHECK_EQ(gen_long_collect(gen_range(&r, 3, 3, 1), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 0);
    CHECK_EQ(gen_long_collect(gen_range(&r, 0, 3, 0), out, 8, &n), GEN_ERROR);
    CHECK_EQ(n, 0);
    CHECK_EQ(gen_error(&r.gen)->code, GEN_ERROR_VALUE);
}

/* Ranges and counts at the ends of long: no overflow, Python's values
   (count cannot go past LONG_MAX where Python's int would: it raises) */
static void range_count_at_long_limits(void)
{
    UNIT_FRAME gen_range_t r;
    UNIT_FRAME gen_count_t c;
    UNIT_FRAME long out[8];
    size_t n = 99;
    long v = 0;
    CHECK_EQ(gen_long_collect(gen_range(&r, LONG_MAX - 1, LONG_MAX, 2), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 1);
    CHECK(out[0] == LONG_MAX - 1);
    CHECK_EQ(gen_long_collect(gen_range(&r, LONG_MIN + 1, LONG_MIN, -2), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 1);
    CHECK(out[0] == LONG_MIN + 1);
    CHECK_EQ(gen_long_collect(gen_range(&r, LONG_MIN, LONG_MAX, LONG_MAX), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 3);
    CHECK(out[0] == LONG_MIN && out[1] == -1 && out[2] == LONG_MAX - 1);
    CHECK_EQ(gen_long_collect(gen_range(&r, LONG_MAX, LONG_MIN, LONG_MIN), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 2);
    CHECK(out[0] == LONG_MAX && out[1] == -1);
    CHECK_EQ(gen_long_collect(gen_range(&r, 0, LONG_MAX, LONG_MAX - 1), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 2);
    CHECK(out[1] == LONG_MAX - 1);
    gen_count(&c, LONG_MAX - 1, 1);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_YIELDED);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_YIELDED);
    CHECK(v == LONG_MAX);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_ERROR);
    CHECK_EQ(gen_error(&c.gen)->code, GEN_ERROR_VALUE);
    gen_count(&c, LONG_MIN, -1);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_YIELDED);
    CHECK(v == LONG_MIN);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_ERROR);
    { /* enumerate: LONG_MAX is the last index it gives */
        UNIT_FRAME gen_long_enumerate_t e;
        gen_long_item it;
        gen_long_items *en = gen_long_enumerate(&e, gen_range(&r, 0, 1, 1), LONG_MAX);
        it.index = 0;
        it.value = 0;
        CHECK_EQ(gen_long_items_next(en, &it), GEN_YIELDED);
        CHECK(it.index == LONG_MAX);
        CHECK_EQ(gen_long_items_next(en, &it), GEN_DONE); /* the source ended: fine */
        en = gen_long_enumerate(&e, gen_range(&r, 0, 3, 1), LONG_MAX);
        CHECK_EQ(gen_long_items_next(en, &it), GEN_YIELDED);
        CHECK_EQ(gen_long_items_next(en, &it), GEN_ERROR);
        CHECK_EQ(gen_error(&e.gen)->code, GEN_ERROR_VALUE);
    }
    gen_count(&c, LONG_MAX, 0); /* a zero step never moves */
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_YIELDED);
    CHECK_EQ(gen_long_next(&c.gen, &v), GEN_YIELDED);
    CHECK(v == LONG_MAX);
}

static void collect_stops_at_capacity(void)
{
    UNIT_FRAME gen_range_t r;
    gen_long *it = gen_range(&r, 0, 5, 1);
    long out[3], v = 0;
    size_t n = 0;
    CHECK_EQ(gen_long_collect(it, out, 3, &n), GEN_YIELDED);   /* more remain */
    CHECK_EQ(n, 3);
    CHECK_EQ(gen_long_next(it, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    CHECK_EQ(gen_long_collect(it, out, 3, 0), GEN_DONE);
    CHECK_EQ(out[0], 4);
}

static void genexpr_map(void)
{
    /* (x * 2 for x in range(5)) */
    UNIT_FRAME gen_range_t r;
    UNIT_FRAME gen_long_map_t m;
    UNIT_FRAME long out[8];
    size_t n = 0;
    static const long want[] = { 0, 2, 4, 6, 8 };
    CHECK_EQ(gen_long_collect(gen_long_map(&m, gen_range(&r, 0, 5, 1), twice), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 5);
    CHECK(equal(out, want, 5));
}

static void filter_take_count(void)
{
    /* islice((x for x in count(1) if x % 2), 4) */
    UNIT_FRAME gen_count_t c;
    UNIT_FRAME gen_long_filter_t f;
    UNIT_FRAME gen_long_take_t t;
    UNIT_FRAME long out[8];
    size_t n = 0;
    static const long want[] = { 1, 3, 5, 7 };
    gen_long *it = gen_long_take(&t, gen_long_filter(&f, gen_count(&c, 1, 1), is_odd), 4);
    CHECK_EQ(gen_long_collect(it, out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 4);
    CHECK(equal(out, want, 4));
    CHECK_EQ(gen_state(&c.gen), GEN_SUSPENDED);   /* count goes on forever */
    CHECK_EQ(gen_long_collect(gen_long_take(&t, gen_count(&c, 0, 5), 0), out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 0);
}

static void chain_two(void)
{
    UNIT_FRAME gen_range_t a, b;
    UNIT_FRAME gen_long_chain_t ch;
    UNIT_FRAME long out[8];
    size_t n = 0;
    static const long want[] = { 1, 2, 3, 4 }, only_b[] = { 7, 8 };
    CHECK_EQ(gen_long_collect(gen_long_chain(&ch, gen_range(&a, 1, 3, 1), gen_range(&b, 3, 5, 1)),
                              out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 4);
    CHECK(equal(out, want, 4));
    CHECK_EQ(gen_long_collect(gen_long_chain(&ch, gen_range(&a, 0, 0, 1), gen_range(&b, 7, 9, 1)),
                              out, 8, &n), GEN_DONE);
    CHECK_EQ(n, 2);
    CHECK(equal(out, only_b, 2));
}

static void enumerate_and_zip(void)
{
    UNIT_FRAME gen_range_t a, b;
    UNIT_FRAME gen_long_enumerate_t e;
    UNIT_FRAME gen_long_zip_t z;
    UNIT_FRAME gen_long_item item;
    UNIT_FRAME gen_long_pair pair;
    long sum = 0;
    int n = 0;
#if !UNIT_FOR_DECL
    gen_long_items *ei;
    gen_long_pairs *zi;
#endif
    UNIT_GEN_FOR(item, gen_long_items, ei, gen_long_enumerate(&e, gen_range(&a, 10, 13, 1), 1)) {
        n++;
        CHECK_EQ(item.index, n);
        CHECK_EQ(item.value, 9 + n);
    }
    CHECK_EQ(n, 3);
    n = 0;
    UNIT_GEN_FOR(pair, gen_long_pairs, zi, gen_long_zip(&z, gen_range(&a, 0, 10, 1), gen_range(&b, 100, 103, 1))) {
        n++;
        sum += pair.first * pair.second;
    }
    CHECK_EQ(n, 3);                           /* the shorter one decides */
    CHECK_EQ(sum, 0 * 100 + 1 * 101 + 2 * 102);
}

/* A source that raises after two values: every combinator passes it on. */
struct flaky { gen_long gen; };

static int flaky_body(gen_long *g)
{
    GEN_BEGIN(g);
    GEN_YIELD(g, 1);
    GEN_YIELD(g, 2);
    GEN_FAIL(g, 33, "flaky source");
    GEN_END(g);
}

static void errors_pass_through(void)
{
    UNIT_FRAME struct flaky src;
    UNIT_FRAME gen_long_map_t m;
    UNIT_FRAME gen_long_filter_t f;
    UNIT_FRAME gen_long_chain_t ch;
    UNIT_FRAME gen_range_t r;
    UNIT_FRAME long out[8];
    size_t n = 0;
    int rc;
    gen_long *it = gen_long_map(&m, gen_long_init(&src.gen, flaky_body), twice);
    CHECK_EQ(gen_long_collect(it, out, 8, &n), GEN_ERROR);
    CHECK_EQ(n, 2);
    CHECK_EQ(out[1], 4);
    CHECK_EQ(gen_error(it)->code, 33);
    CHECK_STR(gen_error(it)->msg, "flaky source");
    it = gen_long_chain(&ch, gen_long_filter(&f, gen_long_init(&src.gen, flaky_body), is_odd),
                        gen_range(&r, 0, 3, 1));
    rc = gen_long_collect(it, out, 8, &n);
    CHECK_EQ(rc, GEN_ERROR);                  /* chain does not go on to its second source */
    CHECK_EQ(n, 1);
    CHECK_EQ(gen_error(it)->code, 33);
}

/* Type erasure: one consumer for any generator with the same value type. */
static long sum_all(gen_long *it)
{
    long v, s = 0;
#if !UNIT_FOR_DECL
    gen_long *p;
#endif
    UNIT_GEN_FOR(v, gen_long, p, it)
        s += v;
    return s;
}

static void type_erased_consumer(void)
{
    UNIT_FRAME gen_range_t r;
    UNIT_FRAME gen_long_map_t m;
    UNIT_FRAME struct flaky src;
    CHECK_EQ(sum_all(gen_range(&r, 0, 5, 1)), 10);
    CHECK_EQ(sum_all(gen_long_map(&m, gen_range(&r, 0, 5, 1), twice)), 20);
    CHECK_EQ(sum_all(gen_long_init(&src.gen, flaky_body)), 3);
}

/* ---- combinators own their sources ----------------------------------------- */

/* a source with a finally section that counts its cleanups */
struct owned { gen_long gen; long i; int cleanups; };

static int owned_body(gen_long *g)
{
    struct owned *o = GEN_SELF(struct owned, gen, g);
    GEN_BEGIN(g);
    for (o->i = 1;; o->i++)
        GEN_YIELD(g, o->i);
    GEN_FINALLY(g);
    o->cleanups++;
    GEN_END(g);
}

static long times10(long v) { return v * 10; }

static void combinators_close_what_they_own(void)
{
    UNIT_FRAME struct owned a, b;
    UNIT_FRAME gen_long_map_t m;
    UNIT_FRAME gen_long_take_t t, t2;
    long v = 0;
    gen_long *p;
    /* take(map(a)) closed mid-way: map and then a are closed, down the chain */
    a.cleanups = 0;
    p = gen_long_take(&t, gen_long_map(&m, gen_long_init(&a.gen, owned_body), times10), 5);
    CHECK_EQ(gen_long_next(p, &v), GEN_YIELDED);
    CHECK_EQ(v, 10);
    CHECK_EQ(gen_close(p), GEN_DONE);
    CHECK_EQ(a.cleanups, 1);
    CHECK_EQ(gen_state(&a.gen), GEN_CLOSED);
    CHECK_EQ(gen_state(&m.gen), GEN_CLOSED);
    /* an exhausted take leaves its source open and resumable (islice) */
    b.cleanups = 0;
    p = gen_long_take(&t2, gen_long_init(&b.gen, owned_body), 2);
    CHECK_EQ(gen_long_next(p, &v), GEN_YIELDED);
    CHECK_EQ(gen_long_next(p, &v), GEN_YIELDED);
    CHECK_EQ(gen_long_next(p, &v), GEN_DONE);
    CHECK_EQ(gen_state(&b.gen), GEN_SUSPENDED);
    CHECK_EQ(gen_long_next(&b.gen, &v), GEN_YIELDED);
    CHECK_EQ(v, 3);
    CHECK_EQ(b.cleanups, 0);
    CHECK_EQ(gen_close(&b.gen), GEN_DONE);
    CHECK_EQ(b.cleanups, 1);
}

static void a_borrowed_source_stays_open(void)
{
    UNIT_FRAME struct owned a;
    UNIT_FRAME gen_long_take_t t;
    long v = 0;
    gen_long *p;
    a.cleanups = 0;
    p = gen_long_take(&t, gen_long_init(&a.gen, owned_body), 5);
    t.borrowed = 1;                       /* the caller keeps the source */
    CHECK_EQ(gen_long_next(p, &v), GEN_YIELDED);
    CHECK_EQ(gen_close(p), GEN_DONE);
    CHECK_EQ(a.cleanups, 0);
    CHECK_EQ(gen_long_next(&a.gen, &v), GEN_YIELDED);
    CHECK_EQ(v, 2);
    CHECK_EQ(gen_close(&a.gen), GEN_DONE);
    CHECK_EQ(a.cleanups, 1);
}

/* ---- callbacks with a context; a map that changes the type ------------------- */

struct scale { long by; int calls; };

static long scale_by(void *ctx, long v)
{
    struct scale *sc = (struct scale *)ctx;
    sc->calls++;
    return v * sc->by;
}

static int above(void *ctx, long v) { return v > *(const long *)ctx; }

/* half of v, as an int: long values in, int values out */
static int halve(void *ctx, long v) { return (int)(v / *(const long *)ctx); }
GEN_MAP_DECLARE(long_halves, gen_long, long, gen_int, int)

static void callbacks_get_a_context(void)
{
    UNIT_FRAME gen_range_t r, r2;
    UNIT_FRAME gen_long_map_t m;
    UNIT_FRAME gen_long_filter_t fl;
    UNIT_FRAME long_halves_t h;
    UNIT_FRAME struct scale sc;
    long v = 0, limit = 20, sum = 0, two = 2;
    int i = 0, isum = 0, rc = 99;
#if !UNIT_FOR_DECL
    gen_long *p;
    gen_int *q;
#endif
    sc.by = 10;
    sc.calls = 0;
    /* filter(lambda v: v > limit, map(lambda v: v * by, range(1, 5))) */
    UNIT_GEN_FOR_RC(v, gen_long, p, gen_long_filter_with(&fl,
                    gen_long_map_with(&m, gen_range(&r, 1, 5, 1), scale_by, &sc), above, &limit), rc)
        sum += v;
    CHECK_EQ(sum, 30 + 40);
    CHECK_EQ(sc.calls, 4);
    CHECK_EQ(rc, GEN_DONE);
    /* map(lambda v: v // 2, range(2, 8, 2)): 1 + 2 + 3, as ints */
    UNIT_GEN_FOR_RC(i, gen_int, q, long_halves(&h, gen_range(&r2, 2, 8, 2), halve, &two), rc)
        isum += i;
    CHECK_EQ(isum, 6);
    CHECK_EQ(rc, GEN_DONE);
}

void t_tools(void)
{
    RUN(range_counts);
    RUN(range_count_at_long_limits);
    RUN(collect_stops_at_capacity);
    RUN(genexpr_map);
    RUN(filter_take_count);
    RUN(chain_two);
    RUN(enumerate_and_zip);
    RUN(errors_pass_through);
    RUN(type_erased_consumer);
    RUN(combinators_close_what_they_own);
    RUN(a_borrowed_source_stays_open);
    RUN(callbacks_get_a_context);
}
