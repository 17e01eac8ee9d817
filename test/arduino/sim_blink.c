/* sim_blink.c - runs an Uno sketch's ELF on simavr's ATmega328P at 16 MHz
   and checks its behaviour from the simulator: the LED pin (PB5, pin 13)
   is watched through its IRQ, each change stamped with the cycle count;
   the button pin (PD2, pin 2) is driven through its IRQ by a script with
   a glitch, a bouncing press, a bouncing release and a clean press;
   USART0's output is collected line by line. Prints one "PASS label: ..."
   or "FAIL label: ..." line per check; exits 1 if any failed.

       sim_blink blink ELF LABEL   examples/BlinkButton's behaviour
       sim_blink ticks ELF LABEL   examples/TickTasks' behaviour

   Simulated time is 7.1 s (about 114 million cycles: a few seconds of
   wall time). Links against libsimavr (Debian: libsimavr-dev). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_avr.h"
#include "sim_elf.h"
#include "avr_ioport.h"
#include "avr_uart.h"

#define FREQ 16000000UL
#define CYCLES(ms) ((avr_cycle_count_t)((ms) * (FREQ / 1000)))
#define END_MS 7100.0

static avr_t *avr;
static const char *label;
static int failed;

static double now_ms(void) { return (double)avr->cycle * 1000.0 / FREQ; }

/* ---- what the simulator reports ---------------------------------------- */

#define MAX_EDGES 256
static struct { double ms; int level; } led[MAX_EDGES];
static int nled, led_level = -1;

static void on_led(avr_irq_t *irq, uint32_t value, void *param)
{
    int level = value != 0;
    (void)irq;
    (void)param;
    if (level == led_level)
        return;
    led_level = level;
    if (nled < MAX_EDGES) {
        led[nled].ms = now_ms();
        led[nled].level = level;
        nled++;
    }
}

#define MAX_LINES 16
static struct { double ms; char text[80]; } lines[MAX_LINES];
static int nlines;
static char partial[80];
static size_t npartial;

static void on_uart(avr_irq_t *irq, uint32_t value, void *param)
{
    char c = (char)(value & 0xff);
    (void)irq;
    (void)param;
    if (c == '\r')
        return;
    if (c != '\n') {
        if (npartial < sizeof partial - 1)
            partial[npartial++] = c;
        return;
    }
    partial[npartial] = 0;
    if (nlines < MAX_LINES) {
        lines[nlines].ms = now_ms();
        strcpy(lines[nlines].text, partial);
        nlines++;
    }
    npartial = 0;
}

/* ---- the button: pin 2 to GND, pull-up: released HIGH, pressed LOW ------ */

static const struct { double ms; int level; } script[] = {
    { 0, 1 },                                  /* released */
    { 2300, 0 }, { 2305, 1 },                  /* a 5 ms glitch */
    { 3300, 0 }, { 3302, 1 }, { 3303, 0 },     /* a press, bouncing: 4 falling */
    { 3306, 1 }, { 3308, 0 }, { 3309, 1 },     /* edges, the last at 3310 */
    { 3310, 0 },
    { 3650, 1 }, { 3652, 0 }, { 3653, 1 },     /* a release, bouncing: the */
    { 3655, 0 }, { 3657, 1 },                  /* last edge at 3657 */
    { 5000, 0 }, { 5100, 1 },                  /* a clean press and release */
};
#define LAST_BOUNCE 3310.0

static void check(int ok, const char *fmt, ...)
{
    va_list ap;
    printf("%s %s: ", ok ? "PASS" : "FAIL", label);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!ok)
        failed = 1;
}

/* Runs to END_MS, driving the button by the script; 0 if the CPU crashed
   or stopped. */
