/* hello_server: seed 001's /hello web server, served for real on
   127.0.0.1 (test/py/hello_server.py, with aiohttp, is its twin).

     hello_server                       demo: serve on a free port, let three
                                        clients ask /hello at once (about one
                                        second in all, not three), stop
     hello_server serve [PORT] [DELAY_MS] [IDLE_MS]
                                        serve until killed (port 8080; the
                                        handler sleeps DELAY_MS, default 1000;
                                        a connection that has not sent a whole
                                        request for IDLE_MS, default 5000, is
                                        dropped)

   HTTP/1.1 with keep-alive, GET only, no request bodies. What the server
   answers besides 200: 400 to a malformed request line, a request with a
   body or a bad version; 404 to a path other than /hello and /stats; 405
   to a method other than GET; 431 when the request line and headers exceed HEAD_MAX
   (2048) bytes; 503 when all MAX_CONNS connections are taken (then it
   closes). Each answer after an error closes the connection. GET /stats
   answers the loop's state, "tasks=N waits=N conns=N" (live tasks, waits
   registered with the driver, open connections): the tests check that it
   comes back to where it was after every kind of disconnect.

   The shape, as asyncio's: one task accepts (a wait until the listening
   socket is readable, then accept() until EAGAIN), one task per connection
   reads a request (a readable wait with the idle timeout), awaits
   handle_request (the article's coroutine: print, sleep, print) and writes
   the answer (a writable wait when the socket's buffer is full). Nothing is
   allocated: the connections are a static pool. On Linux gen_run waits with
   epoll (GEN_IO_EPOLL), elsewhere with poll(). */
#define _POSIX_C_SOURCE 200809L /* before any include: the host clock, poll() */
#if defined(__linux__) && !defined(HELLO_USE_POLL)
#define GEN_IO_EPOLL 1
#endif
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

enum { MAX_CONNS = 12000, HEAD_MAX = 2048 };

static gen_loop_t loop;
static long delay_ms = 1000, idle_ms = 5000;

/* ---- the article's coroutine ---------------------------------------------- */

/* async def handle_request(request): print, sleep, print, "Hello, World!"
   (g is the async function, f its frame) */
GEN_FUNCTION(gen_async, handle_request, const char *request;)
{
    GEN_BEGIN(g);
    printf("Received request %s\n", f->request);
    GEN_SLEEP(g, delay_ms);
    printf("Finished handling request %s\n", f->request);
    GEN_END(g); /* the answer's body is "Hello, World!" */
}

/* ---- one connection --------------------------------------------------------- */

/* the frame by hand: the helpers below take it, so it is declared before
   them, and its body (GEN_FUNCTION_FRAME) after them */

struct conn {
    gen_async gen;
    gen_task_t task;
    struct conn *next_free;
    int fd;
    gen_io_t io;
    struct handle_request handler;
    char repr[64];            /* "<Request GET /hello >", as aiohttp's */
    char out[192];            /* the answer being written */
    size_t out_len, out_sent;
    size_t len;               /* bytes in buf */
    size_t head;              /* the current request's head, with its blank line */
    int keep;                 /* keep the connection after this answer */
    int status;               /* the answer: HELLO, STATS or an error status */
    char buf[HEAD_MAX];
};

static struct conn conns[MAX_CONNS]; /* untouched until used: no RSS */
static struct conn *free_conns;      /* closed ones, for reuse */
static int used_conns, live_conns;

/* where the request's head ends (after "\r\n\r\n"), or 0 */
static size_t head_end(const char *b, size_t n)
{
    size_t i;
    for (i = 3; i < n; i++)
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r')
            return i + 1;
    return 0;
}

/* whether the header lines (lowercased) hold `field` (e.g. "connection: close") */
static int has_header(const char *b, size_t n, const char *field)
{
    size_t i, k, len = strlen(field);
    for (i = 0; i + 2 + len <= n; i++) {
        if (b[i] != '\r' || b[i + 1] != '\n')
            continue;
        for (k = 0; k < len; k++) {
            char ch = b[i + 2 + k];
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch - 'A' + 'a');
            if (ch != field[k])
                break;
        }
        if (k == len)
            return 1;
    }
    return 0;
}

enum { HELLO = 0, STATS = 1 }; /* parse_request's answers that are not errors */

/* the answer to the request in c->buf[0, c->head): HELLO (the handler runs
   first), STATS, or an error status; sets c->repr and c->keep */
