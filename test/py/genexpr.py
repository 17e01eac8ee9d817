gen = (x * 2 for x in range(5))
print(list(gen))  # Output: [0, 2, 4, 6, 8]
