/* cancellation: a task (parent) awaits a child async function; another
   task (main) cancels it after a second. CancelledError is thrown in where
   the child waits and travels up the chain of awaits: the child's finally
   section runs, then the parent's (test/py/cancellation.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

static int child_body(gen_async *g)
{
    GEN_BEGIN(g);
    printf("child: working\n");
    GEN_SLEEP(g, 10000); /* await asyncio.sleep(10): cancelled here */
    printf("child: done\n"); /* not reached */
    GEN_FINALLY(g);
    printf("child: finally\n");
    GEN_END(g);
}

struct parent { gen_async gen; gen_async child; /* the child's frame */ };

static int parent_body(gen_async *g)
{
    struct parent *p = GEN_SELF(struct parent, gen, g);
    GEN_BEGIN(g);
    printf("parent: awaiting child\n");
    GEN_AWAIT(g, gen_async_init(&p->child, child_body)); /* the error is raised on here */
    printf("parent: done\n"); /* not reached */
    GEN_FINALLY(g);
    printf("parent: finally\n");
    GEN_END(g);
}

struct main_frame {
    gen_async gen;
    struct parent parent; /* the parent's frame */
    gen_task_t task;      /* the task running it */
};

static const char *py_bool(int b) { return b ? "True" : "False"; }

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    GEN_SPAWN(g, &m->task, gen_async_init(&m->parent.gen, parent_body)); /* create_task */
    GEN_SLEEP(g, 1000); /* await asyncio.sleep(1) */
    printf("main: cancelling parent\n");
    gen_cancel(&m->task); /* task.cancel(): delivered when the task next runs */
    GEN_AWAIT_TASK_CATCH(g, &m->task); /* try: await task */
    if (gen_caught(g)) {                                  /* except CancelledError: */
        if (gen_caught(g)->code != GEN_ERROR_CANCELLED)   /* not ours: raise it on */
            GEN_FAIL(g, gen_caught(g)->code, gen_caught(g)->msg);
        printf("main: caught CancelledError\n");
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
