# i2c_regs: an I2C register read as a driver does it: wait until the bus is
# free, claim it, write the register address (a NACKing device is tried
# again after a pause), read n bytes, all within one deadline. It fails with
# the driver's own error codes (an exception carrying the code, which the
# caller catches); its finally block releases the bus however it ends. The
# bus is a test double playing a scenario tick by tick.
# C twin: examples/i2c_regs.c

CORO_ERROR_USER = -16
I2C_ERR_TIMEOUT = CORO_ERROR_USER
I2C_ERR_NACK = CORO_ERROR_USER - 1

I2C_TRIES = 3
I2C_PAUSE = 2
I2C_DEADLINE = 16

I2C_EV_NONE, I2C_EV_ACK, I2C_EV_NACK, I2C_EV_DONE = range(4)


class I2CError(Exception):
    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


# ---- the driver -------------------------------------------------------------

class I2C:
    def __init__(self):
        self.event = I2C_EV_NONE  # the ISR writes it, the driver clears it


def i2c_isr(bus, event):
    bus.event = event


class I2CRead:
    def __init__(self, dev, reg, n):
        self.dev, self.reg, self.n = dev, reg, n
        self.buf = [0] * n
        self.tries = 0
        self.claimed = False
        self.ev = I2C_EV_NONE
        self.start = self.pause = 0


def late(x):
    return hal_ticks() - x.start >= I2C_DEADLINE


def event_or_late(x, bus):
    x.ev = bus.event
    return x.ev != I2C_EV_NONE or late(x)


def i2c_read_regs(x, bus):
    x.tries = 0
    x.claimed = False
    x.start = hal_ticks()
    try:
        while not (not hal_i2c_busy() or late(x)):
            yield
        if late(x):
            raise I2CError(I2C_ERR_TIMEOUT)  # nothing to release yet
        hal_i2c_claim()
        x.claimed = True
        while True:  # the address phase, tried again while the device NACKs
            x.tries += 1
            bus.event = I2C_EV_NONE
            hal_i2c_write(x.dev, x.reg)
            while not event_or_late(x, bus):
                yield
            if x.ev == I2C_EV_ACK:
                break
            if x.ev == I2C_EV_NONE:
                raise I2CError(I2C_ERR_TIMEOUT)
            if x.tries == I2C_TRIES:
                raise I2CError(I2C_ERR_NACK)
            hal_i2c_stop()
            x.pause = hal_ticks()
            while not hal_ticks() - x.pause >= I2C_PAUSE:
                yield
        bus.event = I2C_EV_NONE
        hal_i2c_read(x.dev, x.n)
        while not event_or_late(x, bus):
            yield
        if x.ev != I2C_EV_DONE:
            raise I2CError(I2C_ERR_TIMEOUT)  # a device holding the clock low, say
        for i in range(x.n):
            x.buf[i] = hal_i2c_data()
    finally:
        if x.claimed:
            hal_i2c_stop()
            hal_i2c_release()
            x.claimed = False


# ---- the test double and the caller -----------------------------------------

NEVER = 0xFFFF

scenarios = [
    # what, busy ticks, NACKs, stuck, register
    ("the bus is free, the device ACKs", 0, 0, False, 0x10),
    ("the bus is busy for 3 ticks, the device NACKs twice", 3, 2, False, 0x20),
    ("the device NACKs every try", 0, 9, False, 0x30),
    ("the device holds the clock low during the read", 0, 0, True, 0x40),
    ("another master never lets go of the bus", NEVER, 0, False, 0x50),
]


class Sim:
    pass


sim = Sim()
tick = 0
ev_names = ["none", "ACK", "NACK", "read done"]


def hal_ticks():
    return tick


def hal_i2c_busy():
    return tick < sim.busy


def hal_i2c_claim():
    sim.claims += 1
    print("  tick {}: claim the bus".format(tick))


def hal_i2c_release():
    sim.releases += 1
    print("  tick {}: release the bus".format(tick))


def hal_i2c_write(dev, reg):
    print("  tick {}: START 0x{:02x}+W, register 0x{:02x}".format(tick, dev, reg))
    sim.reg = reg
    sim.event = I2C_EV_ACK
    if sim.nacks > 0:
        sim.nacks -= 1
        sim.event = I2C_EV_NACK
    sim.due = tick + 1


def hal_i2c_read(dev, n):
    print("  tick {}: START 0x{:02x}+R, {} bytes".format(tick, dev, n))
    if sim.stuck:
        print("  tick {}: the device holds the clock low".format(tick))
        return  # no interrupt will come
    sim.event = I2C_EV_DONE
    sim.due = tick + 1


def hal_i2c_data():
    v = (sim.reg ^ 0x5A) & 0xFF  # the device's registers
    sim.reg = (sim.reg + 1) & 0xFF
    return v


def hal_i2c_stop():
    print("  tick {}: STOP".format(tick))
    sim.event = I2C_EV_NONE


def sim_step(bus):
    if tick == 0 and hal_i2c_busy():
        print("  tick {}: the bus is busy (another master)".format(tick))
    if tick != 0 and tick == sim.busy:
        print("  tick {}: the bus is free".format(tick))
    if sim.event != I2C_EV_NONE and sim.due == tick:
        print("  tick {}: interrupt: {}".format(tick, ev_names[sim.event]))
        i2c_isr(bus, sim.event)
        sim.event = I2C_EV_NONE


def i2c_error_name(rc):
    return {I2C_ERR_TIMEOUT: "I2C_ERR_TIMEOUT", I2C_ERR_NACK: "I2C_ERR_NACK"}.get(rc, "a coro.h error")


bus = I2C()
ok = 0
for i, (what, busy, nacks, stuck, reg) in enumerate(scenarios):
    sim.busy, sim.nacks, sim.stuck = busy, nacks, stuck
    sim.event = I2C_EV_NONE
    sim.due = 0
    sim.reg = 0
    sim.claims = sim.releases = 0
    print("{}. {}: read 2 bytes from register 0x{:02x}".format(i + 1, what, reg))
    x = I2CRead(0x48, reg, 2)
    transaction = i2c_read_regs(x, bus)
    tick = 0
    while True:
        sim_step(bus)
        try:
            next(transaction)
        except StopIteration:
            rc = 0
            break
        except I2CError as e:
            rc = e.code
            break
        tick += 1
    if rc == 0:
        ok += 1
        print("  -> done at tick {}, tries {}: 0x{:02x} 0x{:02x}".format(
            tick, x.tries, x.buf[0], x.buf[1]))
    else:
        print("  -> failed at tick {}, tries {}: {} {}".format(
            tick, x.tries, rc, i2c_error_name(rc)))
    print("  bus claimed {}, released {}".format(sim.claims, sim.releases))
print("{} of {} transactions done".format(ok, len(scenarios)))
