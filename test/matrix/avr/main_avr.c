/* main_avr.c - the suite on an ATmega328P under simavr: output through
   USART0, then sleep with interrupts off, which ends the simulation.
   The stack grows down from the end of RAM towards .bss and would overwrite
   it unnoticed: main paints the RAM between them, and a last test measures
   how far the stack reached and fails if it reached .bss. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include "unit.h"
#define MATRIX_FILE "test/matrix/avr/main_avr.c"
#include "progmem_checks.h"
#include "../part.h"

static void put(char c)
{
    while (!(UCSR0A & (1 << UDRE0))) {}
    UDR0 = (unsigned char)c;
}

void unit_out(const char *s)
{
    while (*s)
        put(*s++);
}

extern unsigned char __heap_start;   /* the end of .bss (avr-libc's linker script) */
#define STACK_PAINT 0xa5

static void out_P(const char *p) /* a string in flash */
{
    char c;
    while ((c = (char)pgm_read_byte(p++)) != 0)
        put(c);
}

static void stack_did_not_reach_bss(void)
{
    unsigned char *p = &__heap_start;
    while (p <= (unsigned char *)RAMEND && *p == STACK_PAINT)
        p++;
    out_P(PSTR("stack: "));
    unit_num((long)((unsigned char *)RAMEND + 1 - p));
    out_P(PSTR(" of "));
    unit_num((long)((unsigned char *)RAMEND + 1 - &__heap_start));
    out_P(PSTR(" bytes between .bss and the end of RAM\n"));
    CHECK(p > &__heap_start);
}

int main(void)
{
    unsigned char *p;
    for (p = &__heap_start; p < (unsigned char *)SP; p++)
        *p = STACK_PAINT;
    UCSR0B = (unsigned char)(1 << TXEN0);
    MATRIX_RUN_PARTS();
    RUN(stack_did_not_reach_bss);
    unit_summary();
    while (!(UCSR0A & (1 << TXC0))) {}   /* let the last byte go */
    sleep_enable();
    cli();
    sleep_cpu();
    for (;;) {}
}
