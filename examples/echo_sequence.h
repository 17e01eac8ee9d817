/* echo_sequence.h - `echo --sequence`: a sequence diagram of the control
   transfers between main (the consumer) and the generator, drawn as they
   happen; without --sequence, nothing changes.

   gen.h's trace hook (loop.trace) is the async runtime's: the loop calls it
   when it resumes a task. A plain generator driven by next, send, throw
   and close has no loop and no hook, so each call in main is wrapped
   instead: SEQ(g, call) runs call (a next, send, throw or close of the
   generator g; g is evaluated several times) and gives its result. Under
   --sequence it first draws an arrow to the generator, labelled with the
   call's own source text, noting where the generator will run (from
   gen_state and gen_line before the call), then an arrow back with what
   the call returned, the value yielded (g->value) and where the generator
   waits now (gen_state, gen_line after it). Nothing but gen.h's public API
   is read, so the diagram is what the code did. What the generator prints
   appears between the two arrows, at the left margin: it runs inside the
   call. For ports that yield strings (echo's gen_str). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEQ_WIDTH 44 /* between the two lifelines */

static struct { int on, rc; } seq;

/* argv: none, or --sequence (then the diagram's head); else exit(2) */
static void seq_begin(int argc, char **argv, const char *consumer, const char *generator)
{
    if (argc == 2 && strcmp(argv[1], "--sequence") == 0) {
        seq.on = 1;
        printf("%-*s%s\n  |%*s|\n", SEQ_WIDTH + 1, consumer, generator, SEQ_WIDTH, "");
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--sequence]\n", argv[0]);
        exit(2);
    }
}

/* one arrow across, then a note: "|-- label --->|" or "|<--- label --|" */
static void seq_arrow(int back, const char *label, const char *note)
{
    int i, dashes = SEQ_WIDTH - 5 - (int)strlen(label);
    if (back)
        printf("  |<");
    else
        printf("  |-- %s ", label);
    for (i = 0; i < dashes || i < 2; i++)
        putchar('-');
    if (back)
        printf(" %s --|  %s\n", label, note);
    else
        printf(">|  %s\n", note);
}

/* does the call's function name (before its "(") end with op? */
static int seq_is(const char *call, const char *op)
{
    size_t n = strcspn(call, "("), k = strlen(op);
    return n >= k && strncmp(call + n - k, op, k) == 0;
}

/* a state in which the body does not run on */
static const char *seq_state(int state)
{
    return state == GEN_CREATED ? "not started" : state == GEN_RUNNING ? "running" : "closed";
}

/* before the call: what the generator is about to do */
static void seq_call(const char *call, int state, unsigned line)
{
    char note[64];
    if (!seq.on)
        return;
    if (state == GEN_CREATED && seq_is(call, "_next"))
        snprintf(note, sizeof note, "starts at the top");
    else if (state != GEN_SUSPENDED)
        snprintf(note, sizeof note, "%s", seq_state(state));
    else if (seq_is(call, "close"))
        snprintf(note, sizeof note, "GeneratorExit raised at line %u", line);
    else if (seq_is(call, "_throw"))
        snprintf(note, sizeof note, "the error raised at line %u", line);
    else
        snprintf(note, sizeof note, "resumes at line %u", line);
    seq_arrow(0, call, note);
}

/* after it: what it returned, and where the generator is now; gives rc */
static int seq_return(int rc, int state, unsigned line, const char *value, const gen_error_t *err)
{
    char label[64], note[64];
    if (!seq.on)
        return rc;
    if (rc == GEN_YIELDED && value)
        snprintf(label, sizeof label, "GEN_YIELDED, value \"%.40s\"", value);
    else if (rc == GEN_YIELDED)
        snprintf(label, sizeof label, "GEN_YIELDED, value NULL");
    else if (rc == GEN_DONE)
        snprintf(label, sizeof label, "GEN_DONE");
    else if (rc == GEN_ERROR)
        snprintf(label, sizeof label, "GEN_ERROR, %.40s", err->msg ? err->msg : "");
    else
        snprintf(label, sizeof label, "%d, %.40s", rc, gen_strerror(rc));
    if (state == GEN_SUSPENDED)
        snprintf(note, sizeof note, "suspended at line %u", line);
    else
        snprintf(note, sizeof note, "%s", seq_state(state));
    seq_arrow(1, label, note);
    return rc;
}

/* SEQ(g, call): runs call, drawn under --sequence; its value is call's */
#define SEQ(g, call) \
    (seq_call(#call, gen_state(g), gen_line(g)), seq.rc = (call), \
     seq_return(seq.rc, gen_state(g), gen_line(g), (g)->value, gen_error(g)))
