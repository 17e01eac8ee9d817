/* TickTasksPlain: examples/TickTasks written without the library, as
   classic millis() state machines, for test/arduino/run.sh's size table
   (and the same checks under the simulator).

   The same behaviour: the LED on LED_BUILTIN (pin 13) on for 100 ms, off
   for 900 ms, forever; the button on pin 2 (INPUT_PULLUP, pressed = LOW)
   sampled every 5 ms, a new level taken once 4 samples in a row agree;
   each press queued with its millis() time (a queue of 4) and printed as
   "press N at T ms" on Serial at 115200 baud. */

const uint8_t LED_PIN = LED_BUILTIN;
const uint8_t BUTTON_PIN = 2;
const unsigned long ON_MS = 100, OFF_MS = 900;
const unsigned long SAMPLE_MS = 5;
const uint8_t SAMPLES = 4;
const uint8_t QUEUE_CAP = 4;

// the heartbeat's state
static bool led_on;
static unsigned long led_due;       // when the LED changes next

// the button's state
static unsigned long sample_due;    // when to sample next
static uint8_t level = HIGH;        // the debounced level
static uint8_t agree;               // samples in a row that differ from it

// the queue of press times, and the reporter's count
static unsigned long queue[QUEUE_CAP];
static uint8_t head, count;
static unsigned presses;

void setup()
{
    pinMode(LED_PIN, OUTPUT);
    pinMode(BUTTON_PIN, INPUT_PULLUP);
    Serial.begin(115200);
    unsigned long now = millis();
    led_on = true;
    digitalWrite(LED_PIN, HIGH);
    led_due = now + ON_MS;
    sample_due = now + SAMPLE_MS;
}

void loop()
{
    unsigned long now = millis();

    // heartbeat
    if ((long)(now - led_due) >= 0) {
        led_on = !led_on;
        digitalWrite(LED_PIN, led_on ? HIGH : LOW);
        led_due += led_on ? ON_MS : OFF_MS;
    }

    // button
    if ((long)(now - sample_due) >= 0) {
        sample_due += SAMPLE_MS;
        if (digitalRead(BUTTON_PIN) == level) {
            agree = 0;
        } else if (++agree == SAMPLES) {
            agree = 0;
            level = !level;
            if (level == LOW && count < QUEUE_CAP) // pressed (a full queue drops it)
                queue[(head + count++) % QUEUE_CAP] = now;
        }
    }

    // reporter
    if (count) {
        unsigned long when = queue[head];
        head = (head + 1) % QUEUE_CAP;
        count--;
        presses++;
        Serial.print(F("press "));
        Serial.print(presses);
        Serial.print(F(" at "));
        Serial.print(when);
        Serial.println(F(" ms"));
    }
}
