/* host_io.c - gen.h's descriptor drivers on real descriptors (pipes,
   socket pairs, a child process): poll() and, on Linux, epoll. Host only:
   main_host.c runs it after the portable suite (t_timed.c tests the driver
   contract itself, with a test double, on every target). */
#define _POSIX_C_SOURCE 200809L
#include "unit.h"
#include "gen.h"
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

static gen_loop_t loop;
static gen_clock_t clk;
static struct pollfd fds[2];
static gen_io_t *ios[2];
static gen_poll_t poller;
#ifdef __linux__
static struct epoll_event events[4];
static gen_epoll_t epoller;
#endif
static int use_epoll;

/* a loop on the host clock (or the virtual one) with the driver under test */
static void start_io(int virtual_clock)
{
    gen_loop_init(&loop, virtual_clock ? gen_clock_virtual(&clk) : gen_clock_host(&clk));
    loop.idle = gen_idle_sleep;
#ifdef __linux__
    if (use_epoll) {
        loop.io = gen_epoll_init(&epoller, events, 4);
        CHECK(loop.io != 0);
        return;
    }
#endif
    loop.io = gen_poll_init(&poller, fds, ios, 2);
}

static void stop_io(void)
{
    CHECK_EQ(loop.io->waiting, 0);   /* every wait unregistered */
#ifdef __linux__
    if (use_epoll)
        gen_epoll_close(&epoller);
#endif
}

struct waiter { gen_async gen; gen_io_t io; int fd, write; gen_delay_t timeout; gen_time_t took; };

static int waiter_body(gen_async *g)
{
    struct waiter *w = GEN_SELF(struct waiter, gen, g);
    GEN_BEGIN(g);
    w->took = gen_now(&loop);
    if (w->write)
        GEN_WAIT_WRITABLE(g, &w->io, w->fd, w->timeout);
    else
        GEN_WAIT_READABLE(g, &w->io, w->fd, w->timeout);
    w->took = (gen_time_t)(gen_now(&loop) - w->took);
    GEN_END(g);
}

struct writer { gen_async gen; int fd; gen_delay_t after; };

static int writer_body(gen_async *g)
{
    struct writer *w = GEN_SELF(struct writer, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, w->after);
    CHECK_EQ(write(w->fd, "x", 1), 1);
    GEN_END(g);
}

static void spawn_waiter(struct waiter *w, gen_task_t *t, int fd, int wr, gen_delay_t timeout)
{
    w->fd = fd;
    w->write = wr;
    w->timeout = timeout;
    gen_spawn(&loop, t, gen_async_init(&w->gen, waiter_body));
}

/* readable after a task writes 20 ms later; the pipe's write end is
   writable at once */
