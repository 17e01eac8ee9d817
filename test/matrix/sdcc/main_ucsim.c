/* main_ucsim.c - the suite under sdcc on uCsim (s51, sz80, sstm8): output and
   stop through uCsim's simulator interface, one memory byte the program
   writes ('p' then a character prints it, 's' stops). The byte's address
   is the -I if=... option run.sh gives the simulator:
   8051: xram[0xffff]; Z80: rom[0x7fff]; STM8: rom[0x1000]. */
#include "unit.h"
#include "../part.h"

#if defined(__SDCC_mcs51)
#define SIF (*(volatile __xdata unsigned char *)0xffff)
#elif defined(__SDCC_z80)
#define SIF (*(volatile unsigned char *)0x7fff)
#elif defined(__SDCC_stm8)
#define SIF (*(volatile unsigned char *)0x1000)
#else
#error "main_ucsim.c: unknown sdcc port"
#endif

#if defined(__SDCC_mcs51)
/* The 8051's stack is the internal RAM above the register banks, at most
   256 - SP bytes, and it wraps to address 0 silently when it overflows. main
   paints it; the last test measures how far it reached and fails when it
   reached the top. */
__sfr __at(0x81) stack_pointer;
#define STACK_PAINT 0xa5
static unsigned char stack_base;
static void stack_high_water(void)
{
    unsigned char top = 0xff, used;
    while (top > stack_base && *(unsigned char __idata *)top == STACK_PAINT)
        top--;
    used = (unsigned char)(top - stack_base);
    unit_out("internal stack: ");
    unit_num(used);
    unit_out(" of ");
    unit_num(0xff - stack_base);
    unit_out(" bytes\n");
    CHECK(top < 0xff);
}
#endif

void unit_out(const char *s)
{
    while (*s) {
        SIF = 'p';
        SIF = (unsigned char)*s++;
    }
}

int main(void)
{
#if defined(__SDCC_mcs51)
    unsigned char a = (unsigned char)(stack_pointer + 1);
    stack_base = stack_pointer;
    do
        *(unsigned char __idata *)a = STACK_PAINT;
    while (++a);
#endif
    MATRIX_RUN_PARTS();
#if defined(__SDCC_mcs51)
    unit_run("internal_stack_did_not_overflow", stack_high_water);
#endif
    unit_summary();
    SIF = 's';
    for (;;) {}
}
