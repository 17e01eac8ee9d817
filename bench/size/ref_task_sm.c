/* ref_task_sm.c - the reference task (ref_task.h) as a hand-written state
   machine: the same tick counter, deadline and wrap-around-safe compare. */
#include "ref_task.h"

static volatile unsigned long ticks;
static unsigned long due;
static unsigned char on;

void blink_start(void)
{
    on = 0;
    due = ticks;
}

void blink_poll(void)
{
    if ((unsigned long)(ticks - due) > (~0ul >> 1))
        return; /* not due yet */
    on = (unsigned char)!on;
    led_set(on);
    due = ticks + 500u;
}

void blink_tick(void) { ticks = ticks + 1u; }
