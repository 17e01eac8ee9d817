/* all.c - every part of the unit suite, in order. A platform's main calls
   unit_all() (or, where memory is short, the parts one by one in separate
   builds) and then unit_summary(). */
#include "unit.h"

void unit_all(void)
{
    t_coro();
    t_gen();
    t_gen2();
    t_tools();
    t_async();
    t_async2();
    t_async3();
    t_async4();
    t_async5();
    t_async6();
    t_async7();
    t_async8();
    t_async9();
    t_timed();
    t_io();
    t_forms();
    t_try();
    t_try2();
    t_edges();
    t_pt();
}
