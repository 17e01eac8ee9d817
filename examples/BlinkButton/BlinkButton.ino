/* BlinkButton: a blinker and a debounced push button as two protothreads
   (coro.h alone), each a function that waits for its moment and carries
   on where it stopped, without delay() and without a hand-written state
   machine.

   Wiring (an Uno): the LED on LED_BUILTIN (pin 13, PB5); a push button
   from pin 2 (PD2) to GND, read with the internal pull-up (INPUT_PULLUP):
   released reads HIGH, pressed reads LOW.

   Behaviour:
   - the LED blinks 500 ms on, 500 ms off (slow);
   - each press of the button switches between slow and fast blinking
     (100 ms on, 100 ms off); releasing it does nothing;
   - the button is debounced: a new level counts once the pin has kept it
     for DEBOUNCE_MS (20 ms) without a bounce, so a bouncing press counts
     once and a shorter glitch not at all.

   test/arduino/run.sh builds this sketch for an Uno and checks all of
   that on the simulated ATmega328P (test/arduino/sim_blink.c);
   test/arduino/baseline/BlinkButtonPlain is the same behaviour written
   as a classic millis() state machine, for the size comparison. */
#include <coro.h>

const uint8_t LED_PIN = LED_BUILTIN;
const uint8_t BUTTON_PIN = 2;
const unsigned long SLOW_MS = 500;   // half a period: on for this long, then off
const unsigned long FAST_MS = 100;
const unsigned long DEBOUNCE_MS = 20;

static bool fast; // which speed the blinker uses: the button flips it

// A protothread's frame: its coro_t and every variable that must keep its
// value while it waits (a local would not survive a wait).
struct blinker {
    coro_t co;
    unsigned long since; // when the LED last changed
};

struct button {
    coro_t co;
    uint8_t level;       // the debounced level: HIGH (released) or LOW (pressed)
    uint8_t raw;         // the level last read
    unsigned long since; // when the pin left the debounced level
};

static struct blinker blinker;
static struct button button;

static unsigned long half_period() { return fast ? FAST_MS : SLOW_MS; }

static int blink(struct blinker *b)
{
    CORO_BEGIN(&b->co);
    for (;;) {
        digitalWrite(LED_PIN, HIGH);
        b->since = millis();
        CORO_WAIT_UNTIL(millis() - b->since >= half_period());
        digitalWrite(LED_PIN, LOW);
        b->since = millis();
        CORO_WAIT_UNTIL(millis() - b->since >= half_period());
    }
    CORO_END();
}

static int debounce(struct button *b)
{
    CORO_BEGIN(&b->co);
    b->level = HIGH;
    for (;;) {
        // wait for the pin to leave the debounced level...
        CORO_WAIT_UNTIL(digitalRead(BUTTON_PIN) != b->level);
        // ...then for it to stay away DEBOUNCE_MS; a bounce back starts over
        b->since = millis();
        CORO_WAIT_UNTIL((b->raw = digitalRead(BUTTON_PIN)) == b->level ||
                        millis() - b->since >= DEBOUNCE_MS);
        if (b->raw != b->level) { // it stayed: a new level
            b->level = b->raw;
            if (b->level == LOW) // pressed
                fast = !fast;
        }
    }
    CORO_END();
}

void setup()
{
    pinMode(LED_PIN, OUTPUT);
    pinMode(BUTTON_PIN, INPUT_PULLUP);
    // static frames start zeroed: a zeroed coro_t is a fresh coroutine
}

void loop()
{
    // each call runs a protothread until it waits again (microseconds)
    blink(&blinker);
    debounce(&button);
}
