/* blinker: firmware-style. The loop runs on a tick clock (1 tick = 1 ms)
   that a timer interrupt advances with gen_clock_tick; when no task is
   ready the idle hook "sleeps" (WFI) until the next deadline. Here the
   interrupt is simulated inside the idle hook, so the program runs at once
   and its output is deterministic. Two tasks: an LED blinker, and a button
   debouncer sampling a scripted, bouncing input (test/py/blinker.py). */
#include <stdio.h>
#include "gen.h"
#include "button_script.h" /* the scripted button: script[], read_button(now) */

static gen_clock_t ticks; /* the tick counter */
static gen_loop_t loop;
static unsigned long wfis; /* how often the CPU slept */

/* The idle hook: what firmware does with __WFI() until the timer interrupt
   has ticked `wait` times (an interrupt that sets an event, loop.poked,
   would wake it early). Simulated: the "interrupt" ticks the clock. */
static void wfi(gen_loop_t *l, gen_time_t wait)
{
    wfis++;
    while (wait-- > 0 && !l->poked)
        gen_clock_tick(&ticks); /* what the timer interrupt handler calls */
}

static unsigned long now(void) { return (unsigned long)gen_now(&loop); }

struct blinker { gen_async gen; int i, led; };

static int blinker_body(gen_async *g)
{
    struct blinker *b = GEN_SELF(struct blinker, gen, g);
    GEN_BEGIN(g);
    for (b->i = 0, b->led = 0; b->i < 8; b->i++) {
        b->led = !b->led;
        printf("%5lu LED %s\n", now(), b->led ? "on" : "off");
        GEN_SLEEP(g, 250);
    }
    GEN_END(g);
}

struct debouncer { gen_async gen; int n, stable, count; };

static int debouncer_body(gen_async *g)
{
    struct debouncer *d = GEN_SELF(struct debouncer, gen, g);
    GEN_BEGIN(g);
    for (d->n = 0, d->stable = 0, d->count = 0; d->n < 200; d->n++) {
        int level; /* lives between two suspensions only */
        level = read_button(now());
        if (level == d->stable) {
            d->count = 0;
        } else if (++d->count == 3) { /* 3 samples in a row: accept the new level */
            d->stable = level;
            d->count = 0;
            printf("%5lu button %s\n", now(), d->stable ? "pressed" : "released");
        }
        GEN_SLEEP(g, 10); /* sample every 10 ms */
    }
    GEN_END(g);
}

int main(void)
{
    struct blinker b;
    struct debouncer d;
    gen_task_t tb, td;
    gen_loop_init(&loop, gen_clock_ticks(&ticks, 0));
    loop.idle = wfi;
    gen_spawn(&loop, &tb, gen_async_init(&b.gen, blinker_body));
    gen_spawn(&loop, &td, gen_async_init(&d.gen, debouncer_body));
    if (gen_loop_run(&loop) != GEN_DONE)
        return 1;
    printf("%5lu done, %lu sleeps\n", now(), wfis);
    return 0;
}
