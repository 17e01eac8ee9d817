# throw: an error thrown into a generator is caught at one yield and the
# generator goes on; a second one, thrown at an unprotected yield, propagates.
# C twin: examples/throw.c


def tolerant():
    try:
        yield 1
    except ValueError as e:  # only this yield is protected
        print("tolerant: caught ValueError: {}".format(e))
    yield 2  # an error thrown here ends the generator
    print("tolerant: never printed")


g = tolerant()
print("next -> {}".format(next(g)))
print("throw -> {}".format(g.throw(ValueError("first bad value"))))
try:
    g.throw(ValueError("second bad value"))
except ValueError as e:
    print("throw raised ValueError: {}".format(e))
try:
    next(g)
except StopIteration:
    print("next -> exhausted")
