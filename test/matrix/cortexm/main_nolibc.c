/* main_nolibc.c - the suite's main with no libc at all (-nostdlib
   -ffreestanding); unit_out is in startup.c. */
#include "unit.h"
#include "../part.h"

int main(void);
int main(void)
{
    MATRIX_RUN_PARTS();
    return unit_summary();
}
