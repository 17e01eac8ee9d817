# close_cleanup: a generator's finally block runs when it ends normally and
# when it is closed mid-way; closing it again (or before it starts) does
# nothing; a finally block that yields makes close() fail.
# C twin: examples/close_cleanup.c


def resource(name):
    print("{}: open".format(name))
    closing = False
    try:
        for i in range(3):
            yield i
    except GeneratorExit:
        closing = True
        raise
    finally:
        print("{}: cleanup{}".format(name, " (closed)" if closing else ""))


print("-- normal end")
for v in resource("a"):
    print("a -> {}".format(v))

print("-- close mid-way")
g = resource("b")
print("b -> {}".format(next(g)))
g.close()
print("b closed")
g.close()
print("b closed again: nothing to do")

print("-- close before start")
g = resource("c")
g.close()
print("c closed without running")


def stubborn():
    try:
        yield 1
    finally:
        print("stubborn: cleanup yields")
        yield 2  # a finally block must not yield while closing
        print("stubborn: cleanup done")


print("-- finally that yields")
s = stubborn()
print("stubborn -> {}".format(next(s)))
try:
    s.close()
except RuntimeError as e:
    print("close raised RuntimeError: {}".format(e))
s.close()  # at the yield inside finally: GeneratorExit ends it
print("second close ended it")
