def foo():
    for i in range(5):
        print("Foo: {}".format(i))
        yield

def bar():
    for i in range(3):
        print("Bar: {}".format(i))
        yield

# Create two generators and run them concurrently
g1 = foo()
g2 = bar()

while True:
    try:
        next(g1)
    except StopIteration:
        break

    try:
        next(g2)
    except StopIteration:
        break