static int parse_request(struct conn *c)
{
    char method[16], path[256], version[16];
    const char *b = c->buf;
    size_t line = 0;
    while (line + 1 < c->head && !(b[line] == '\r' && b[line + 1] == '\n'))
        line++;
    if (line >= 300 || sscanf(b, "%15[A-Z] %255[^ \r\n] HTTP/%15[0-9.]", method, path, version) != 3 ||
            (strcmp(version, "1.1") != 0 && strcmp(version, "1.0") != 0))
        return 400;
    if (has_header(b, c->head, "content-length:") || has_header(b, c->head, "transfer-encoding:"))
        return 400; /* a body: not for /hello */
    c->keep = strcmp(version, "1.1") == 0 ? !has_header(b, c->head, "connection: close")
                                          : has_header(b, c->head, "connection: keep-alive");
    if (strcmp(path, "/hello") != 0 && strcmp(path, "/stats") != 0)
        return 404;
    if (strcmp(method, "GET") != 0)
        return 405;
    if (strcmp(path, "/stats") == 0)
        return STATS;
    snprintf(c->repr, sizeof c->repr, "<Request %s /hello >", method);
    return 0;
}

/* the answer: `what` is HELLO or STATS (200) or an error status */
static void set_answer(struct conn *c, int what)
{
    int status = what == HELLO || what == STATS ? 200 : what;
    const char *reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : status == 404 ? "Not Found" :
                         status == 405 ? "Method Not Allowed" : status == 431 ? "Request Header Fields Too Large" :
                         "Service Unavailable";
    char body[64];
    if (what == STATS)
        snprintf(body, sizeof body, "tasks=%lu waits=%lu conns=%d", loop.live,
                 (unsigned long)loop.io->waiting, live_conns);
    else if (what == HELLO)
        snprintf(body, sizeof body, "Hello, World!");
    else
        snprintf(body, sizeof body, "%d: %s", status, reason);
    if (status != 200)
        c->keep = 0;
    c->out_len = (size_t)snprintf(c->out, sizeof c->out,
        "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %lu\r\n%s\r\n%s",
        status, reason, (unsigned long)strlen(body), c->keep ? "" : "Connection: close\r\n", body);
    c->out_sent = 0;
}

/* read what the client sent: 1, or 0 when nothing was there yet, or -1
   when it went away */
static int read_more(struct conn *c)
{
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (n > 0)
        c->len += (size_t)n;
    return n > 0 ? 1 : n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

/* write what is left of the answer: 1 when all of it is out, 0 when the
   socket's buffer is full, -1 when the client went away (EPIPE) */
static int write_more(struct conn *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_sent, c->out_len - c->out_sent);
        if (n <= 0)
            return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
        c->out_sent += (size_t)n;
    }
    return 1;
}

GEN_FUNCTION_FRAME(gen_async, conn) /* the frame is struct conn, above */
{
    GEN_BEGIN(g);
    f->len = 0;
    for (;;) {
        /* read until a whole request head is in: the idle timeout applies */
        while (!(f->head = head_end(f->buf, f->len)) && f->len < sizeof f->buf) {
            GEN_WAIT_READABLE(g, &f->io, f->fd, idle_ms);
            if (f->io.result == GEN_IO_TIMEOUT || f->io.result == GEN_IO_ERROR || read_more(f) < 0)
                GEN_RETURN(g, 0); /* idle too long, or gone: drop it */
        }
        f->status = f->head ? parse_request(f) : 431;
        if (f->status == HELLO) {
            f->handler.request = f->repr;
            GEN_AWAIT(g, handle_request(&f->handler));
        }
        set_answer(f, f->status);
        /* write the answer, waiting while the socket's buffer is full */
        while (!write_more(f)) {
            GEN_WAIT_WRITABLE(g, &f->io, f->fd, idle_ms);
            if (f->io.result == GEN_IO_TIMEOUT || f->io.result == GEN_IO_ERROR)
                GEN_RETURN(g, 0);
        }
        if (!f->keep || f->out_sent < f->out_len)
            GEN_RETURN(g, 0); /* closing after an error, or the client left */
        f->len -= f->head; /* pipelined requests stay */
        memmove(f->buf, f->buf + f->head, f->len);
    }
    GEN_FINALLY(g); /* every way out, cancellation included */
    close(f->fd);
    f->next_free = free_conns;
    free_conns = f;
    live_conns--;
    GEN_END(g);
}

/* a connection accepted: its task starts, or 503 when the pool is empty */
static void start_conn(int fd)
{
    struct conn *c = free_conns ? free_conns : used_conns < MAX_CONNS ? &conns[used_conns++] : 0;
    fcntl(fd, F_SETFL, O_NONBLOCK);
    if (!c) {
        static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (write(fd, busy, sizeof busy - 1) < 0) {
            /* nothing more to do: it is closed anyway */
        }
        close(fd);
        return;
    }
    if (c == free_conns)
        free_conns = c->next_free;
    live_conns++;
    c->fd = fd;
    gen_spawn(&loop, &c->task, conn(c));
}

/* ---- the listening socket ----------------------------------------------------- */

GEN_FUNCTION(gen_async, acceptor, int fd; gen_io_t io;)
{
    GEN_BEGIN(g);
    for (;;) {
        GEN_WAIT_READABLE(g, &f->io, f->fd, GEN_FOREVER);
        for (;;) {
            int fd = accept(f->fd, 0, 0);
            if (fd < 0)
                break; /* EAGAIN: all taken; or an aborted connection */
            start_conn(fd);
        }
    }
    GEN_FINALLY(g); /* cancelled: stop listening */
    close(f->fd);
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
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4096) != 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    *bound = ntohs(sa.sin_port);
    return fd;
}

