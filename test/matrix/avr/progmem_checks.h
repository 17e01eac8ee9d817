/* progmem_checks.h - the ATmega328P has 2 KB of RAM, and avr-gcc keeps
   every string literal there. Included after unit.h (and before a part's
   source, whose own #include "unit.h" is then a no-op), this keeps the
   checks' file names, conditions and test names in flash: same checks,
   same counts, same messages; each string is copied to RAM only to print. */
#ifndef MATRIX_PROGMEM_CHECKS_H
#define MATRIX_PROGMEM_CHECKS_H
#include <avr/pgmspace.h>
#include "unit.h"

void matrix_fail_P(const char *file, int line, const char *what);
void matrix_run_P(const char *name, void (*fn)(void));
int matrix_streq_P(const char *a, const char *b_P);
void matrix_fail_str_P(const char *file, int line, const char *what, const char *got);

/* The part's file name, stored once: matrix_file_P in each check would
   store it once per check, and __FILE__ is the checkout's absolute path, so
   the image's size would depend on where the tree was cloned (t_gen has 220
   checks: 6 more characters of path cost 1,320 bytes of flash). The part's
   CHECKs are all in the one file the cell builds (no test header has any). */
#ifndef MATRIX_FILE
#error "define MATRIX_FILE as the part's file name before including progmem_checks.h"
#endif
static const char matrix_file_P[] PROGMEM = MATRIX_FILE;

#undef CHECK
#undef CHECK_EQ
#undef CHECK_STR
#undef RUN
#define CHECK(cond) \
    do { if (!(cond)) matrix_fail_P(matrix_file_P, __LINE__, PSTR(#cond)); } while (0)
#define CHECK_EQ(a, b) \
    do { if ((long)(a) != (long)(b)) matrix_fail_P(matrix_file_P, __LINE__, PSTR(#a " == " #b)); } while (0)
#ifdef MATRIX_CHECK_STR_P /* the expected strings too: literals only */
#define CHECK_STR(a, b) \
    do { if (!matrix_streq_P((a), PSTR(b))) matrix_fail_str_P(matrix_file_P, __LINE__, PSTR(#a " equals " #b), (a)); } while (0)
#else
#define CHECK_STR(a, b) \
    do { if (!unit_streq((a), (b))) matrix_fail_str_P(matrix_file_P, __LINE__, PSTR(#a " equals " #b), (a)); } while (0)
#endif
#define RUN(fn) matrix_run_P(PSTR(#fn), fn)
/* coro.h's trap messages too (a dozen of them, each naming its fix: 1 KB
   of RAM): the last one is copied to a small buffer for the checks */
void matrix_trap_P(const char *msg);
#undef CORO_TRAP
#define CORO_TRAP(msg) matrix_trap_P(PSTR(msg))
#endif
