/* TickTasks: gen.h's asyncio-style runtime on an Arduino: three tasks
   that sleep, wait on a queue and talk to each other, run by a loop whose
   clock is millis() (one tick per millisecond), one pass per call of
   Arduino's loop().

   Wiring (an Uno): the LED on LED_BUILTIN (pin 13, PB5); a push button
   from pin 2 (PD2) to GND, read with the internal pull-up (INPUT_PULLUP):
   released reads HIGH, pressed reads LOW. Serial at 115200 baud.

   The tasks:
   - heartbeat: the LED on for 100 ms, off for 900 ms, forever
     (GEN_SLEEP);
   - button: samples pin 2 every 5 ms and takes a new level once 4 samples
     in a row agree (15 to 20 ms), so a bouncing press counts once and a
     shorter glitch not at all; each press puts the millis() time it was
     taken at into a queue (GEN_QUEUE_PUT);
   - reporter: takes each press from the queue (GEN_QUEUE_GET) and prints
     "press N at T ms" on Serial.
   None of them blocks the others: a task that waits returns to the loop.

   test/arduino/run.sh builds this sketch for an Uno and checks all of
   that on the simulated ATmega328P (test/arduino/sim_blink.c);
   test/arduino/baseline/TickTasksPlain is the same behaviour written as
   classic millis() state machines, for the size comparison. */

// gen.h's configuration for a small board: no waits on file descriptors,
// no itertools-style combinators, and errors without message texts (the
// AVR keeps string literals in RAM: they would take a quarter of it);
// define these before the #include
#define GEN_NO_IO
#define GEN_NO_COMBINATORS
#define CORO_NO_MESSAGES
#include <gen.h>

const uint8_t LED_PIN = LED_BUILTIN;
const uint8_t BUTTON_PIN = 2;
const gen_delay_t ON_MS = 100, OFF_MS = 900; // the heartbeat
const gen_delay_t SAMPLE_MS = 5;             // the button's sampling period
const uint8_t SAMPLES = 4;                   // samples that must agree

// A queue of press times: asyncio.Queue(4) of numbers. GEN_QUEUE_DECLARE
// defines the type press_queue and its functions; the Arduino IDE writes a
// prototype of each function a sketch defines at the top of the sketch,
// where press_queue would not be declared yet without the two lines before
// it (the same holds for GEN_DECLARE and the other *_DECLARE macros).
struct press_queue;
typedef struct press_queue press_queue;
GEN_QUEUE_DECLARE(press_queue, unsigned long)

static gen_clock_t ticks;       // a tick clock: 1 tick = 1 ms of millis()
static gen_loop_t tasks;        // the event loop ("loop" is Arduino's name)
static unsigned long ticked;    // the millis() value the clock has reached
static press_queue presses;
static unsigned long press_slots[4];

// Each task is a frame: its port (gen_async) and every variable that must
// keep its value while it waits (a local would not survive a wait).
struct heartbeat {
    gen_async gen;
};

struct button {
    gen_async gen;
    uint8_t level;      // the debounced level: HIGH (released) or LOW (pressed)
    uint8_t agree;      // samples in a row that differ from it
    unsigned long when; // the time of the press being queued
};

struct reporter {
    gen_async gen;
    unsigned long when; // the time of the press being printed
    unsigned count;
};

static struct heartbeat heartbeat;
static struct button button;
static struct reporter reporter;
static gen_task_t heartbeat_task, button_task, reporter_task;

static int heartbeat_body(gen_async *g)
{
    GEN_BEGIN(g);
    for (;;) {
        digitalWrite(LED_PIN, HIGH);
        GEN_SLEEP(g, ON_MS); // await asyncio.sleep(0.1)
        digitalWrite(LED_PIN, LOW);
        GEN_SLEEP(g, OFF_MS);
    }
    GEN_END(g);
}

static int button_body(gen_async *g)
{
    struct button *b = GEN_SELF(struct button, gen, g);
    GEN_BEGIN(g);
    b->level = HIGH;
    for (;;) {
        GEN_SLEEP(g, SAMPLE_MS);
        if (digitalRead(BUTTON_PIN) == b->level) {
            b->agree = 0; // a bounce back: start over
        } else if (++b->agree == SAMPLES) {
            b->agree = 0;
            b->level = !b->level;
            if (b->level == LOW) { // pressed
                b->when = (unsigned long)gen_now(&tasks);
                GEN_QUEUE_PUT(g, press_queue, &presses, b->when); // await q.put(when)
            }
        }
    }
    GEN_END(g);
}

static int reporter_body(gen_async *g)
{
    struct reporter *r = GEN_SELF(struct reporter, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_QUEUE_GET(g, press_queue, &presses, &r->when); // when = await q.get()
        r->count++;
        Serial.print(F("press "));
        Serial.print(r->count);
        Serial.print(F(" at "));
        Serial.print(r->when);
        Serial.println(F(" ms"));
    }
    GEN_END(g);
}

void setup()
{
    pinMode(LED_PIN, OUTPUT);
    pinMode(BUTTON_PIN, INPUT_PULLUP);
    Serial.begin(115200);
    ticked = millis();
    gen_loop_init(&tasks, gen_clock_ticks(&ticks, ticked));
    press_queue_init(&presses, press_slots, sizeof press_slots / sizeof press_slots[0]);
    gen_spawn(&tasks, &heartbeat_task, gen_async_init(&heartbeat.gen, heartbeat_body));
    gen_spawn(&tasks, &button_task, gen_async_init(&button.gen, button_body));
    gen_spawn(&tasks, &reporter_task, gen_async_init(&reporter.gen, reporter_body));
}

void loop()
{
    // the clock catches up with millis(), one tick per millisecond...
    for (unsigned long now = millis(); ticked != now; ticked++)
        gen_clock_tick(&ticks);
    // ...and the loop runs one pass: due sleepers wake, ready tasks run
    gen_loop_step(&tasks);
}
