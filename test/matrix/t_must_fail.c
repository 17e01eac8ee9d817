/* t_must_fail.c - a part that must fail: each kind of runner runs it once,
   and the matrix checks that the runner reports the failure. */
#include "unit.h"

void t_must_fail(void);

static void one_plus_one_is_three(void)
{
    volatile int two = 2;
    CHECK_EQ(two + 1, 4);
}

void t_must_fail(void)
{
    RUN(one_plus_one_is_three);
}
