/* test/compile/no_messages.c - CORO_NO_MESSAGES: every message the headers
   give the program is "" and every code is what it is without it. Built
   twice by test/run.sh: with -DCORO_NO_MESSAGES (each message must be "",
   and the object must hold none of the texts), and without it (each must
   be a text: the check that this file can fail). Exit status 0 when every
   check held; the failures are printed. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include "gen.h"

static int failures;
static void check(int ok, const char *what)
{
    if (!ok) {
        failures++;
        printf("FAIL %s\n", what);
    }
}
#ifdef CORO_NO_MESSAGES
#define MESSAGE_OK(m) ((m) != NULL && (m)[0] == '\0')
#else
#define MESSAGE_OK(m) ((m) != NULL && (m)[0] != '\0')
#endif
/* Each message is stored through a volatile before it is looked at, so
   that it is in the binary whatever the optimiser knows of it: run.sh then
   greps the binary for the texts (without it, gcc -O2 folds the check of
   a constant code's message and leaves the text out). */
static const char *volatile seen;
static int message_ok(const char *m)
{
    seen = m;
    m = seen;
    return MESSAGE_OK(m);
}

GEN_FUNCTION(gen_int, bare_raise, int unused;)
{
    GEN_BEGIN(g);
    (void)f;
    GEN_RERAISE(g); /* nothing caught: RuntimeError */
    GEN_END(g);
}

static int sleeper_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 10);
    GEN_END(g);
}

int main(void)
{
    static const int codes[] = {
        CORO_DONE, CORO_SUSPENDED, CORO_ERROR_LOST, CORO_ERROR_RUNNING, CORO_ERROR_UNINIT,
        CORO_ERROR_RAISED, -100, 7
    };
    static const int gen_codes[] = {
        GEN_ERROR_NOT_STARTED, GEN_ERROR_IGNORED_CLOSE, GEN_ERROR_VALUE, GEN_ERROR_UNINIT,
        GEN_ERROR_EXIT, GEN_ERROR_CANCELLED, GEN_ERROR_TIMEOUT, GEN_ERROR_DEADLOCK, GEN_ERROR_IO
    };
    size_t i;
    struct bare_raise br;
    gen_range_t range;
    gen_clock_t clock;
    gen_loop_t loop;
    gen_task_t task;
    gen_async sleeper;
    long v = 0;

    for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
        check(message_ok(coro_strerror(codes[i])), "coro_strerror");
    for (i = 0; i < sizeof gen_codes / sizeof gen_codes[0]; i++)
        check(message_ok(gen_strerror(gen_codes[i])), "gen_strerror");
    /* errors the headers raise: the same codes, with or without text */
    check(gen_int_next(bare_raise(&br), NULL) == GEN_ERROR, "bare raise: GEN_ERROR");
    check(gen_error(&br.gen)->code == GEN_ERROR_RUNNING, "bare raise: the running code");
    check(message_ok(gen_error(&br.gen)->msg), "bare raise: message");
    check(gen_long_next(gen_range(&range, 0, 5, 0), &v) == GEN_ERROR, "range step 0: GEN_ERROR");
    check(gen_error(&range.gen)->code == GEN_ERROR_VALUE, "range step 0: the value code");
    check(message_ok(gen_error(&range.gen)->msg), "range step 0: message");
    gen_loop_init(&loop, gen_clock_virtual(&clock));
    gen_spawn(&loop, &task, gen_async_init(&sleeper, sleeper_body));
    gen_loop_step(&loop);
    check(gen_cancel(&task) == 1 && gen_loop_run(&loop) == GEN_DONE, "cancel");
    check(gen_task_error(&task)->code == GEN_ERROR_CANCELLED, "cancel: the cancelled code");
    check(message_ok(gen_task_error(&task)->msg), "cancel: message");
    printf("%s\n", failures ? "FAIL" : "ok");
    return failures != 0;
}
