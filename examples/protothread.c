/* protothread: coro.h alone, no gen.h. A producer and a consumer hand items
   over through a flag, the consumer spawns a worker per item, and a
   super-loop runs them in turns, one step per tick (test/py/protothread.py). */
#include <stdio.h>
#include "coro.h"

struct channel {
    int full; /* the flag: an item is waiting */
    int item;
};

/* Each resumable function has a frame: its coro_t and what survives a yield. */
struct worker { coro_t co; int step; };
struct producer { coro_t co; int i; };
struct consumer { coro_t co; int n, item; struct worker child; };

static int worker(struct worker *w, int item)
{
    CORO_BEGIN(&w->co);
    for (w->step = 1; w->step <= 2; w->step++) {
        printf("  worker: item %d step %d\n", item, w->step);
        CORO_YIELD();
    }
    CORO_END();
}

static int producer(struct producer *p, struct channel *ch)
{
    CORO_BEGIN(&p->co);
    for (p->i = 1; p->i <= 3; p->i++) {
        ch->item = p->i * 10;
        ch->full = 1;
        printf("producer: put %d\n", ch->item);
        CORO_WAIT_WHILE(ch->full); /* until the consumer took it */
    }
    printf("producer: done\n");
    CORO_END();
}

static int consumer(struct consumer *c, struct channel *ch)
{
    CORO_BEGIN(&c->co);
    for (c->n = 0; c->n < 3; c->n++) {
        CORO_WAIT_UNTIL(ch->full); /* until there is an item */
        c->item = ch->item;
        ch->full = 0;
        printf("consumer: got %d\n", c->item);
        /* a fresh child each time, run to its end (Python: yield from) */
        CORO_SPAWN(&c->child.co, worker(&c->child, c->item));
    }
    printf("consumer: done\n");
    CORO_END();
}

int main(void)
{
    struct channel ch = { 0, 0 };
    /* static, so zeroed: a zeroed frame is a fresh coroutine (no coro_init
       needed), and gcc -O2 with the switch backend cannot then mistake its
       fields for uninitialised */
    static struct producer p;
    static struct consumer c;
    int prc = CORO_SUSPENDED, crc = CORO_SUSPENDED; /* CORO_DONE once finished */
    int tick;

    for (tick = 0; prc == CORO_SUSPENDED || crc == CORO_SUSPENDED; tick++) {
        printf("tick %d\n", tick);
        if (prc == CORO_SUSPENDED)
            prc = producer(&p, &ch);
        if (crc == CORO_SUSPENDED)
            crc = consumer(&c, &ch);
    }
    printf("all done after %d ticks\n", tick);
    return 0;
}
