/* main_host.c - runs the unit tests on a hosted system, then the tests
   of the host's descriptor drivers (host_io.c). */
#include "unit.h"
#include <stdio.h>

void unit_out(const char *s) { fputs(s, stdout); }

int main(void)
{
    unit_all();
    host_io();
    return unit_summary();
}
