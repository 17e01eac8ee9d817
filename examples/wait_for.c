/* wait_for: a slow task under gen_wait_for with a 1-second timeout. On
   timeout the task is cancelled, its finally section runs, and only then is
   TimeoutError raised in the waiter, which catches it (test/py/wait_for.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

static int slow_operation_body(gen_async *g)
{
    GEN_BEGIN(g);
    printf("slow operation: started\n");
    GEN_SLEEP(g, 5000); /* await asyncio.sleep(5) */
    printf("slow operation: finished\n"); /* not reached: too slow */
    GEN_RETURN(g, 42);
    GEN_FINALLY(g); /* runs on return, error and cancellation */
    printf("slow operation: cleanup\n");
    GEN_END(g);
}

struct main_frame {
    gen_async gen;
    gen_async slow;      /* slow_operation's frame */
    gen_task_t task;     /* the task running it */
    gen_wait_for_t wait; /* wait_for's frame */
};

static const char *py_bool(int b) { return b ? "True" : "False"; }

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    GEN_SPAWN(g, &m->task, gen_async_init(&m->slow, slow_operation_body)); /* create_task */
    /* try: result = await asyncio.wait_for(task, timeout=1) */
    GEN_AWAIT_CATCH(g, gen_wait_for(&m->wait, &m->task, 1000));
    if (!gen_caught(g)) {
        printf("result: %d\n", m->slow.result);
    } else {                                          /* except TimeoutError as e: */
        if (gen_caught(g)->code != GEN_ERROR_TIMEOUT) /* not ours: raise it on */
            GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg);
        printf("caught %s\n", gen_caught(g)->msg);
    }
    printf("cancelled: %s\n", py_bool(gen_task_result(&m->task) == GEN_ERROR &&
                                      gen_task_error(&m->task)->code == GEN_ERROR_CANCELLED));
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_frame frame;
    return gen_run(NULL, gen_async_init(&frame.gen, main_body)) == GEN_DONE ? 0 : 1;
}
