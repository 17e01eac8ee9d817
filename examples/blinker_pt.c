/* blinker_pt: examples/blinker.c's job on gen.h's small loop (section 11):
   the same LED blinker and button debouncer, written as protothread-style
   tasks (coro.h bodies with a gen_pt_t). Each pass of the loop calls every
   task once, in the order they were spawned, and a sleeping task tests its
   own deadline. The super-loop is written out as firmware has it: a pass,
   then, when no task is due, a "WFI" until the earliest deadline (the
   timer interrupt is simulated: it ticks the clock that far at once). */
#include <stdio.h>
#include "gen.h"
#include "button_script.h" /* the scripted button: script[], read_button(now) */

struct blinker { gen_pt_t task; int i, led; };

static int blinker_body(gen_pt_t *t)
{
    struct blinker *b = GEN_SELF(struct blinker, task, t);
    CORO_BEGIN(&t->co);
    for (b->i = 0, b->led = 0; b->i < 8; b->i++) {
        b->led = !b->led;
        printf("%5lu LED %s\n", (unsigned long)gen_pt_now(t), b->led ? "on" : "off");
        GEN_PT_SLEEP(t, 250);
    }
    CORO_END();
}

struct debouncer { gen_pt_t task; int n, stable, count; };

static int debouncer_body(gen_pt_t *t)
{
    struct debouncer *d = GEN_SELF(struct debouncer, task, t);
    CORO_BEGIN(&t->co);
    for (d->n = 0, d->stable = 0, d->count = 0; d->n < 200; d->n++) {
        int level; /* lives between two suspensions only (no initialiser: C++ */
        level = read_button((unsigned long)gen_pt_now(t)); /* jumps past it) */
        if (level == d->stable) {
            d->count = 0;
        } else if (++d->count == 3) { /* 3 samples in a row: accept the new level */
            d->stable = level;
            d->count = 0;
            printf("%5lu button %s\n", (unsigned long)gen_pt_now(t), d->stable ? "pressed" : "released");
        }
        GEN_PT_SLEEP(t, 10); /* sample every 10 ms */
    }
    CORO_END();
}

int main(void)
{
    static gen_clock_t ticks; /* 1 tick = 1 ms, counted by the timer interrupt */
    static gen_pt_loop_t loop;
    static struct blinker b;  /* static: zeroed, as a task must start */
    static struct debouncer d;
    unsigned long passes = 0, wfis = 0;
    gen_time_t wait;
    gen_pt_loop_init(&loop, gen_clock_ticks(&ticks, 0));
    gen_pt_spawn(&loop, &b.task, blinker_body);
    gen_pt_spawn(&loop, &d.task, debouncer_body);
    for (;;) { /* the super-loop */
        int more = gen_pt_step(&loop);
        passes++;
        if (!more)
            break;
        if (gen_pt_idle(&loop, &wait) && wait > 0) { /* nothing due: WFI */
            wfis++;
            while (wait-- > 0)
                gen_clock_tick(&ticks); /* what the timer interrupt handler calls */
        }
    }
    printf("%5lu done, %lu sleeps, %lu passes\n", (unsigned long)ticks.ticks, wfis, passes);
    return 0;
}
