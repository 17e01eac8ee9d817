# yield_from: a delegating generator (grouper) runs a sub-generator
# (averager) with yield from; the values sent to the grouper reach the
# averager, and what the averager returns becomes the value of yield from.
# C twin: examples/yield_from.c
from collections import namedtuple

Result = namedtuple("Result", "count average")


def averager():
    total = 0.0
    count = 0
    average = 0.0
    while True:
        term = yield average  # the running average so far
        if term is None:  # the sentinel: stop and return the result
            break
        total += term
        count += 1
        average = total / count
    return Result(count, average)


def grouper(results, key):
    while True:
        results[key] = yield from averager()


data = {
    "girls;kg": [40.9, 38.5, 44.3, 42.2],
    "boys;m": [1.38, 1.5, 1.32, 1.25, 1.37],
}

results = {}
for key, values in data.items():
    group = grouper(results, key)
    next(group)  # prime: runs into the averager's first yield
    for value in values:
        average = group.send(value)
        print("{}: sent {:.2f}, running average {:.2f}".format(key, value, average))
    group.send(None)  # the averager returns; grouper starts a new one

for key, result in results.items():
    group, unit = key.split(";")
    print("{:2} {:5} averaging {:.2f}{}".format(result.count, group, result.average, unit))
