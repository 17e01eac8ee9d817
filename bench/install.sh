#!/bin/sh
# bench/install.sh - install what `make bench` needs (Debian): valgrind for
# instruction counts, gnuplot-nox for the chart, Boost (header-only Asio
# coroutine), g++ and clang++ with C++20 coroutines, wrk and Debian's
# python3-aiohttp for the network benchmark (bench/net_bench.py: its aiohttp
# twin runs under /usr/bin/python3). python3 is assumed.
set -e
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=600 build-essential g++ valgrind gnuplot-nox libboost-dev util-linux python3 wrk python3-aiohttp
# clang++ with <coroutine> support: any of clang-19..14 that the distribution has
if ! command -v clang++-19 >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
    $SUDO apt-get install -y --no-install-recommends clang || true
fi
