// cpp_derived_frame.cpp - gen.h's caveat 9 in C++: a frame that is not
// standard-layout derives from its port and casts down; one with only
// std::string members is standard-layout and uses GEN_SELF. Prints
// "ok N" lines that test/run.sh compares.
#include <cstdio>
#include <string>
#include "gen.h"

struct shape { virtual ~shape() {} virtual int sides() const { return 3; } };

struct greeter : gen_int { std::string name; shape s; int i; };

static int greeter_body(gen_int *g)
{
    greeter *f = static_cast<greeter *>(g);
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 2; f->i++)
        GEN_YIELD(g, static_cast<int>(f->name.size()) + f->s.sides() + f->i);
    GEN_END(g);
}

struct named { gen_int gen; std::string name; int i; };

static int named_body(gen_int *g)
{
    named *f = GEN_SELF(named, gen, g);
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 2; f->i++)
        GEN_YIELD(g, static_cast<int>(f->name.size()) * 10 + f->i);
    GEN_END(g);
}

int main()
{
    greeter a;
    named b;
    int v = 0;
    a.name = "abc";
    b.name = "abcd";
    gen_int_init(&a, greeter_body);
    while (gen_int_next(&a, &v) == GEN_YIELDED)
        std::printf("ok %d\n", v);
    gen_int_init(&b.gen, named_body);
    while (gen_int_next(&b.gen, &v) == GEN_YIELDED)
        std::printf("ok %d\n", v);
    return 0;
}
