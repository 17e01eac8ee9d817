/* fetch_data: two fetches run as tasks (create_task) at the same time; the
   main coroutine gathers their results, in argument order, and prints them
   as Python prints a list (test/py/fetch_data.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_ASYNC_DECLARE(async_str, const char *) /* async functions returning a string */

static gen_loop_t loop; /* the running loop, for gen_spawn inside a task */

struct fetch_data { async_str gen; const char *url; };

static int fetch_data_body(async_str *g)
{
    struct fetch_data *f = GEN_SELF(struct fetch_data, gen, g);
    GEN_BEGIN(g);
    printf("Fetching data from %s...\n", f->url);
    GEN_SLEEP(g, 2000); /* simulate a delay: await asyncio.sleep(2) */
    printf("Data fetched from %s...\n", f->url);
    GEN_RETURN(g, f->url);
    GEN_END(g);
}

static async_str *fetch_data(struct fetch_data *f, const char *url)
{
    f->url = url;
    return async_str_init(&f->gen, fetch_data_body);
}

enum { N = 2 };
static const char *const urls[N] = { "http://example.com/page1", "http://example.com/page2" };

struct main_frame {
    gen_async gen;
    struct fetch_data fetch[N]; /* the fetches' frames */
    gen_task_t task[N];         /* the tasks running them */
    gen_task_t *tasks[N];       /* the list gather takes */
    gen_gather_t gather;        /* gather's frame */
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    {
        int i; /* no suspension in this block: a local is fine */
        for (i = 0; i < N; i++) {
            gen_spawn(&loop, &m->task[i], fetch_data(&m->fetch[i], urls[i])); /* create_task */
            m->tasks[i] = &m->task[i];
        }
    }
    GEN_AWAIT(g, gen_gather(&m->gather, m->tasks, N, 0)); /* await asyncio.gather(*tasks) */
    {
        int i; /* print(results): each task's result, as Python's list repr */
        printf("[");
        for (i = 0; i < N; i++)
            printf("%s'%s'", i ? ", " : "", m->fetch[i].gen.result);
        printf("]\n");
    }
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_frame frame;
    return gen_run(&loop, gen_async_init(&frame.gen, main_body)) == GEN_DONE ? 0 : 1;
}
