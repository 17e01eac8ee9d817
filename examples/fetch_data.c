/* fetch_data: two fetches run as tasks (create_task) at the same time; the
   main coroutine gathers their results, in argument order, and prints them
   as Python prints a list (test/py/fetch_data.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_ASYNC_DECLARE(async_str, const char *) /* async functions returning a string */

/* async def fetch_data(url): g is the async function, f its frame (url) */
GEN_FUNCTION(async_str, fetch_data, const char *url;)
{
    GEN_BEGIN(g);
    printf("Fetching data from %s...\n", f->url);
    GEN_SLEEP(g, 2000); /* simulate a delay: await asyncio.sleep(2) */
    printf("Data fetched from %s...\n", f->url);
    GEN_RETURN(g, f->url);
    GEN_END(g);
}

enum { N = 2 };
static const char *const urls[N] = { "http://example.com/page1", "http://example.com/page2" };

/* async def main() (C's main is taken) */
GEN_FUNCTION(gen_async, main_task,
             struct fetch_data fetch[N]; /* the fetches' frames */
             gen_task_t task[N];         /* the tasks running them */
             gen_gather_t gather;        /* gather's frame */
             int i;)
{
    GEN_BEGIN(g);
    for (f->i = 0; f->i < N; f->i++) { /* GEN_SPAWN suspends: i in the frame */
        f->fetch[f->i].url = urls[f->i]; /* the argument, then the call */
        GEN_SPAWN(g, &f->task[f->i], fetch_data(&f->fetch[f->i])); /* create_task */
    }
    GEN_AWAIT(g, gen_gather_of(&f->gather, f->task, N, 0)); /* await asyncio.gather(*tasks) */
    {
        int i; /* print(results): each task's result, as Python's list repr */
        printf("[");
        for (i = 0; i < N; i++)
            printf("%s'%s'", i ? ", " : "", f->fetch[i].gen.result);
        printf("]\n");
    }
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