static void pipe_ready(void)
{
    struct waiter r, w;
    struct writer wr;
    gen_task_t t1, t2, t3;
    int p[2];
    char c = 0;
    CHECK_EQ(pipe(p), 0);
    start_io(0);
    spawn_waiter(&r, &t1, p[0], 0, 2000);
    spawn_waiter(&w, &t2, p[1], 1, 2000);
    wr.fd = p[1];
    wr.after = 20;
    gen_spawn(&loop, &t3, gen_async_init(&wr.gen, writer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(r.io.result, GEN_IO_READY);
    CHECK_EQ(w.io.result, GEN_IO_READY);
    CHECK(r.took >= 20 && r.took < 1000);
    CHECK_EQ(read(p[0], &c, 1), 1);
    CHECK_EQ(c, 'x');
    stop_io();
    close(p[0]);
    close(p[1]);
}

/* nothing comes: the timeout, in real time */
static void socket_timeout(void)
{
    struct waiter r;
    gen_task_t t;
    int s[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
    start_io(0);
    spawn_waiter(&r, &t, s[0], 0, 30);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(r.io.result, GEN_IO_TIMEOUT);
    CHECK(r.took >= 30 && r.took < 1000);
    stop_io();
    close(s[0]);
    close(s[1]);
}

/* a pipe whose writer is gone, with nothing in it: a hang-up (Linux
   reports POLLHUP alone); a closed descriptor: an error, EBADF */
static void hangup_and_bad_fd(void)
{
    struct waiter r, b;
    gen_task_t t1, t2;
    int p[2], q[2];
    start_io(0);                     /* first: epoll's own descriptor */
    CHECK_EQ(pipe(p), 0);
    CHECK_EQ(pipe(q), 0);
    close(p[1]);
    close(q[0]);
    close(q[1]);                     /* q[0] is no descriptor now */
    spawn_waiter(&r, &t1, p[0], 0, 1000);
    spawn_waiter(&b, &t2, q[0], 0, 1000);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
#ifdef __linux__
    CHECK_EQ(r.io.result, GEN_IO_HANGUP);
#else
    CHECK(r.io.result == GEN_IO_HANGUP || r.io.result == GEN_IO_READY);
#endif
    CHECK_EQ(b.io.result, GEN_IO_ERROR);
    CHECK_EQ(b.io.err, EBADF);
    stop_io();
    close(p[0]);
}

/* the poll driver's slots are the caller's: one more wait is refused */
static void driver_full(void)
{
    struct waiter w[3];
    gen_task_t t[3];
    int s[2], i;
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
    start_io(0);
    for (i = 0; i < 3; i++)
        spawn_waiter(&w[i], &t[i], s[0], 0, 10);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    if (use_epoll) {                 /* one wait per descriptor */
        CHECK_EQ(w[0].io.result, GEN_IO_TIMEOUT);
        CHECK_EQ(w[1].io.result, GEN_IO_ERROR);
        CHECK_EQ(w[1].io.err, EEXIST);
    } else {                         /* two slots */
        CHECK_EQ(w[1].io.result, GEN_IO_TIMEOUT);
        CHECK_EQ(w[2].io.result, GEN_IO_ERROR);
        CHECK_EQ(w[2].io.err, ENOSPC);
    }
    stop_io();
    close(s[0]);
    close(s[1]);
}

/* no timer, no ready task, one wait: the loop blocks in the driver until a
   child process writes (30 ms later); before the driver existed this was
   GEN_ERROR_DEADLOCK */
static void blocks_without_timer(void)
{
    struct waiter r;
    gen_task_t t;
    int p[2], status = -1;
    pid_t pid;
    CHECK_EQ(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 30000000L };
        nanosleep(&ts, 0);
        if (write(p[1], "y", 1) != 1)
            _exit(1);
        _exit(0);
    }
    CHECK(pid > 0);
    start_io(0);
    spawn_waiter(&r, &t, p[0], 0, GEN_FOREVER);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(r.io.result, GEN_IO_READY);
    CHECK(r.took >= 20);
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK_EQ(status, 0);
    stop_io();
    close(p[0]);
    close(p[1]);
}

/* on the virtual clock, time moves on only when no descriptor is ready:
   data written at time 0 is seen at time 0, before a sleep's deadline */
static void virtual_clock_waits_for_ready_io(void)
{
    struct waiter r;
    struct writer wr;
    gen_task_t t1, t2;
    int s[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
    start_io(1);
    spawn_waiter(&r, &t1, s[0], 0, 500);
    wr.fd = s[1];
    wr.after = 0;
    gen_spawn(&loop, &t2, gen_async_init(&wr.gen, writer_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(r.io.result, GEN_IO_READY);
    CHECK_EQ(r.took, 0);
    CHECK_EQ(gen_now(&loop), 0);     /* the timeout's timer went with it */
    stop_io();
    close(s[0]);
    close(s[1]);
}

/* gen_run waits on descriptors with its own driver (poll(), or epoll
   with GEN_IO_EPOLL) */
static int run_fd = -1;
static unsigned char run_result;

static int run_main(gen_async *g)
{
    static gen_io_t io;
    GEN_BEGIN(g);
    GEN_WAIT_READABLE(g, &io, run_fd, 1000);
    run_result = io.result;
    GEN_END(g);
}

static void gen_run_has_a_driver(void)
{
    gen_async m;
    int p[2];
    CHECK_EQ(pipe(p), 0);
    CHECK_EQ(write(p[1], "z", 1), 1);
    run_fd = p[0];
    run_result = 0;
    CHECK_EQ(gen_run(NULL, gen_async_init(&m, run_main)), GEN_DONE);
    CHECK_EQ(run_result, GEN_IO_READY);
    close(p[0]);
    close(p[1]);
}

/* each test under each driver */
#define BOTH(fn) \
    static void fn##_poll(void) { use_epoll = 0; fn(); } \
    static void fn##_epoll(void) { use_epoll = 1; fn(); }
BOTH(pipe_ready)
BOTH(socket_timeout)
BOTH(hangup_and_bad_fd)
BOTH(driver_full)
BOTH(blocks_without_timer)
BOTH(virtual_clock_waits_for_ready_io)

void host_io(void)
{
    RUN(pipe_ready_poll);
    RUN(socket_timeout_poll);
    RUN(hangup_and_bad_fd_poll);
    RUN(driver_full_poll);
    RUN(blocks_without_timer_poll);
    RUN(virtual_clock_waits_for_ready_io_poll);
#ifdef __linux__
    RUN(pipe_ready_epoll);
    RUN(socket_timeout_epoll);
    RUN(hangup_and_bad_fd_epoll);
    RUN(driver_full_epoll);
    RUN(blocks_without_timer_epoll);
    RUN(virtual_clock_waits_for_ready_io_epoll);
#endif
    RUN(gen_run_has_a_driver);
}