static int run(void)
{
    avr_irq_t *button = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 2);
    size_t next = 0, n = sizeof script / sizeof script[0];
    avr_cycle_count_t end = CYCLES(END_MS), due = 0;
    while (avr->cycle < end) {
        int state;
        while (next < n && avr->cycle >= due) {
            avr_raise_irq(button, (uint32_t)script[next].level);
            if (++next < n)
                due = CYCLES(script[next].ms);
        }
        state = avr_run(avr);
        if (state == cpu_Done || state == cpu_Crashed) {
            check(0, "the simulated CPU %s at %.1f ms", state == cpu_Done ? "stopped" : "crashed", now_ms());
            return 0;
        }
    }
    return 1;
}

/* The LED's on and off times among the changes that end in (from, to]:
   how many, and the shortest and longest of each. */
struct spans { int n; double on_min, on_max, off_min, off_max; };

static struct spans spans(double from, double to)
{
    struct spans s = { 0, 1e9, -1, 1e9, -1 };
    int i;
    for (i = 1; i < nled; i++) {
        double d = led[i].ms - led[i - 1].ms;
        if (led[i].ms <= from || led[i].ms > to)
            continue;
        s.n++;
        if (led[i - 1].level) {
            if (d < s.on_min) s.on_min = d;
            if (d > s.on_max) s.on_max = d;
        } else {
            if (d < s.off_min) s.off_min = d;
            if (d > s.off_max) s.off_max = d;
        }
    }
    return s;
}

static int near(double v, double want) { return v >= want - 2.0 && v <= want + 2.0; }

/* both the on and the off times near `on` and `off`, at least `min` of them */
static int spans_ok(struct spans s, double on, double off, int min)
{
    return s.n >= min && near(s.on_min, on) && near(s.on_max, on) &&
           near(s.off_min, off) && near(s.off_max, off);
}

static const char *fmt_spans(struct spans s)
{
    static char buf[160];
    if (s.n < 2)
        snprintf(buf, sizeof buf, "%d LED changes", s.n);
    else
        snprintf(buf, sizeof buf, "on %.1f-%.1f ms, off %.1f-%.1f ms, %d changes",
                 s.on_min, s.on_max, s.off_min, s.off_max, s.n);
    return buf;
}

/* the first LED change after `ms`, or -1 */
static double change_after(double ms)
{
    int i;
    for (i = 0; i < nled; i++)
        if (led[i].ms > ms)
            return led[i].ms;
    return -1;
}

/* BlinkButton: 500 ms on / 500 ms off; a debounced press (20 ms) toggles
   100 ms on / 100 ms off. */
static void check_blink(void)
{
    struct spans s;
    double t;

    s = spans(1, 2300); /* from the first change on (setup's) */
    check(spans_ok(s, 500, 500, 4), "LED blinks 500 ms on, 500 ms off (%s)", fmt_spans(s));

    s = spans(2300, 3300);
    check(spans_ok(s, 500, 500, 2), "a 5 ms glitch on the button is ignored: still 500 ms (%s)", fmt_spans(s));

    t = change_after(3300);
    /* millis() counts in steps of 1.024 ms (2 now and then): 20 ms of it
       take 18 to 21 ms */
    check(t >= LAST_BOUNCE + 17 && t <= LAST_BOUNCE + 23,
          "a bouncing press is taken 20 ms after its last bounce (the LED changes %.1f ms after it)",
          t - LAST_BOUNCE);

    s = spans(t, 3650);
    check(spans_ok(s, 100, 100, 2), "a bouncing press (4 falling edges) counts once: 100 ms on, 100 ms off (%s)",
          fmt_spans(s));

    s = spans(3650, 5000);
    check(spans_ok(s, 100, 100, 10), "a bouncing release changes nothing: still 100 ms (%s)", fmt_spans(s));

    s = spans(5100, END_MS);
    check(spans_ok(s, 500, 500, 3), "a second press switches back to 500 ms (%s)", fmt_spans(s));
}

/* the Serial lines that arrived in (from, to] */
static int lines_in(double from, double to, int *first)
{
    int i, n = 0;
    for (i = 0; i < nlines; i++)
        if (lines[i].ms > from && lines[i].ms <= to) {
            if (!n)
                *first = i;
            n++;
        }
    return n;
}

