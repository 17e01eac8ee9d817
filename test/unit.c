/* unit.c - the harness's portable part: counting, logging, reporting. */
#include "unit.h"

int unit_traps;
const char *unit_last_trap;

static int passed, failed, current_failed;
#ifndef UNIT_LOG_SIZE
#define UNIT_LOG_SIZE 512 /* a target short of RAM may pass a smaller one */
#endif
static char log_buf[UNIT_LOG_SIZE];
static unsigned log_len;

void unit_trap(const char *msg)
{
    unit_traps++;
    unit_last_trap = msg;
}

/* whether part occurs in s */
int unit_has(const char *s, const char *part)
{
    const char *a, *b;
    if (!s || !part)
        return 0;
    for (; *s; s++) {
        for (a = s, b = part; *b && *a == *b; a++, b++)
            ;
        if (!*b)
            return 1;
    }
    return !*part;
}

int unit_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

void unit_num(long n)
{
    char buf[24];
    unsigned i = sizeof buf - 1;
    unsigned long u = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u);
    if (n < 0)
        buf[--i] = '-';
    unit_out(buf + i);
}

void unit_fail(const char *file, int line, const char *what)
{
    current_failed++;
    unit_out("  FAIL ");
    unit_out(file);
    unit_out(":");
    unit_num(line);
    unit_out(": ");
    unit_out(what);
    unit_out("\n");
}

void unit_fail_str(const char *file, int line, const char *what, const char *got)
{
    unit_fail(file, line, what);
    unit_out("       got: ");
    if (got)
        unit_out(got);
    else
        unit_out("(null)");
    unit_out("\n");
}

void unit_run(const char *name, void (*fn)(void))
{
    current_failed = 0;
    unit_traps = 0;
    unit_last_trap = 0;
    log_reset();
    fn();
    if (current_failed) {
        failed++;
        unit_out("FAIL ");
    } else {
        passed++;
        unit_out("ok   ");
    }
    unit_out(name);
    unit_out("\n");
}

int unit_summary(void)
{
    unit_num(passed);
    unit_out(" passed, ");
    unit_num(failed);
    unit_out(" failed\n");
    return failed != 0;
}

void log_reset(void)
{
    log_len = 0;
    log_buf[0] = '\0';
}

void log_add(const char *event)
{
    if (log_len && log_len < sizeof log_buf - 1)
        log_buf[log_len++] = ' ';
    while (*event && log_len < sizeof log_buf - 1)
        log_buf[log_len++] = *event++;
    log_buf[log_len] = '\0';
}

/* "what@t" */
void log_at(const char *what, unsigned long t)
{
    UNIT_FRAME char buf[48]; /* static on the 8051 and cc65: a small stack */
    UNIT_FRAME char digits[24];
    unsigned i = 0, n = 0;
    while (*what && i < 30)
        buf[i++] = *what++;
    buf[i++] = '@';
    do {
        digits[n++] = (char)('0' + (int)(t % 10u));
        t /= 10u;
    } while (t);
    while (n)
        buf[i++] = digits[--n];
    buf[i] = '\0';
    log_add(buf);
}

const char *log_text(void) { return log_buf; }
