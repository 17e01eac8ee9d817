/* main_host.c - runs the unit tests on a hosted system. */
#include "unit.h"
#include <stdio.h>

void unit_out(const char *s) { fputs(s, stdout); }

int main(void)
{
    unit_all();
    return unit_summary();
}
