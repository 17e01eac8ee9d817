# blinker: firmware-style, on a tick clock (1 tick = 1 ms): an LED blinker
# and a button debouncer that samples a scripted, bouncing input. The tasks
# are generators yielding the number of ticks to sleep; a small scheduler
# runs them the way examples/blinker.c's loop does: due timers in deadline
# order (first come, first served on a tie), and when nothing is ready it
# "sleeps" (WFI) until the next deadline, the tick counter jumping ahead.
# C twin: examples/blinker.c
import heapq

now = 0  # the tick counter

# the button pin: (tick, level) at each change, with contact bounce
SCRIPT = [(300, 1), (312, 0), (327, 1),              # press, bouncing
          (900, 0), (905, 1), (914, 0),              # release, bouncing
          (1400, 1),                                 # clean press
          (1700, 0), (1708, 1), (1721, 0), (1733, 1), (1746, 0)]  # release

def read_button():
    level = 0
    for tick, value in SCRIPT:
        if tick <= now:
            level = value
    return level

def blinker():
    led = False
    for _ in range(8):
        led = not led
        print(f"{now:5} LED {'on' if led else 'off'}")
        yield 250

def debouncer():
    stable, count = 0, 0
    for _ in range(200):
        level = read_button()
        if level == stable:
            count = 0
        else:
            count += 1
            if count == 3:  # 3 samples in a row: accept the new level
                stable, count = level, 0
                print(f"{now:5} button {'pressed' if stable else 'released'}")
        yield 10

def run(tasks):
    global now
    ready, timers, seq, wfis = list(tasks), [], 0, 0
    while ready or timers:
        while timers and timers[0][0] <= now:
            ready.append(heapq.heappop(timers)[2])
        for task in ready:
            try:
                heapq.heappush(timers, (now + next(task), seq, task))
                seq += 1
            except StopIteration:
                pass
        ready = []
        if timers and timers[0][0] > now:
            wfis += 1
            now = timers[0][0]  # the idle hook: the timer interrupt ticks until then
    return wfis

if __name__ == "__main__":
    wfis = run([blinker(), debouncer()])
    print(f"{now:5} done, {wfis} sleeps")
