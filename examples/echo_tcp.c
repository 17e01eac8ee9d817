/* echo_tcp: the smallest useful network program, an echo server and its
   client on 127.0.0.1 (test/py/echo_tcp.py, with asyncio streams, is its
   twin).

     echo_tcp                 demo: a server on a free port, a client that
                              sends three lines and prints each echo, then
                              leaves; the server says how many it echoed
     echo_tcp serve [PORT]    echo every connection's bytes back until
                              killed (port 8888)

   Each side waits with GEN_WAIT_READABLE / GEN_WAIT_WRITABLE and then calls
   read() or write() itself, as asyncio's add_reader and add_writer do
   underneath its streams. */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock, poll() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "gen.h"

static gen_loop_t loop;

/* ---- the server: one task per connection ------------------------------------ */

struct echo_conn {
    gen_async gen;
    gen_task_t task;
    int fd;
    gen_io_t io;
    char buf[512];
    size_t len, sent;     /* bytes read, and written back */
    int lines;            /* newlines echoed */
    int *lines_out;       /* where to report them (the demo), or NULL */
    gen_event_t *done;    /* set when the client has gone, or NULL */
};

/* read what is there: bytes read, 0 at the end, -1 when nothing is there yet */
static long read_some(struct echo_conn *c)
{
    ssize_t n = read(c->fd, c->buf, sizeof c->buf);
    return n >= 0 ? (long)n : errno == EAGAIN || errno == EINTR ? -1 : 0;
}

/* write back what is left: 1 when all of it is out, 0 when the socket is
   full, -1 when the client went away */
static int write_back(struct echo_conn *c)
{
    while (c->sent < c->len) {
        ssize_t n = write(c->fd, c->buf + c->sent, c->len - c->sent);
        if (n <= 0)
            return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
        c->sent += (size_t)n;
    }
    return 1;
}

static int echo_conn_body(gen_async *g)
{
    struct echo_conn *c = GEN_SELF(struct echo_conn, gen, g);
    long n;
    GEN_BEGIN(g);
    c->lines = 0;
    for (;;) {
        GEN_WAIT_READABLE(g, &c->io, c->fd, GEN_FOREVER); /* data = await reader.read() */
        n = read_some(c);
        if (n == 0)
            break; /* the client left */
        if (n < 0)
            continue;
        c->len = (size_t)n;
        c->sent = 0;
        for (n = 0; n < (long)c->len; n++)
            c->lines += c->buf[n] == '\n';
        while (!write_back(c)) /* writer.write(data); await writer.drain() */
            GEN_WAIT_WRITABLE(g, &c->io, c->fd, GEN_FOREVER);
        if (c->sent < c->len)
            break;
    }
    GEN_FINALLY(g);
    close(c->fd);
    if (c->lines_out)
        *c->lines_out = c->lines;
    if (c->done)
        gen_event_set(c->done);
    GEN_END(g);
}

struct echo_server {
    gen_async gen;
    int fd;
    gen_io_t io;
    struct echo_conn conns[16];
    int next;
    int lines;            /* of the last connection to end */
    gen_event_t done;     /* a connection ended */
};

static int echo_server_body(gen_async *g)
{
    struct echo_server *s = GEN_SELF(struct echo_server, gen, g);
    int fd;
    GEN_BEGIN(g);
    for (;;) {
        GEN_WAIT_READABLE(g, &s->io, s->fd, GEN_FOREVER);
        while ((fd = accept(s->fd, 0, 0)) >= 0) {
            struct echo_conn *c = &s->conns[s->next++ % 16];
            if (c->task.state && !gen_task_done(&c->task)) {
                close(fd); /* all 16 are busy */
                continue;
            }
            fcntl(fd, F_SETFL, O_NONBLOCK);
            c->fd = fd;
            c->lines_out = &s->lines;
            c->done = &s->done;
            gen_spawn(&loop, &c->task, gen_async_init(&c->gen, echo_conn_body));
        }
    }
    GEN_FINALLY(g); /* server.close() */
    close(s->fd);
    GEN_END(g);
}

/* a non-blocking socket listening on 127.0.0.1:port (0: any free port) */
static int listen_on(unsigned short port, unsigned short *bound)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 128) != 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    *bound = ntohs(sa.sin_port);
    return fd;
}

