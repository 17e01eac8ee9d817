# blinker_pt: blinker.py's tasks (the same generators, yielding the ticks
# to sleep) on a small loop, the way examples/blinker_pt.c's gen_pt_step
# runs them: each pass calls every task once, in the order they were
# started, but a task whose deadline has not come yet; when no task is
# due, the loop "sleeps" (WFI) until the earliest deadline.
# C twin: examples/blinker_pt.c
import importlib.util
import os

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("blinker", os.path.join(here, "blinker.py"))
blinker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(blinker)  # its tasks and its tick counter, blinker.now

def run(tasks):
    tasks = [[task, 0] for task in tasks]  # each task and its deadline
    passes = wfis = 0
    while True:
        passes += 1
        for entry in list(tasks):
            task, due = entry
            if due > blinker.now:
                continue  # still asleep
            try:
                entry[1] = blinker.now + next(task)
            except StopIteration:
                tasks.remove(entry)
        if not tasks:
            return passes, wfis
        earliest = min(due for _, due in tasks)
        if earliest > blinker.now:
            wfis += 1
            blinker.now = earliest  # the timer interrupt ticks until then

passes, wfis = run([blinker.blinker(), blinker.debouncer()])
print(f"{blinker.now:5} done, {wfis} sleeps, {passes} passes")
