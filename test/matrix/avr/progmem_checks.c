/* progmem_checks.c - see progmem_checks.h */
#define MATRIX_FILE "test/matrix/avr/progmem_checks.c" /* no checks here */
#include "progmem_checks.h"

static char name_buf[48]; /* a test's name, while it runs */

static const char *from_flash(char *buf, unsigned size, const char *p)
{
    strncpy_P(buf, p, size - 1);
    buf[size - 1] = '\0';
    return buf;
}

void matrix_fail_P(const char *file, int line, const char *what)
{
    char file_buf[40], what_buf[160]; /* only to report a failure: on the stack */
    unit_fail(from_flash(file_buf, sizeof file_buf, file), line,
              from_flash(what_buf, sizeof what_buf, what));
}

void matrix_trap_P(const char *msg)
{
    static char trap_buf[80]; /* the checks look at a message's start */
    unit_trap(from_flash(trap_buf, sizeof trap_buf, msg));
}

void matrix_run_P(const char *name, void (*fn)(void))
{
    unit_run(from_flash(name_buf, sizeof name_buf, name), fn);
}

int matrix_streq_P(const char *a, const char *b_P)
{
    return a && strcmp_P(a, b_P) == 0;
}

void matrix_fail_str_P(const char *file, int line, const char *what, const char *got)
{
    char file_buf[40], what_buf[160];
    unit_fail_str(from_flash(file_buf, sizeof file_buf, file), line,
                  from_flash(what_buf, sizeof what_buf, what), got);
}
