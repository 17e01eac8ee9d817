/* read_file: seed 001's `contents = await read_file("example.txt")`, read
   in chunks through the loop while a heartbeat task shows that the loop
   keeps running (test/py/read_file.py).

   Why a pipe: a regular file is always "ready" to poll() (and epoll
   refuses it), so no event loop can wait for a disk read; asyncio has no
   async file read either. What can be waited on honestly is a pipe: here
   from a child process that takes a second before it produces the file,
   as a slow device or a network file system would. The child is
   `sh -c 'sleep 1; exec cat FILE'`; the loop waits on the pipe's read end
   with GEN_WAIT_READABLE and reads what is there, 64 bytes at a time.
   NOT ON THE VIRTUAL CLOCK: its child sleeps in real time */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock, poll() */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>
#include "gen.h"

static gen_loop_t loop;

/* the child that plays the slow device: its stdout is the pipe; returns
   the pipe's read end (non-blocking), or -1 */
static int start_slow_cat(const char *name, pid_t *pid)
{
    char cmd[256];
    int p[2];
    snprintf(cmd, sizeof cmd, "sleep 1; exec cat '%s'", name);
    if (pipe(p) != 0)
        return -1;
    *pid = fork();
    if (*pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execlp("sh", "sh", "-c", cmd, (char *)0);
        _exit(127);
    }
    close(p[1]);
    if (*pid < 0) {
        close(p[0]);
        return -1;
    }
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    return p[0];
}

/* async def read_file(filename) -> contents (in buf, len bytes) */
struct read_file {
    gen_async gen;
    const char *name;     /* argument */
    char *buf;            /* where the contents go, cap bytes */
    size_t cap, len;
    int fd;
    pid_t pid;
    gen_io_t io;          /* the wait on the pipe */
};

static int read_file_body(gen_async *g)
{
    struct read_file *f = GEN_SELF(struct read_file, gen, g);
    GEN_BEGIN(g);
    printf("Reading %s...\n", f->name);
    fflush(stdout); /* the child must not inherit unwritten output */
    f->len = 0;
    f->fd = start_slow_cat(f->name, &f->pid);
    if (f->fd < 0)
        GEN_FAIL(g, errno, "cannot start the reader");
    for (;;) {
        GEN_WAIT_READABLE(g, &f->io, f->fd, GEN_FOREVER); /* await the next chunk */
        if (f->io.result == GEN_IO_ERROR)
            GEN_FAIL(g, f->io.err, "waiting on the pipe failed");
        {
            size_t room = f->cap - f->len < 64 ? f->cap - f->len : 64;
            ssize_t n = read(f->fd, f->buf + f->len, room);
            if (n == 0 || room == 0)
                break; /* the end of the file (or of our buffer) */
            if (n > 0)
                f->len += (size_t)n;
            else if (errno != EAGAIN && errno != EINTR)
                GEN_FAIL(g, errno, "read failed");
        }
    }
    printf("Finished reading %s\n", f->name);
    GEN_FINALLY(g); /* also on an error or a cancellation */
    if (f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
        waitpid(f->pid, 0, 0);
    }
    GEN_END(g);
}

static gen_async *read_file(struct read_file *f, const char *name, char *buf, size_t cap)
{
    f->name = name;
    f->buf = buf;
    f->cap = cap;
    f->fd = -1;
    return gen_async_init(&f->gen, read_file_body);
}

/* ticks every 0.4 s until `done` is set */
static gen_event_t done;

struct heartbeat { gen_async gen; int n; };

static int heartbeat_body(gen_async *g)
{
    struct heartbeat *h = GEN_SELF(struct heartbeat, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_EVENT_WAIT_FOR(g, &done, 400); /* try: await wait_for(done.wait(), 0.4) */
        if (!gen_timed_out(g))
            break;
        printf("tick %d: the loop runs while the file is read\n", ++h->n); /* except TimeoutError */
    }
    GEN_END(g);
}

struct main_frame {
    gen_async gen;
    struct read_file file;
    struct heartbeat beat;
    gen_task_t beat_task;
    char contents[1024];
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    m->beat.n = 0;
    gen_spawn(&loop, &m->beat_task, gen_async_init(&m->beat.gen, heartbeat_body));
    GEN_AWAIT(g, read_file(&m->file, "examples/example.txt", m->contents, sizeof m->contents));
    gen_event_set(&done);
    GEN_AWAIT_TASK(g, &m->beat_task);
    {
        size_t i, lines = 0, first = m->file.len;
        for (i = 0; i < m->file.len; i++)
            if (m->contents[i] == '\n' && lines++ == 0)
                first = i;
        printf("read %lu bytes in %lu lines; the first: %.*s\n", (unsigned long)m->file.len,
               (unsigned long)lines, (int)first, m->contents);
    }
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    static struct main_frame frame;
    int rc = gen_run(&loop, gen_async_init(&frame.gen, main_body));
    if (rc != GEN_DONE)
        fprintf(stderr, "read_file: %s\n", rc == GEN_ERROR ? gen_error(&frame.gen)->msg : gen_strerror(rc));
    return rc == GEN_DONE ? 0 : 1;
}
