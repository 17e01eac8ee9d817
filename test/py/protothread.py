# protothread: a producer and a consumer handing items over through a shared
# flag, the consumer delegating each item to a worker, all run in turns by a
# round-robin scheduler, one step per tick.
# C twin: examples/protothread.c


class Channel:
    def __init__(self):
        self.full = False
        self.item = None


def worker(item):
    for step in (1, 2):
        print("  worker: item {} step {}".format(item, step))
        yield


def producer(ch):
    for i in range(1, 4):
        ch.item = i * 10
        ch.full = True
        print("producer: put {}".format(ch.item))
        while ch.full:  # wait while the consumer has not taken it
            yield
    print("producer: done")


def consumer(ch):
    for _ in range(3):
        while not ch.full:  # wait until there is an item
            yield
        item = ch.item
        ch.full = False
        print("consumer: got {}".format(item))
        yield from worker(item)  # run a child task to its end
    print("consumer: done")


ch = Channel()
tasks = [producer(ch), consumer(ch)]
tick = 0
while tasks:
    print("tick {}".format(tick))
    for task in list(tasks):
        try:
            next(task)
        except StopIteration:
            tasks.remove(task)
    tick += 1
print("all done after {} ticks".format(tick))
