/* consumer.c: the program every build-system check in build_systems.sh
   builds against coro.h and gen.h as that build system delivers them
   (CMake add_subdirectory, FetchContent, find_package; a Meson subproject;
   pkg-config after make install, cmake --install and meson install).

   It prints
       countdown: 3 2 1 liftoff
       coro.h 0.2.0 (CORO_VERSION 200)
   and, where the build passes the build system's own idea of the version as
   CONSUMER_PKG_VERSION (a string), one more line
       package 0.2.0
   build_systems.sh works the expected text out by itself (the version from
   coro.h through the preprocessor), not from this program's output. */
#include <stdio.h>
#include "gen.h"

struct countdown { gen_int gen; int n; };   /* the frame */

static int countdown_body(gen_int *g)
{
    struct countdown *f = GEN_SELF(struct countdown, gen, g);
    GEN_BEGIN(g);
    while (f->n > 0) {
        GEN_YIELD(g, f->n);
        f->n--;
    }
    GEN_END(g);
}

static gen_int *countdown(struct countdown *f, int from)
{
    f->n = from;
    return gen_int_init(&f->gen, countdown_body);
}

int main(void)
{
    struct countdown frame;
    int n;
    printf("countdown:");
    GEN_FOR(n, gen_int, countdown(&frame, 3))
        printf(" %d", n);
    printf(" liftoff\n");
    printf("coro.h %d.%d.%d (CORO_VERSION %d)\n", CORO_VERSION_MAJOR,
           CORO_VERSION_MINOR, CORO_VERSION_PATCH, CORO_VERSION);
#ifdef CONSUMER_PKG_VERSION
    printf("package %s\n", CONSUMER_PKG_VERSION);
#endif
    return 0;
}
