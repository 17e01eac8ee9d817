def echo():
    while True:
        value = yield
        print(value)

gen = echo()
next(gen)  # Initialize the generator
gen.send('Hello!')  # Output: Hello!
gen.send('World!')  # Output: World!
