/* progmem_checks.c - see progmem_checks.h */
#include "progmem_checks.h"

static char file_buf[40], what_buf[160], name_buf[48];

static const char *from_flash(char *buf, unsigned size, const char *p)
{
    strncpy_P(buf, p, size - 1);
    buf[size - 1] = '\0';
    return buf;
}

void matrix_fail_P(const char *file, int line, const char *what)
{
    unit_fail(from_flash(file_buf, sizeof file_buf, file), line,
              from_flash(what_buf, sizeof what_buf, what));
}

void matrix_run_P(const char *name, void (*fn)(void))
{
    unit_run(from_flash(name_buf, sizeof name_buf, name), fn);
}
