/* yield_from: a delegating generator (grouper) runs a sub-generator
   (averager) with GEN_YIELD_FROM; values sent to the grouper reach the
   averager, whose GEN_RETURN value the grouper stores (test/py/yield_from.py). */
#include <stdio.h>
#include "gen.h"

typedef struct result { int count; double average; } result_t;

static result_t make_result(int count, double average)
{
    result_t r;
    r.count = count;
    r.average = average;
    return r;
}

/* Yields the running average, receives a pointer to the next term (NULL
   plays Python's None, the sentinel), returns a result. Delegation needs
   the same Y and S on both sides, so grouper uses this port too. */
GEN_DECLARE(gen_avg, double, const double *, result_t)

struct averager {
    gen_avg gen;
    double total, average;
    int count;
    const double *term;
};

static int averager_body(gen_avg *g)
{
    struct averager *a = GEN_SELF(struct averager, gen, g);
    GEN_BEGIN(g);
    a->total = 0.0;
    a->count = 0;
    a->average = 0.0;
    for (;;) {
        GEN_YIELD_RECV(g, a->average, a->term, NULL); /* term = yield average */
        if (!a->term)                       /* None: next() sends it too */
            break;
        a->total += *a->term;
        a->count++;
        a->average = a->total / a->count;
    }
    GEN_RETURN(g, make_result(a->count, a->average));
    GEN_END(g);
}

static gen_avg *averager(struct averager *a) { return gen_avg_init(&a->gen, averager_body); }

struct grouper {
    gen_avg gen;
    struct averager avg; /* the sub-generator's frame lives in ours */
    result_t *results;   /* arguments */
    int key;
};

static int grouper_body(gen_avg *g)
{
    struct grouper *f = GEN_SELF(struct grouper, gen, g);
    GEN_BEGIN(g);
    for (;;) { /* results[key] = yield from averager() */
        GEN_YIELD_FROM(g, averager(&f->avg));
        f->results[f->key] = f->avg.gen.result;
    }
    GEN_END(g);
}

static gen_avg *grouper(struct grouper *f, result_t *results, int key)
{
    f->results = results;
    f->key = key;
    return gen_avg_init(&f->gen, grouper_body);
}

struct data {
    const char *group, *unit; /* the Python key is "group;unit" */
    int n;
    double values[5];
};

static const struct data data[] = {
    { "girls", "kg", 4, { 40.9, 38.5, 44.3, 42.2 } },
    { "boys", "m", 5, { 1.38, 1.5, 1.32, 1.25, 1.37 } },
};

enum { NKEYS = sizeof data / sizeof data[0] };

int main(void)
{
    result_t results[NKEYS];
    struct grouper frame;
    int key, i;

    for (key = 0; key < NKEYS; key++) {
        const struct data *d = &data[key];
        gen_avg *group = grouper(&frame, results, key);
        double average = 0.0; /* gcc -O2 cannot tell send wrote it */
        gen_avg_next(group, NULL); /* prime: runs into the averager's first yield */
        for (i = 0; i < d->n; i++) {
            if (gen_avg_send(group, &d->values[i], &average) == GEN_YIELDED)
                printf("%s;%s: sent %.2f, running average %.2f\n",
                       d->group, d->unit, d->values[i], average);
        }
        gen_avg_send(group, NULL, NULL); /* the averager returns; grouper starts a new one */
        gen_close(group); /* what Python does when group is rebound: no output */
    }

    for (key = 0; key < NKEYS; key++)
        printf("%2d %-5s averaging %.2f%s\n", results[key].count, data[key].group,
               results[key].average, data[key].unit);
    return 0;
}
