/* main_sim65.c - the suite under cc65 on sim65 (6502): output through
   sim65's write() to stdout, result through main's return value, which
   sim65 passes on as its exit status. */
#include <unistd.h>
#include "unit.h"
#include "../part.h"

void unit_out(const char *s)
{
    unsigned n = 0;
    while (s[n])
        n++;
    write(1, s, n);
}

int main(void)
{
    MATRIX_RUN_PARTS();
    return unit_summary();
}
