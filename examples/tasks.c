/* tasks: two async functions run concurrently under gather; the whole
   takes 2 seconds, not 3 (test/py/tasks.py; the article's
   asyncio.run(asyncio.gather(...)) becomes a main coroutine awaiting the
   gather). */
#define _POSIX_C_SOURCE 200809L // before any include: the host clock
#include <stdio.h>
#include "gen.h"

static int task1_body(gen_async *g)
{
    GEN_BEGIN(g);
    printf("Task 1 started\n");
    GEN_SLEEP(g, 1000); // await asyncio.sleep(1)
    printf("Task 1 finished\n");
    GEN_END(g);
}

static int task2_body(gen_async *g)
{
    GEN_BEGIN(g);
    printf("Task 2 started\n");
    GEN_SLEEP(g, 2000); // await asyncio.sleep(2)
    printf("Task 2 finished\n");
    GEN_END(g);
}

GEN_FUNCTION(gen_async, main_task, // async def main() (C's main is taken)
             gen_async t1, t2;     // the frames of task1() and task2()
             gen_task_t task[2];   // gather runs each awaitable as a task
             gen_gather_t gather;)
{
    GEN_BEGIN(g);
    GEN_SPAWN(g, &f->task[0], gen_async_init(&f->t1, task1_body)); // create_task
    GEN_SPAWN(g, &f->task[1], gen_async_init(&f->t2, task2_body));
    GEN_AWAIT(g, gen_gather_of(&f->gather, f->task, 2, 0)); // await asyncio.gather(task1(), task2())
    GEN_END(g);
}

int main(void) // asyncio.run(main())
{
    struct main_task frame;
    return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
}
