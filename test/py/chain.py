import itertools

def generator_one():
    yield 1
    yield 2

def generator_two():
    yield 3
    yield 4

chained = itertools.chain(generator_one(), generator_two())
for item in chained:
    print(item)  # Output: 1, 2, 3, 4
