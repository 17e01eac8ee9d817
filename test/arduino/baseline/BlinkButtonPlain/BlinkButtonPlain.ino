/* BlinkButtonPlain: examples/BlinkButton written without the library, as
   classic millis() state machines, for test/arduino/run.sh's size table
   (and the same checks under the simulator).

   The same behaviour: the LED on LED_BUILTIN (pin 13) blinks 500 ms on,
   500 ms off; each debounced press of the button on pin 2 (INPUT_PULLUP,
   pressed = LOW) switches between that and 100 ms on, 100 ms off; a level
   counts once the pin has kept it for 20 ms without a bounce. */

const uint8_t LED_PIN = LED_BUILTIN;
const uint8_t BUTTON_PIN = 2;
const unsigned long SLOW_MS = 500;
const unsigned long FAST_MS = 100;
const unsigned long DEBOUNCE_MS = 20;

static bool fast;

// the blinker's state
static uint8_t led = HIGH;          // the LED's level
static unsigned long led_since;     // when it last changed

// the debouncer's state
static uint8_t level = HIGH;        // the debounced level
static bool settling;               // the pin left it: wait DEBOUNCE_MS
static unsigned long level_since;   // when it left it

void setup()
{
    pinMode(LED_PIN, OUTPUT);
    pinMode(BUTTON_PIN, INPUT_PULLUP);
    digitalWrite(LED_PIN, led);
    led_since = millis();
}

void loop()
{
    if (millis() - led_since >= (fast ? FAST_MS : SLOW_MS)) {
        led = led == HIGH ? LOW : HIGH;
        digitalWrite(LED_PIN, led);
        led_since = millis();
    }

    uint8_t raw = digitalRead(BUTTON_PIN);
    if (!settling) {
        if (raw != level) {
            settling = true;
            level_since = millis();
        }
    } else if (raw == level) {
        settling = false; // a bounce back: start over
    } else if (millis() - level_since >= DEBOUNCE_MS) {
        settling = false;
        level = raw;
        if (level == LOW) // pressed
            fast = !fast;
    }
}
