def number_generator():
    for i in range(1, 10):
        yield i

# Usage:
gen = number_generator()
for num in gen:
    print(num)
