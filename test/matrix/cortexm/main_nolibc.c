/* main_nolibc.c - the suite's main with no libc at all (-nostdlib
   -ffreestanding); unit_out is in startup.c. The stack grows down from the
   end of RAM towards .bss: main paints the RAM between them, and a last test
   says how much of it the stack used and fails if it reached .bss. */
#include "unit.h"
#include "../part.h"

extern unsigned long _ebss[], _estack[];   /* sections.ld */
#define STACK_PAINT 0xa5a5a5a5ul

static void stack_did_not_reach_bss(void)
{
    unsigned long *p = _ebss;
    while (p < _estack && *p == STACK_PAINT)
        p++;
    unit_out("stack: ");
    unit_num((long)((char *)_estack - (char *)p));
    unit_out(" of ");
    unit_num((long)((char *)_estack - (char *)_ebss));
    unit_out(" bytes between .bss and the end of RAM\n");
    CHECK(p > _ebss);
}

int main(void);
int main(void)
{
    unsigned long *p, *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (p = _ebss; p < sp; p++)
        *p = STACK_PAINT;
    MATRIX_RUN_PARTS();
    RUN(stack_did_not_reach_bss);
    return unit_summary();
}