/* exactly one line in (from, to]: "press NUMBER at T ms", T in [lo, hi],
   arriving within 10 ms after T (millis() agrees with the simulator) */
static void check_press_line(double from, double to, int number, double lo, double hi)
{
    unsigned long when = 0;
    unsigned num = 0;
    int i = 0, found = lines_in(from, to, &i);
    if (found != 1) {
        check(0, "press %d: want one Serial line between %.0f and %.0f ms, got %d", number, from, to, found);
        return;
    }
    if (sscanf(lines[i].text, "press %u at %lu ms", &num, &when) != 2 || (int)num != number) {
        check(0, "press %d: Serial line \"%s\" is not \"press %d at T ms\"", number, lines[i].text, number);
        return;
    }
    check(when >= lo && when <= hi && lines[i].ms >= (double)when && lines[i].ms - (double)when < 10,
          "\"%s\" on Serial at %.1f ms (press taken at %lu: wanted %.0f to %.0f)",
          lines[i].text, lines[i].ms, when, lo, hi);
}

/* TickTasks: LED 100 ms on / 900 ms off; each debounced press (4 samples
   5 ms apart) printed as "press N at T ms". */
static void check_ticks(void)
{
    struct spans s = spans(1, END_MS); /* from the first change on (setup's) */
    int first;

    check(spans_ok(s, 100, 900, 12), "heartbeat 100 ms on, 900 ms off all along (%s)", fmt_spans(s));
    check(lines_in(0, 3300, &first) == 0, "a 5 ms glitch on the button prints nothing (%d lines)",
          lines_in(0, 3300, &first));
    /* 4 samples 5 ms apart, all after the first falling edge, the 4th no
       later than 20 ms after the last bounce; millis() lags by up to 2 ms */
    check_press_line(3300, 3650, 1, 3300 + 13, LAST_BOUNCE + 21);
    check(lines_in(3650, 5000, &first) == 0, "a bouncing release prints nothing (%d lines)",
          lines_in(3650, 5000, &first));
    check_press_line(5000, END_MS, 2, 5000 + 13, 5000 + 21);
    check(nlines == 2 && npartial == 0, "two presses, two Serial lines in all (%d, %u bytes pending)",
          nlines, (unsigned)npartial);
}

/* simavr's messages below errors ("Loaded 1494 .text...") are left out */
static void logger(avr_t *a, const int level, const char *fmt, va_list ap)
{
    (void)a;
    if (level <= LOG_ERROR) {
        vfprintf(stderr, fmt, ap);
    }
}

static void no_sleep(avr_t *a, avr_cycle_count_t howlong)
{
    (void)a;
    (void)howlong; /* the simulation runs as fast as it can, not in real time */
}

int main(int argc, char **argv)
{
    static union { elf_firmware_t f; char room[1 << 16]; } fw; /* zeroed */
    uint32_t flags = 0;
    int blink;

    if (argc != 4 || (strcmp(argv[1], "blink") && strcmp(argv[1], "ticks"))) {
        fprintf(stderr, "usage: %s blink|ticks ELF LABEL\n", argv[0]);
        return 2;
    }
    blink = !strcmp(argv[1], "blink");
    label = argv[3];
    avr_global_logger_set(logger);
    if (elf_read_firmware(argv[2], &fw.f) != 0) {
        check(0, "simavr cannot read %s", argv[2]);
        return 1;
    }
    avr = avr_make_mcu_by_name("atmega328p");
    if (!avr) {
        check(0, "simavr has no atmega328p");
        return 1;
    }
    avr_init(avr);
    avr->log = LOG_ERROR;
    avr_load_firmware(avr, &fw.f);
    avr->frequency = FREQ;
    avr->sleep = no_sleep;

    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 5), on_led, NULL);
    /* the USART: no echo on the console, no real-time waits */
    avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
    flags &= ~(uint32_t)(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
    avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart, NULL);

    if (run()) {
        if (blink)
            check_blink();
        else
            check_ticks();
    }
    avr_terminate(avr);
    return failed;
}
