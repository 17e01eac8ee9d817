#!/usr/bin/env bash
# test/matrix/install.sh - installs every Debian 12 package `make matrix` uses.
# Run as root (CI is). Idempotent: on a machine that has them it only confirms.
# Packages apt cannot find are reported and the rest still installed; the
# cells that need a missing one then FAIL in run.sh with the reason.
set -u
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends"

PKGS="
 gcc g++ libc6-dev make binutils valgrind libasan8 libubsan1
 gcc-12-multilib g++-12-multilib
 clang clang-19 llvm-19
 tcc pcc chibicc musl-tools
 qemu-user
 gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
 gcc-aarch64-linux-gnu libc6-dev-arm64-cross
 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
 gcc-mips-linux-gnu libc6-dev-mips-cross
 gcc-powerpc-linux-gnu libc6-dev-powerpc-cross
 gcc-s390x-linux-gnu libc6-dev-s390x-cross
 gcc-m68k-linux-gnu libc6-dev-m68k-cross
 gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi qemu-system-arm
 gcc-avr avr-libc binutils-avr simavr
 sdcc sdcc-ucsim cc65
 gcc-mingw-w64-x86-64-win32
"

t0=$(date +%s)
apt-get update -q || echo "install.sh: apt-get update failed" >&2
# one transaction; if it fails (a package not found), install one by one so
# the rest still arrive and the missing ones are named
if ! $APT $PKGS; then
    missing=""
    for p in $PKGS; do
        $APT "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -n "$missing" ] && echo "install.sh: could not install:$missing" >&2
fi
echo "install.sh: done in $(( $(date +%s) - t0 )) s"
