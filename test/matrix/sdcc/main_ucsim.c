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

void unit_out(const char *s)
{
    while (*s) {
        SIF = 'p';
        SIF = (unsigned char)*s++;
    }
}

int main(void)
{
    MATRIX_RUN_PARTS();
    unit_summary();
    SIF = 's';
    for (;;) {}
}