/* ---- the client ------------------------------------------------------------ */

static const char *const words[] = { "hello", "coroutines", "bye" };

struct echo_client {
    gen_async gen;
    unsigned short port;
    int fd, i;
    gen_io_t io;
    char line[64];
    size_t len;
};

static int echo_client_body(gen_async *g)
{
    struct echo_client *k = GEN_SELF(struct echo_client, gen, g);
    GEN_BEGIN(g);
    k->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (k->fd < 0)
        GEN_FAIL(g, errno, "socket failed");
    fcntl(k->fd, F_SETFL, O_NONBLOCK);
    {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons(k->port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(k->fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS)
            GEN_FAIL(g, errno, "connect failed");
    }
    GEN_WAIT_WRITABLE(g, &k->io, k->fd, 5000); /* await open_connection() */
    if (k->io.result != GEN_IO_READY)
        GEN_FAIL(g, ECONNREFUSED, "cannot connect");
    for (k->i = 0; k->i < 3; k->i++) {
        k->len = (size_t)snprintf(k->line, sizeof k->line, "%s\n", words[k->i]);
        if (write(k->fd, k->line, k->len) != (ssize_t)k->len) /* a short line fits at once */
            GEN_FAIL(g, errno, "write failed");
        k->len = 0;
        while (k->len == 0 || k->line[k->len - 1] != '\n') { /* await reader.readline() */
            GEN_WAIT_READABLE(g, &k->io, k->fd, 5000);
            if (k->io.result == GEN_IO_TIMEOUT)
                GEN_FAIL(g, ETIMEDOUT, "no echo");
            {
                ssize_t n = read(k->fd, k->line + k->len, sizeof k->line - 1 - k->len);
                if (n == 0)
                    GEN_FAIL(g, ECONNRESET, "the server left");
                if (n > 0)
                    k->len += (size_t)n;
            }
        }
        k->line[k->len - 1] = '\0';
        printf("client sent '%s', got '%s'\n", words[k->i], k->line);
    }
    GEN_FINALLY(g); /* writer.close() */
    if (k->fd >= 0)
        close(k->fd);
    k->fd = -1;
    GEN_END(g);
}

/* ---- main -------------------------------------------------------------------- */

struct main_frame {
    gen_async gen;
    int serve;
    unsigned short port;
    struct echo_server server;
    gen_task_t server_task;
    struct echo_client client;
};

static int main_body(gen_async *g)
{
    struct main_frame *m = GEN_SELF(struct main_frame, gen, g);
    GEN_BEGIN(g);
    m->server.fd = listen_on(m->port, &m->port);
    if (m->server.fd < 0)
        GEN_FAIL(g, errno, "cannot listen on 127.0.0.1");
    if (m->serve)
        printf("echo server on 127.0.0.1:%u\n", m->port);
    else
        printf("echo server on 127.0.0.1\n");
    fflush(stdout);
    gen_spawn(&loop, &m->server_task, gen_async_init(&m->server.gen, echo_server_body));
    if (m->serve)
        GEN_AWAIT_TASK(g, &m->server_task); /* serve_forever() */
    m->client.port = m->port;
    GEN_AWAIT(g, gen_async_init(&m->client.gen, echo_client_body));
    GEN_EVENT_WAIT(g, &m->server.done); /* until the server saw the client go */
    printf("server: %d lines echoed, client gone\n", m->server.lines);
    gen_cancel(&m->server_task);
    GEN_AWAIT_TASK_CATCH(g, &m->server_task);
    GEN_END(g);
}

int main(int argc, char **argv)
{
    static struct main_frame frame;
    int rc;
    signal(SIGPIPE, SIG_IGN);
    frame.serve = argc > 1 && strcmp(argv[1], "serve") == 0;
    frame.port = (unsigned short)(frame.serve ? (argc > 2 ? atoi(argv[2]) : 8888) : 0);
    rc = gen_run(&loop, gen_async_init(&frame.gen, main_body));
    if (rc != GEN_DONE)
        fprintf(stderr, "echo_tcp: %s\n", rc == GEN_ERROR ? gen_error(&frame.gen)->msg : gen_strerror(rc));
    return rc == GEN_DONE ? 0 : 1;
}
