/* ref_task.c - the reference task (ref_task.h) on gen.h's runtime. */
#include "gen.h"
#include "ref_task.h"

struct blink { gen_async gen; unsigned char on; };

static gen_clock_t clock;
static gen_loop_t loop;
static gen_task_t task;
static struct blink blink;

static int blink_body(gen_async *g)
{
    struct blink *b = GEN_SELF(struct blink, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        b->on = (unsigned char)!b->on;
        led_set(b->on);
        GEN_SLEEP(g, 500);
    }
    GEN_END(g);
}

void blink_start(void)
{
    gen_loop_init(&loop, gen_clock_ticks(&clock, 0));
    gen_spawn(&loop, &task, gen_async_init(&blink.gen, blink_body));
}

void blink_poll(void) { (void)gen_loop_step(&loop); }

void blink_tick(void) { gen_clock_tick(&clock); }
