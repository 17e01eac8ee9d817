/* async_log.h - what the t_async parts share: one loop on a virtual
   clock per part, and a log of "what@time" entries. Included once per part
   (each part is a build of its own on small targets). */
#ifndef ASYNC_LOG_H
#define ASYNC_LOG_H
#include "unit.h"
#include "gen.h"

static gen_loop_t loop;
static gen_clock_t vclock;

static void start(void)
{
    gen_loop_init(&loop, gen_clock_virtual(&vclock));
}

#ifndef ASYNC_LOG_NO_AT /* a part that logs nothing defines it */
/* log "what@time" */
static void at(const char *what) { log_at(what, (unsigned long)gen_now(&loop)); }
#endif

#ifdef ASYNC_LOG_FETCH
/* fetch: sleep, return a value, maybe fail (t_async.c, t_async8.c) */
GEN_ASYNC_DECLARE(async_str, const char *)

struct fetch { async_str gen; const char *url; gen_time_t delay; int fail; };

static int fetch_body(async_str *g)
{
    struct fetch *f = GEN_SELF(struct fetch, gen, g);
    GEN_BEGIN(g);
    at(f->url);
    GEN_SLEEP(g, f->delay);
    if (f->fail)
        GEN_FAIL(g, 1, "Something went wrong");
    at("fetched");
    GEN_RETURN(g, f->url);
    GEN_FINALLY(g);
    if (gen_closing(g) || gen_error(g)->code == GEN_ERROR_CANCELLED)
        at("fetch-cleanup");
    GEN_END(g);
}

static async_str *fetch(struct fetch *f, const char *url, gen_time_t delay, int fail)
{
    f->url = url;
    f->delay = delay;
    f->fail = fail;
    return async_str_init(&f->gen, fetch_body);
}
#endif

#ifdef ASYNC_LOG_NAP
/* an awaitable that sleeps d, catching nothing */
struct nap { gen_async gen; gen_time_t d; };

static int nap_body(gen_async *g)
{
    struct nap *n = GEN_SELF(struct nap, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, n->d);
    GEN_END(g);
}

static gen_async *nap(struct nap *n, gen_time_t d)
{
    n->d = d;
    return gen_async_init(&n->gen, nap_body);
}
#endif

#endif
