/* ref_pt.c - the reference task (ref_task.h) on gen.h's small loop (a
   protothread-style task: a coro.h body, tick clock). */
#include "gen.h"
#include "ref_task.h"

struct blink { gen_pt_t task; unsigned char on; };

static gen_clock_t clock;
static gen_pt_loop_t loop;
static struct blink blink;

static int blink_body(gen_pt_t *t)
{
    struct blink *b = GEN_SELF(struct blink, task, t);
    CORO_BEGIN(&t->co);
    for (;;) {
        b->on = (unsigned char)!b->on;
        led_set(b->on);
        GEN_PT_SLEEP(t, 500);
    }
    CORO_END();
}

void blink_start(void)
{
    gen_pt_loop_init(&loop, gen_clock_ticks(&clock, 0));
    gen_pt_spawn(&loop, &blink.task, blink_body);
}

void blink_poll(void) { (void)gen_pt_step(&loop); }

void blink_tick(void) { gen_clock_tick(&clock); }
