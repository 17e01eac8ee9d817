#!/usr/bin/env python3
"""linecount.py - how many lines each example takes in C and in Python.

Counts the non-blank lines that are not only comment, in each C twin
(examples/NAME.c) and its Python twin (test/py/NAME.py), and prints a
markdown table: the seed articles' examples first (their total against
Python's is issue 14's measure), then the others. `--check FILE` also
checks that FILE (the README) holds this very table, and exits 1 if not.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# the examples that are twins of the seed articles' Python (../shared/seeds)
SEED = ["fibonacci", "fetch_data", "my_coroutine", "read_file", "tasks", "hello_server",
        "count_up_to", "genexpr", "chain", "echo", "gather", "error_handling",
        "task_management", "async_gen", "round_robin", "number_generator", "greet"]


def c_lines(path):
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return sum(1 for line in text.splitlines() if line.strip())


def py_lines(path):
    return sum(1 for line in open(path) if line.strip() and not line.strip().startswith("#"))


def table():
    names = sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join(ROOT, "examples"))
                   if f.endswith(".c"))
    rows = ["| example | C lines | Python lines | C / Python |", "|---|---:|---:|---:|"]
    tot = {True: [0, 0], False: [0, 0]}
    for seed in (True, False):
        for n in names:
            if (n in SEED) != seed:
                continue
            c = c_lines(os.path.join(ROOT, "examples", n + ".c"))
            p = py_lines(os.path.join(ROOT, "test", "py", n + ".py"))
            tot[seed][0] += c
            tot[seed][1] += p
            rows.append("| %s%s | %d | %d | %.1fx |" % (n, "" if seed else " (not a seed's)", c, p, c / p))
        c, p = tot[seed]
        rows.append("| **%s** | **%d** | **%d** | **%.2fx** |" % (
            "the seeds' examples" if seed else "the others", c, p, c / p))
    return "\n".join(rows), tot[True]


def main():
    text, (c, p) = table()
    print(text)
    print("\nseed examples: C %d lines, Python %d lines: %.2fx (issue 14's target: 1.8x at most)"
          % (c, p, c / p))
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        if text not in open(sys.argv[2]).read():
            print("FAIL %s does not hold this table (paste it in)" % sys.argv[2])
            return 1
        print("PASS %s holds the line-count table" % sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
