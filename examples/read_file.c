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

/* async def read_file(filename) -> contents: the caller sets name (the
   argument); the contents come back in the frame (buf, len bytes) */
GEN_FUNCTION(gen_async, read_file,
             const char *name;     /* argument */
             char buf[1024];       /* the contents */
             size_t len;
             int fd;
             pid_t pid;
             gen_io_t io;)         /* the wait on the pipe */
{
    GEN_BEGIN(g);
    printf("Reading %s...\n", f->name);
    fflush(stdout); /* the child must not inherit unwritten output */
    f->len = 0;
    f->fd = start_slow_cat(f->name, &f->pid); /* set before any suspension: finally reads it */
    if (f->fd < 0)
        GEN_FAIL(g, errno, "cannot start the reader");
    for (;;) {
        GEN_WAIT_READABLE(g, &f->io, f->fd, GEN_FOREVER); /* await the next chunk */
        if (f->io.result == GEN_IO_ERROR)
            GEN_FAIL(g, f->io.err, "waiting on the pipe failed");
        {
            size_t room = sizeof f->buf - f->len < 64 ? sizeof f->buf - f->len : 64;
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

/* ticks every 0.4 s until `done` is set */
static gen_event_t done;

GEN_FUNCTION(gen_async, heartbeat, int n;) /* async def heartbeat(done) */
{
    GEN_BEGIN(g);
    f->n = 0; /* n = 0 */
    for (;;) {
        GEN_EVENT_WAIT_FOR(g, &done, 400); /* try: await wait_for(done.wait(), 0.4) */
        if (!gen_timed_out(g))
            break;
        printf("tick %d: the loop runs while the file is read\n", ++f->n); /* except TimeoutError */
    }
    GEN_END(g);
}

/* async def main() (C's main is taken) */
GEN_FUNCTION(gen_async, main_task,
             struct read_file file;
             struct heartbeat beat;
             gen_task_t beat_task;)
{
    GEN_BEGIN(g);
    gen_spawn(&loop, &f->beat_task, heartbeat(&f->beat));
    f->file.name = "examples/example.txt";
    GEN_AWAIT(g, read_file(&f->file)); /* contents = await read_file("examples/example.txt") */
    gen_event_set(&done);
    GEN_AWAIT_TASK(g, &f->beat_task);
    {
        size_t i, lines = 0, first = f->file.len;
        for (i = 0; i < f->file.len; i++)
            if (f->file.buf[i] == '\n' && lines++ == 0)
                first = i;
        printf("read %lu bytes in %lu lines; the first: %.*s\n", (unsigned long)f->file.len,
               (unsigned long)lines, (int)first, f->file.buf);
    }
    GEN_END(g);
}

int main(void) /* asyncio.run(main()) */
{
    static struct main_task frame;
    int rc = gen_run(&loop, main_task(&frame));
    if (rc != GEN_DONE)
        fprintf(stderr, "read_file: %s\n", rc == GEN_ERROR ? gen_error(&frame.gen)->msg : gen_strerror(rc));
    return rc == GEN_DONE ? 0 : 1;
}
