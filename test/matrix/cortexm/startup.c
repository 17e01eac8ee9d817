/* startup.c - Cortex-M0/M3 startup for the matrix under qemu-system-arm:
   vector table, .data copy, .bss zeroing, ARM semihosting for output and
   exit (qemu's exit status follows SYS_EXIT: 0 pass, 1 fail).
   MATRIX_NEWLIB: newlib + rdimon provide stdio (main_hosted.c prints with
   fputs); otherwise no libc at all: unit_out is a semihosting call here,
   and memcpy/memset (which gcc may call for struct copies) are defined. */
#include "unit.h"

extern unsigned long _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void matrix_exit(int code);

__attribute__((section(".vectors"), used))
void (*const matrix_vectors[16])(void) = {
    (void (*)(void))(unsigned long)_estack, Reset_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    0, 0, 0, 0, Fault_Handler, Fault_Handler, 0, Fault_Handler, Fault_Handler
};

static int semihost(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void matrix_exit(int code)
{
    /* ADP_Stopped_ApplicationExit: qemu exits 0; anything else: 1 */
    semihost(0x18, (const void *)(code == 0 ? 0x20026ul : 0x20023ul));
    for (;;) {}
}

void Fault_Handler(void)
{
    semihost(0x04, "\n*** fault (HardFault or other exception)\n");
    matrix_exit(1);
}

#ifdef MATRIX_NEWLIB
#include <stdio.h>
void initialise_monitor_handles(void);
#else
void *memcpy(void *d, const void *s, unsigned n);
void *memset(void *d, int c, unsigned n);
void *memcpy(void *d, const void *s, unsigned n)
{
    unsigned char *dp = (unsigned char *)d;
    const unsigned char *sp = (const unsigned char *)s;
    while (n--) *dp++ = *sp++;
    return d;
}
void *memset(void *d, int c, unsigned n)
{
    unsigned char *dp = (unsigned char *)d;
    while (n--) *dp++ = (unsigned char)c;
    return d;
}
void unit_out(const char *s) { semihost(0x04, s); }   /* SYS_WRITE0 */
#endif

void Reset_Handler(void)
{
    unsigned long *s = _sidata, *d = _sdata;
    int rc;
    while (d < _edata) *d++ = *s++;
    for (d = _sbss; d < _ebss; d++) *d = 0;
#ifdef MATRIX_NEWLIB
    initialise_monitor_handles();
#endif
    rc = main();
#ifdef MATRIX_NEWLIB
    fflush(stdout);
#endif
    matrix_exit(rc);
}
