// cpp_frame_not_standard_layout.cpp - must not compile: GEN_SELF on a C++
// frame that is not standard-layout (a member with virtual functions), for
// which offsetof is not defined. gen.h's message names the fix (caveat 9).
#include <string>
#include "gen.h"

struct shape { virtual ~shape() {} virtual int sides() const { return 3; } };
struct greeter { gen_int gen; std::string name; shape s; int i; };

int greeter_body(gen_int *g);
int greeter_body(gen_int *g)
{
    greeter *f = GEN_SELF(greeter, gen, g);
    GEN_BEGIN(g);
    for (f->i = 0; f->i < 2; f->i++)
        GEN_YIELD(g, f->s.sides() + f->i);
    GEN_END(g);
}
