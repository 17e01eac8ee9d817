/* main_hosted.c - the matrix's main for hosted targets (Linux, qemu-user,
   mingw, newlib on Cortex-M). Runs the whole suite, or one part of it when
   MATRIX_PART names a part's function (t_coro, t_gen, ...). */
#include "unit.h"
#include <stdio.h>
#include "part.h"

void unit_out(const char *s) { fputs(s, stdout); }

int main(void)
{
    MATRIX_RUN_PARTS();
    return unit_summary();
}
