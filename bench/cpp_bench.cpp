// bench/cpp_bench.cpp - the C++ alternatives, one produced value per round
// trip: a C++20 coroutine generator<long> (a minimal promise type) and
// Boost.Asio's stackless coroutine (boost/asio/coroutine.hpp, header-only).
// Built with g++ and clang++ -std=c++20 -O2.
// usage: cpp_bench VARIANT N   prints "ns_per_op <x>"; exits 1 on a bad checksum.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <utility>
#include <time.h>
#if __has_include(<boost/asio/coroutine.hpp>)
#include <boost/asio/coroutine.hpp>
#define HAVE_ASIO 1
#endif

#define SINK(v) __asm__ volatile("" : "+r"(v))

static double now_ns()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

template <class T> struct generator {
    struct promise_type {
        T value;
        generator get_return_object() { return generator{std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        std::suspend_always yield_value(T v) noexcept { value = v; return {}; }
        void return_void() noexcept {}
        void unhandled_exception() { std::terminate(); }
    };
    std::coroutine_handle<promise_type> h;
    explicit generator(std::coroutine_handle<promise_type> h_) : h(h_) {}
    generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
    ~generator() { if (h) h.destroy(); }
    bool next(T &out)
    {
        h.resume();
        if (h.done()) return false;
        out = h.promise().value;
        return true;
    }
};

static generator<long> counter()
{
    for (long i = 0;; i++)
        co_yield i;
}

static long run_cpp20(long n)
{
    generator<long> g = counter();
    long sum = 0, v = 0;
    for (long k = 0; k < n; k++) {
        if (!g.next(v)) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

#ifdef HAVE_ASIO
#include <boost/asio/yield.hpp>
struct asio_counter : boost::asio::coroutine {
    long i = 0;
    bool operator()(long &out)
    {
        reenter (this) {
            for (;;) {
                yield out = i++;
            }
        }
        return !is_complete();
    }
};
#include <boost/asio/unyield.hpp>

static long run_asio(long n)   // used directly: the compiler sees the body
{
    asio_counter c;
    long sum = 0, v = 0;
    for (long k = 0; k < n; k++) {
        if (!c(v)) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}

__attribute__((noinline)) static bool asio_step(asio_counter *c, long &out) { return (*c)(out); }

static long run_asio_fptr(long n)   // through a hidden function pointer
{
    asio_counter c;
    bool (*fp)(asio_counter *, long &) = asio_step;
    long sum = 0, v = 0;
    SINK(fp);
    for (long k = 0; k < n; k++) {
        if (!fp(&c, v)) return -1;
        SINK(v);
        sum += v;
    }
    return sum;
}
#endif

static const struct { const char *name; long (*run)(long); } variants[] = {
    {"cpp20", run_cpp20},
#ifdef HAVE_ASIO
    {"asio", run_asio},
    {"asio_fptr", run_asio_fptr},
#endif
};

int main(int argc, char **argv)
{
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    for (auto &v : variants) {
        if (argc > 1 && std::strcmp(argv[1], v.name) == 0) {
            long want = n * (n - 1) / 2;
            if (std::getenv("BENCH_WARM")) v.run(n / 10 + 1);
            double t0 = now_ns();
            long got = v.run(n);
            double t1 = now_ns();
            if (got != want) {
                std::fprintf(stderr, "%s: checksum %ld, expected %ld\n", argv[1], got, want);
                return 1;
            }
            std::printf("ns_per_op %.4f\n", (t1 - t0) / (double)n);
            return 0;
        }
    }
    std::fprintf(stderr, "usage: %s VARIANT N\n", argv[0]);
    return 2;
}
