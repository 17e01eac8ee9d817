/* button_script.h - the scripted, bouncing button that examples/blinker.c
   and examples/blinker_pt.c sample: the pin's level at a given tick. */
#ifndef BUTTON_SCRIPT_H
#define BUTTON_SCRIPT_H
#include <stddef.h>

/* the button pin: its level from each tick on, with contact bounce */
static const struct { unsigned long tick; int level; } script[] = {
    { 300, 1 }, { 312, 0 }, { 327, 1 },                           /* press, bouncing */
    { 900, 0 }, { 905, 1 }, { 914, 0 },                           /* release, bouncing */
    { 1400, 1 },                                                  /* clean press */
    { 1700, 0 }, { 1708, 1 }, { 1721, 0 }, { 1733, 1 }, { 1746, 0 } /* release */
};

static int read_button(unsigned long now) /* the GPIO read */
{
    int level = 0;
    size_t i;
    for (i = 0; i < sizeof script / sizeof script[0]; i++)
        if (script[i].tick <= now)
            level = script[i].level;
    return level;
}
#endif
