/* avr_main.c - runs an example (examples/NAME.c, compiled with avr_stdio.h
   force-included, which renames its main example_main) on an ATmega328P
   under simavr: stdout goes to USART0. The RAM between .bss and the stack
   is painted first; after the example a last line says how much of it the
   stack used (the cell takes that line off before comparing the output).
   Then the CPU sleeps with interrupts off, which ends the simulation. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <stdio.h>

int example_main(void);

static int put(char c, FILE *f)
{
    (void)f;
    while (!(UCSR0A & (1 << UDRE0))) {}
    UDR0 = (unsigned char)c;
    return 0;
}

static FILE usart0 = FDEV_SETUP_STREAM(put, NULL, _FDEV_SETUP_WRITE);

extern unsigned char __heap_start; /* the end of .bss (avr-libc's linker script) */
#define STACK_PAINT 0xa5

int main(void)
{
    unsigned char *p;
    int rc;
    for (p = &__heap_start; p < (unsigned char *)SP; p++)
        *p = STACK_PAINT;
    UCSR0B = (unsigned char)(1 << TXEN0);
    stdout = &usart0;
    rc = example_main();
    if (rc != 0)
        printf_P(PSTR("exit %d\n"), rc);
    for (p = &__heap_start; p <= (unsigned char *)RAMEND && *p == STACK_PAINT; p++) {}
    printf_P(PSTR("stack: %u of %u bytes between .bss and the end of RAM\n"),
             (unsigned)((unsigned char *)RAMEND + 1 - p),
             (unsigned)((unsigned char *)RAMEND + 1 - &__heap_start));
    while (!(UCSR0A & (1 << TXC0))) {} /* let the last byte go */
    sleep_enable();
    cli();
    sleep_cpu();
    for (;;) {}
}
