"""bench/layouts.py - the code layouts make bench (bench/run.py) and
bench/whatif.py --time time the port on: where a function starts within
a 64-byte block moves a few-nanosecond round trip by up to a third on
some machines, so a figure in time is a median over these layouts."""

LAYOUTS = range(0, 64, 8)   # every function's entry K bytes into a 64-byte block


def layout_flags(k):
    """gcc's and clang's flags for layout K of LAYOUTS."""
    return ["-falign-functions=64"] + (["-fpatchable-function-entry=%d,%d" % (k, k)] if k else [])