/* ---- the demo's clients ----------------------------------------------------- */

/* async def client(port) */
GEN_FUNCTION(gen_async, client,
             unsigned short port;
             int fd;
             gen_io_t io;
             size_t len;
             char buf[512];)
{
    static const char request[] = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    GEN_BEGIN(g);
    f->len = 0;
    f->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (f->fd < 0)
        GEN_FAIL(g, errno, "socket failed");
    fcntl(f->fd, F_SETFL, O_NONBLOCK);
    {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons(f->port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(f->fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS)
            GEN_FAIL(g, errno, "connect failed");
    }
    GEN_WAIT_WRITABLE(g, &f->io, f->fd, 5000); /* connected */
    if (f->io.result != GEN_IO_READY || write(f->fd, request, sizeof request - 1) != (ssize_t)(sizeof request - 1))
        GEN_FAIL(g, ECONNREFUSED, "cannot send the request");
    for (;;) { /* read the answer until the server closes */
        GEN_WAIT_READABLE(g, &f->io, f->fd, 5000);
        if (f->io.result == GEN_IO_TIMEOUT)
            GEN_FAIL(g, ETIMEDOUT, "no answer");
        {
            ssize_t n = read(f->fd, f->buf + f->len, sizeof f->buf - 1 - f->len);
            if (n == 0 || f->len == sizeof f->buf - 1)
                break;
            if (n > 0)
                f->len += (size_t)n;
            else if (errno != EAGAIN && errno != EINTR)
                break;
        }
    }
    f->buf[f->len] = '\0';
    GEN_FINALLY(g);
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
    GEN_END(g);
}

/* "client i: <status line>, <body>" */
static void print_answer(int i, const char *answer)
{
    const char *eol = strstr(answer, "\r\n"), *body = strstr(answer, "\r\n\r\n");
    printf("client %d: %.*s, %s\n", i, eol ? (int)(eol - answer) : 0, answer, body ? body + 4 : "(none)");
}

/* ---- main ------------------------------------------------------------------- */

/* async def demo(), or web.run_app(...) with serve set */
GEN_FUNCTION(gen_async, main_task,
             int serve;                 /* serve until killed, on `port` */
             unsigned short port;
             struct acceptor acceptor;
             gen_task_t acceptor_task;
             struct client clients[3];
             gen_task_t client_tasks[3], *tasks[3];
             gen_gather_t gather;
             int i;)
{
    GEN_BEGIN(g);
    f->acceptor.fd = listen_on(f->port, &f->port);
    if (f->acceptor.fd < 0)
        GEN_FAIL(g, errno, "cannot listen on 127.0.0.1");
    if (f->serve)
        printf("Serving /hello on 127.0.0.1:%u\n", f->port);
    else
        printf("Serving /hello on 127.0.0.1\n");
    fflush(stdout);
    gen_spawn(&loop, &f->acceptor_task, acceptor(&f->acceptor));
    if (f->serve)
        GEN_AWAIT_TASK(g, &f->acceptor_task); /* web.run_app: forever */
    for (f->i = 0; f->i < 3; f->i++) {
        f->clients[f->i].port = f->port;
        f->tasks[f->i] = &f->client_tasks[f->i];
        gen_spawn(&loop, f->tasks[f->i], client(&f->clients[f->i]));
    }
    GEN_AWAIT(g, gen_gather(&f->gather, f->tasks, 3, 0));
    for (f->i = 0; f->i < 3; f->i++)
        print_answer(f->i + 1, f->clients[f->i].buf);
    gen_cancel(&f->acceptor_task); /* runner.cleanup() */
    GEN_AWAIT_TASK_CATCH(g, &f->acceptor_task);
    printf("Server stopped\n");
    GEN_END(g);
}

int main(int argc, char **argv)
{
    static struct main_task frame;
    int rc;
    signal(SIGPIPE, SIG_IGN); /* a client that left: write() fails with EPIPE instead */
    frame.serve = argc > 1 && strcmp(argv[1], "serve") == 0;
    frame.port = (unsigned short)(frame.serve ? (argc > 2 ? atoi(argv[2]) : 8080) : 0);
    if (frame.serve && argc > 3)
        delay_ms = atol(argv[3]);
    if (frame.serve && argc > 4)
        idle_ms = atol(argv[4]);
    rc = gen_run(&loop, main_task(&frame));
    if (rc != GEN_DONE)
        fprintf(stderr, "hello_server: %s\n", rc == GEN_ERROR ? gen_error(&frame.gen)->msg : gen_strerror(rc));
    return rc == GEN_DONE && live_conns == 0 ? 0 : 1;
}
