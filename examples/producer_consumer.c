/* producer_consumer: a producer and a slower consumer joined by a bounded
   queue of size 2: when it is full, put waits until the consumer takes an
   item; when it is empty, get waits for the next put
   (test/py/producer_consumer.py). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock */
#include <stdio.h>
#include "gen.h"

GEN_QUEUE_DECLARE(int_queue, int) /* a queue of int over an array of ours */

struct producer { gen_async gen; int_queue *queue; int i; };

static int producer_body(gen_async *g)
{
    struct producer *p = GEN_SELF(struct producer, gen, g);
    GEN_BEGIN(g);
    for (p->i = 1; p->i <= 5; p->i++) {
        GEN_QUEUE_PUT(g, int_queue, p->queue, p->i); /* waits while the queue is full */
        printf("put %d (size %d)\n", p->i, (int)int_queue_size(p->queue));
        GEN_SLEEP(g, 200); /* await asyncio.sleep(0.2) */
    }
    GEN_END(g);
}

struct consumer { gen_async gen; int_queue *queue; int n, item; };

static int consumer_body(gen_async *g)
{
    struct consumer *c = GEN_SELF(struct consumer, gen, g);
    GEN_BEGIN(g);
    for (c->n = 0; c->n < 5; c->n++) {
        GEN_QUEUE_GET(g, int_queue, c->queue, &c->item); /* waits while the queue is empty */
        printf("got %d (size %d)\n", c->item, (int)int_queue_size(c->queue));
        GEN_SLEEP(g, 500); /* await asyncio.sleep(0.5) */
    }
    GEN_END(g);
}

struct main_frame {
    gen_async gen;
    int_queue queue;          /* asyncio.Queue(maxsize=2) */
    int slots[2];             /* its storage */
    struct producer producer; /* the frames of the two coroutines */
    struct consumer consumer;
    gen_task_t task[2];       /* gather runs each one as a task */
    gen_gather_t gather;
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    int_queue_init(&m->queue, m->slots, 2);
    m->producer.queue = m->consumer.queue = &m->queue;
    GEN_SPAWN(g, &m->task[0], gen_async_init(&m->producer.gen, producer_body));
    GEN_SPAWN(g, &m->task[1], gen_async_init(&m->consumer.gen, consumer_body));
    GEN_AWAIT(g, gen_gather_of(&m->gather, m->task, 2, 0)); /* await gather(producer(q), consumer(q)) */
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    struct main_frame frame;
    return gen_run(NULL, gen_async_init(&frame.gen, main_body)) == GEN_DONE ? 0 : 1;
}
