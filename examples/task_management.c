/* task_management: create_task schedules an async function as a task of
   its own; the main coroutine then awaits the task (test/py/task_management.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

static int task_example_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 2000); /* await asyncio.sleep(2) */
    printf("Task Completed\n");
    GEN_END(g);
}

/* async def main() (C's main is taken); task_example has no arguments or
   locals, so its frame is a plain gen_async */
GEN_FUNCTION(gen_async, main_task,
             gen_async example; /* task_example's frame */
             gen_task_t task;)  /* the task running it */
{
    GEN_BEGIN(g);
    /* task = asyncio.create_task(task_example()) */
    GEN_SPAWN(g, &f->task, gen_async_init(&f->example, task_example_body));
    GEN_AWAIT_TASK(g, &f->task); /* await task: wait for it to complete */
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
