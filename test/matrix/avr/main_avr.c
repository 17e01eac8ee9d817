/* main_avr.c - the suite on an ATmega328P under simavr: output through
   USART0, then sleep with interrupts off, which ends the simulation. */
#include <avr/io.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include "unit.h"
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

int main(void)
{
    UCSR0B = (unsigned char)(1 << TXEN0);
    MATRIX_RUN_PARTS();
    unit_summary();
    while (!(UCSR0A & (1 << TXC0))) {}   /* let the last byte go */
    sleep_enable();
    cli();
    sleep_cpu();
    for (;;) {}
}
