/* avr_stdio.h - force-included (-include) into an example built for the
   ATmega328P: the example's main becomes example_main (avr_main.c calls it
   after pointing stdout at USART0), and its printf format strings stay in
   flash (printf_P), since the 2 KB of RAM would otherwise hold them all. Every
   printf of the examples has a string literal as its format. */
#ifndef MATRIX_AVR_STDIO_H
#define MATRIX_AVR_STDIO_H
#include <stdio.h>
#include <avr/pgmspace.h>
int example_main(void);
#define main example_main
/* printf("fmt", args) -> printf_P(PSTR("fmt"), args, 0): the 0 is one
   argument more than the format reads (so that a call without arguments is
   still C99), which a variadic function ignores */
#define printf(...) MATRIX_PRINTF_P_(__VA_ARGS__, 0)
#define MATRIX_PRINTF_P_(fmt, ...) printf_P(PSTR(fmt), __VA_ARGS__)
#endif
