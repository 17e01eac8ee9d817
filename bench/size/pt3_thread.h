/* pt3_thread.h - one copy of pt3.c's thread, named PT3_NAME, waiting on
   PT3_FLAG (no include guard: pt3.c includes it once per copy). */
#if PT3_IMPL == 1
/* protothread, lc-switch: 2 bytes of state */
PT_THREAD(PT3_NAME(struct pt3_lcs *pt))
{
    PT_BEGIN(LCS, pt);
    PT_WAIT_UNTIL(LCS, pt, PT3_FLAG);
    PT_YIELD(LCS, pt);
    PT_END(LCS, pt);
}
#elif PT3_IMPL == 2
/* protothread, lc-addrlabels: a pointer of state */
PT_THREAD(PT3_NAME(struct pt3_lca *pt))
{
    PT_BEGIN(LCA, pt);
    PT_WAIT_UNTIL(LCA, pt, PT3_FLAG);
    PT_YIELD(LCA, pt);
    PT_END(LCA, pt);
}
#elif PT3_IMPL == 3
/* coro.h, either backend */
int PT3_NAME(coro_t *c)
{
    CORO_BEGIN(c);
    CORO_WAIT_UNTIL(PT3_FLAG);
    CORO_YIELD();
    CORO_END();
}
#else
#error "pt3_thread.h: define PT3_IMPL as 1, 2 or 3"
#endif
