/* ref_task.h - the job both task size references do: blink an LED, on for
   500 ticks and off for 500, forever, driven by a tick interrupt and a
   super-loop. ref_task.c does it as a task on gen.h's runtime (tick clock),
   ref_task_sm.c as a hand-written state machine. */
#ifndef BENCH_REF_TASK_H
#define BENCH_REF_TASK_H
void led_set(int on);      /* the board's, not counted */
void blink_start(void);    /* once, at reset */
void blink_poll(void);     /* from the super-loop */
void blink_tick(void);     /* from the timer interrupt */
#endif
