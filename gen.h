/* gen.h 0.6.0 - Python's generators and coroutines for C99 and C++, built
   on coro.h (included): the generator protocol (yield, send, throw, close
   with cleanup, yield from, return values), typed ports, itertools-style
   combinators, an asyncio-shaped runtime (tasks, await, sleep, gather,
   wait_for, cancellation, Event, Semaphore, Lock, Queue) and async
   generators. No malloc; nothing from libc but what a debug trap prints and
   the host clock. License: 0BSD (see the end of coro.h).

   QUICK START
   ===========
   Python:
       def fibonacci(n):
           a, b = 0, 1
           for _ in range(n):
               yield a
               a, b = b, a + b

       for num in fibonacci(10):
           print(num)

   C (the code between the "example" lines is compiled by the test suite):
   ---- example: begin
       #include <stdio.h>
       #include "gen.h"

       // def fibonacci(n): the frame (n and the locals), the body, and the
       // constructor fibonacci(&frame); g is the generator, f the frame
       GEN_FUNCTION(gen_long, fibonacci, int n, i; long a, b;)
       {
           GEN_BEGIN(g);
           for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
               long next;                        // lives between two yields only
               GEN_YIELD(g, f->a);
               next = f->a + f->b;
               f->a = f->b;
               f->b = next;
           }
           GEN_END(g);
       }

       int main(void)
       {
           struct fibonacci frame;
           long num;
           frame.n = 10;                         // the argument
           GEN_FOR(num, gen_long, fibonacci(&frame))
               printf("%ld\n", num);
           return 0;
       }
   ---- example: end

   A generator is three things, which GEN_FUNCTION writes in one go:
   - a PORT: the typed, type-erased handle every consumer uses. GEN_DECLARE
     (name, Y, S, R) declares the port type `name` for generators that yield Y,
     receive S through send and return R, with its functions. gen_int and
     gen_long are declared here (Y = S = R = int, long).
   - a FRAME: your struct holding the port and every variable that must live
     across a yield (the Python function's arguments and locals).
   - a BODY: int body(name *g), written with the generator body macros of
     section 3; GEN_SELF gets the frame back from the port.
   A constructor that fills in the arguments and calls name_init is the
   counterpart of calling a Python generator function. The long form, for
   a constructor with parameters or a frame of your own layout, is what
   GEN_FUNCTION stands for:
   ---- example: begin
       #include <stdio.h>
       #include "gen.h"

       struct fibonacci { gen_long gen; int n, i; long a, b; };  // the frame

       static int fibonacci_body(gen_long *g)
       {
           struct fibonacci *f = GEN_SELF(struct fibonacci, gen, g);
           GEN_BEGIN(g);
           for (f->a = 0, f->b = 1, f->i = 0; f->i < f->n; f->i++) {
               long next;
               GEN_YIELD(g, f->a);
               next = f->a + f->b;
               f->a = f->b;
               f->b = next;
           }
           GEN_END(g);
       }

       static gen_long *fibonacci(struct fibonacci *f, int n)   // "calling" it
       {
           f->n = n;
           return gen_long_init(&f->gen, fibonacci_body);
       }

       int main(void)
       {
           struct fibonacci frame;
           long num;
           GEN_FOR(num, gen_long, fibonacci(&frame, 10))
               printf("%ld\n", num);
           return 0;
       }
   ---- example: end

   The runtime, on Python's
       async def task1(): print("Task 1 started"); await asyncio.sleep(1); ...
       async def main(): await asyncio.gather(task1(), task2())
       asyncio.run(main())
   (examples/tasks.c, byte for byte; the test suite checks it):
   ---- example: begin
       #define _POSIX_C_SOURCE 200809L // before any include: the host clock
       #include <stdio.h>
       #include "gen.h"

       static int task1_body(gen_async *g)
       {
           GEN_BEGIN(g);
           printf("Task 1 started\n");
           GEN_SLEEP(g, 1000); // await asyncio.sleep(1)
           printf("Task 1 finished\n");
           GEN_END(g);
       }

       static int task2_body(gen_async *g)
       {
           GEN_BEGIN(g);
           printf("Task 2 started\n");
           GEN_SLEEP(g, 2000); // await asyncio.sleep(2)
           printf("Task 2 finished\n");
           GEN_END(g);
       }

       GEN_FUNCTION(gen_async, main_task, // async def main() (C's main is taken)
                    gen_async t1, t2;     // the frames of task1() and task2()
                    gen_task_t task[2];   // gather runs each awaitable as a task
                    gen_gather_t gather;)
       {
           GEN_BEGIN(g);
           GEN_SPAWN(g, &f->task[0], gen_async_init(&f->t1, task1_body)); // create_task
           GEN_SPAWN(g, &f->task[1], gen_async_init(&f->t2, task2_body));
           GEN_AWAIT(g, gen_gather_of(&f->gather, f->task, 2, 0)); // await asyncio.gather(task1(), task2())
           GEN_END(g);
       }

       int main(void) // asyncio.run(main())
       {
           struct main_task frame;
           return gen_run(NULL, main_task(&frame)) == GEN_DONE ? 0 : 1;
       }
   ---- example: end

   CONTENTS
   ========
   PART I: THE GENERATOR PROTOCOL     PART II: PORTS AND COMBINATORS
   1. Configuration macros            7. Ports for your types
   2. Types and results               8. Combinators
   3. Generator body macros           PART III: THE ASYNC RUNTIME
   4. Consumer functions              9. Loop, clocks, tasks, awaits
   5. Queries                         10. Async generators
   6. Generator caveats               11. The small loop (protothreads)
   The resumable-function core under it all (coro_t, the CORO_* macros,
   the backends) is coro.h's, with its own manual.

   ======== PART I: THE GENERATOR PROTOCOL ========
   A generator is a resumable function with a PORT: the typed, type-erased
   handle its consumers use (next, send, throw, close, yield from). A port
   type `name` for generators that yield Y, receive S through send and
   return R is
       struct name { gen_t base; Y value; S sent; R result; int (*body)(name *); }
   with the functions of section 4, all static inline.
   GEN_DECLARE(name, Y, S, R) declares one for any types, with combinators
   (part II); gen_int and gen_long are declared; the async ports
   (GEN_ASYNC_DECLARE, gen_async) are part III's. Its FRAME is your struct holding the port and
   everything that lives across a yield; its BODY is int body(name *g).

   1. CONFIGURATION (define before including; every one is optional; the
   ---------------- CORO_* ones of coro.h apply too)
   GEN_NO_ASYNC          leave out part III (the runtime and async
                         generators) but its section 11 (the small loop,
                         and the clocks it shares), for compilers that keep
                         every unused inline function (sdcc, cc65). (Was CORO_NO_ASYNC,
                         which is now an #error naming this.)
   GEN_NO_COMBINATORS    leave out part II's combinators (see section 8).
   GEN_NO_IO             leave out the waits on descriptors and their drivers
                         (section 9): the loop then has no driver to ask.
   GEN_NO_PT             leave out the small loop (section 11).
   GEN_PT_ONLY           the small loop and the clocks alone (section 11):
                         leaves out part I's functions, parts II and III,
                         and the gen_int and gen_long ports (sets
                         GEN_NO_ASYNC and GEN_NO_COMBINATORS), for
                         protothread-style tasks on
                         compilers that keep every function (the reference
                         blinking task on 8051: 5,173 bytes of flash rather
                         than 11,768). Declaring a generator port is then a
                         compile error that names the fix.
   GEN_TIME_TYPE         the runtime's time type (default unsigned long); any
                         unsigned type: wrap-around is handled.
   GEN_DELAY_TYPE        the signed type of delays (default long; as wide as
                         GEN_TIME_TYPE at least, which the build checks).
   GEN_SPAWN_CHECK       1: gen_spawn looks for the task among the ready and
                         sleeping ones first (O(tasks) per spawn) and refuses
                         one still there. Default: CORO_DEBUG.
   GEN_HOST_CLOCK_IS_VIRTUAL  gen_clock_host is the virtual clock: a real-time
                         program runs instantly (tests).
   (coro.h's CORO_NO_MESSAGES: gen_strerror and the errors gen.h raises
   carry "" for a message, codes unchanged; for AVR, whose literals are RAM.)
   Without any of them, a program links only what it uses: the loop
   reaches cancellation and gather through a table that gen_cancel and
   gen_gather install, and links three messages, not all of them.
   bench/README.md lists what each of the loop's features costs.

   2. TYPES AND RESULTS
   --------------------
   gen_error_t { int code; const char *msg; }: an error; msg must be static.
   Results (int): GEN_YIELDED (1) a value was produced; GEN_DONE (0) the
   generator finished (StopIteration: read g->result); GEN_ERROR (-3) it
   raised an error (gen_error(g)); misuse, with the generator unchanged:
   GEN_ERROR_RUNNING (-2, "already executing": resumed from inside itself or
   from an interrupt), GEN_ERROR_NOT_STARTED (-4, send to a just-started
   generator), GEN_ERROR_IGNORED_CLOSE (-5, close: the finally section
   yielded; the generator stays suspended there, and the resume that
   finishes it raises GEN_ERROR with code GEN_ERROR_EXIT, "GeneratorExit";
   or a sub it delegates to did so: then it has ended with that error,
   gen_error(g)->code == GEN_ERROR_IGNORED_CLOSE, Python's RuntimeError
   coming up through yield from; gen_state(g) tells the two apart),
   GEN_ERROR_LOST (-1, see caveat 2); GEN_ERROR_RUNNING's message also
   names the other cause, a plain return in the body. GEN_ERROR_VALUE (-6) is Python's
   ValueError: gen_range with a zero step, count past the range of
   long, and a lock or bounded semaphore released more than acquired. GEN_ERROR_UNINIT (-7): the
   port was used before NAME_init (debug builds trap first). The runtime's:
   GEN_ERROR_CANCELLED (-9), GEN_ERROR_TIMEOUT (-10), GEN_ERROR_DEADLOCK
   (-11, from gen_loop_run), GEN_ERROR_IO (-12, gen_run's epoll driver
   could not start). gen_strerror(rc) names each.
   After it finished or raised, a generator is closed: next and send return
   GEN_DONE every time.

   3. GENERATOR BODY MACROS (g: the port pointer the body received; each one
   ------------------------ statement)
   GEN_BEGIN(g)          starts the body: refuses re-entry (as CORO_BEGIN),
                         delivers close/throw, jumps to the resume point.
   GEN_YIELD(g, v)       (1) g->value = v, (2) saves this point, (3) returns
                         GEN_YIELDED; resumed by next/send/throw/close. A
                         thrown error or a close is not caught here: it runs
                         the finally section and ends the generator.
   GEN_YIELD_CATCH(g, v) as GEN_YIELD, but a thrown error is caught here:
                         execution resumes after it and gen_caught(g) returns
                         the error (else NULL). try/except around one yield.
   g->sent, gen_was_sent(g)  after a yield: the value send delivered, and
                         whether the resume was a send (next is send(None)).
   GEN_YIELD_RECV(g, v, x, if_next)  x = yield v: as GEN_YIELD, then x (an
                         lvalue that outlives the yield: in the frame) = the
                         sent value, or if_next after next() (None).
   GEN_YIELD_FROM(g, sub)    delegates to sub, a port with the same Y and S
                         types (checked at compile time): sub's values go to
                         our caller, our caller's send/throw go to sub, close
                         closes sub and then us. Afterwards sub->result holds
                         its return value. An error sub raises is raised here.
                         sub is evaluated once.
   GEN_YIELD_FROM_CATCH(g, sub)  as GEN_YIELD_FROM, but an error sub raises is
                         caught: gen_caught(g) returns it afterwards, and
                         NULL when sub returned (even one that ended
                         without yielding: the except branch of an earlier
                         catch does not carry over).
   GEN_RETURN(g, v)      g->result = v, then finishes (finally section first).
                         Inside the finally section it discards the pending
                         error or close and returns v (CORO_EXIT).
   GEN_FAIL(g, code, msg)    raises an error (finally section first): the
                         consumer gets GEN_ERROR and gen_error(g) = {code, msg}.
   GEN_RERAISE(g)        a bare raise in an except branch: raises what
                         gen_caught(g) returns; with nothing caught,
                         RuntimeError as Python (GEN_ERROR_RUNNING, "No active
                         exception to reraise").
   GEN_TRY(g) { A } GEN_EXCEPT(g) { B } GEN_END_TRY(g);
                         try: A except: B, one statement, anywhere in the
                         body (in loops, in the finally section, nested).
                         Every yield, yield from, await, GEN_FAIL and
                         GEN_RERAISE in A is caught: B runs with the error in
                         gen_caught(g) (test its code; GEN_RERAISE(g) passes
                         on what B does not handle), then execution goes on
                         after GEN_END_TRY. A close (GeneratorExit) and a
                         GEN_RETURN go through (to the finally section), as
                         an `except Exception` lets them; break and continue
                         in A or B reach your loop. An error in B (or a
                         throw at a yield in B) goes to the enclosing
                         GEN_TRY, else to the finally section. What a try
                         in the finally section catches does not replace the
                         error the section runs for. gen_caught(g) holds the
                         error until the next suspension: copy what B needs
                         after one to the frame (Python keeps `e` and a bare
                         raise's target; here GEN_RERAISE after a yield in B
                         finds nothing caught). Cost: none where no try
                         block is (the macros know at compile time); inside
                         one, a test per suspension.
   GEN_TRY_FINALLY(g) { A } GEN_FINALLY_BLOCK(g) { C } GEN_END_FINALLY(g);
                         try: A finally: C, one statement, anywhere in the
                         body. C runs when A ends, and on the way out of A
                         of an error, a close (GeneratorExit, a task's
                         cancellation included), a GEN_RETURN; at its end
                         what was on its way goes on (to an enclosing try
                         block, else the finally section). An error or a
                         GEN_RETURN in C replaces it, as in Python. C cannot
                         suspend (no yield, await or yield from in it: a
                         compile error naming the fix, except on sdcc and
                         cc65): a cleanup that waits belongs in the body's
                         GEN_FINALLY section, which may. No
                         GEN_TRY_FINALLY inside a finally block (a compile
                         error too; a GEN_TRY is fine). try/except/finally
                         is a GEN_TRY inside the try part of a
                         GEN_TRY_FINALLY, as Python runs it. break,
                         continue, goto and a plain C return out of A skip
                         C: leave through its end, or GEN_RETURN.
                         Caveat: an error that passes through a finally
                         block inside the body's finally section replaces
                         the error that section runs for, even if an except
                         branch there catches it afterwards (Python
                         restores the first one then).
   GEN_FINALLY(g)        starts the finally section: runs on normal end,
                         GEN_RETURN, GEN_FAIL, close and an uncaught throw. At
                         most one, at the top level of the body. It may yield,
                         with an error or a close pending: the generator keeps
                         it (unlike a coro_t). gen_closing(g) tells whether
                         close caused it.
   GEN_END(g)            ends the body.
   GEN_SELF(T, member, g)    the frame of type T whose port member is g.
   GEN_FUNCTION(PORT, name, fields) { body }   a generator function (an async
                         one with PORT gen_async) in one declaration: the frame
                         struct name { PORT gen; fields }, the constructor
                         PORT *name(struct name *f) (set the argument fields
                         first), and the block that follows as the body, in
                         which g is the port and f the frame. A body that reads
                         no field writes (void)f; after GEN_BEGIN (which
                         declares: C89-minded compilers want declarations
                         first); no fields: GEN_FUNCTION(PORT, name, ).
                         -Wshadow warns if your file has a global g or f.
                         The long form (the manual's second example) gives
                         a constructor parameters of its own.
   GEN_FUNCTION_FRAME(PORT, name) { body }   the same for a struct name {
                         PORT gen; ... } you declared (and may pass around).

   4. CONSUMER FUNCTIONS (name_*: generated for each port type)
   ---------------------
   name *name_init(name *g, int (*body)(name *))   fresh generator; returns g
   int name_next(name *g, Y *out)          resume; on GEN_YIELDED *out is the
                                           value (out may be NULL)
   int name_send(name *g, S v, Y *out)     resume with v as the yield's value
   int name_throw(name *g, int code, const char *msg, Y *out)  raise an error
                                           at the suspension point; returns
                                           the next value if the body catches
                                           it, else GEN_ERROR. A created
                                           generator is closed and the error
                                           comes straight back, as does a
                                           closed one's.
   int gen_close(g)                        GeneratorExit: runs the finally
                                           section; GEN_DONE, or
                                           GEN_ERROR_IGNORED_CLOSE (it, or a
                                           sub it delegates to, ignored the
                                           close: one spelling at any depth),
                                           or the error the finally section
                                           raised. No-op on created/closed
                                           generators.
   GEN_FOR(var, name, it) statement        for var in it: (it evaluated once);
                                           it ends quietly on an error, and
                                           its iterator is a block local: not
                                           inside a generator body whose loop
                                           yields (use GEN_FOR_IN there)
   GEN_FOR_RC(var, name, it, rc) statement the same, with what ended it in
                                           rc: GEN_DONE, GEN_ERROR, a misuse
   GEN_FOR_IN(g, var, name, itp, it) statement  in a generator body: the
                                           iterator in itp (a NAME * in the
                                           frame), var in the frame too, the
                                           loop may yield; an error it raises
                                           is raised in the body

   5. QUERIES (any port; each evaluates g once)
   -----------
   gen_state(g)   GEN_CREATED, GEN_RUNNING, GEN_SUSPENDED, GEN_CLOSED
   gen_line(g)    source line of the yield it is suspended at, else 0
   gen_error(g)   const gen_error_t *: the error it raised (or was thrown and
                  did not catch); while its finally section runs, the error
                  pending there: an error caught inside the finally section
                  (gen_caught) does not replace it, one raised there does
   gen_caught(g), gen_was_sent(g), gen_closing(g): see section 3
   gen_error_code(g), gen_caught_code(g)   int: the code of gen_error(g) and
                  of gen_caught(g), 0 for none (gen_error(g) is never NULL,
                  its code 0 when nothing was raised; gen_caught(g) is NULL
                  when nothing was caught): one convention for both


   6. GENERATOR CAVEATS (see also coro.h's caveats)
   --------------------
   1. Block-local variables do not survive a yield: keep them in the frame.
      A local declared in a block and used only between two yields is fine.
   2. g->value is the value last yielded at every level of a yield-from
      chain (each level copies its sub's value up), so a body may also be
      called by its name and read through g->value, skipping the port's
      dispatch: while (body(g) == GEN_YIELDED) use(g->value); (send, throw
      and close still go through the port's functions).
   3. A frame must not move while its generator is suspended (it holds
      pointers to itself through yield from and the combinators).
   4. gcc -O2 can warn that a variable "may be used uninitialized" when it
      is filled through next/send's out parameter and read only after
      GEN_YIELDED (a false positive: out is written only then). Initialise it.
   5. gen_caught(g) is meant to be read right after the catching yield; it
      stays set until the body suspends again or the next catching yield
      from / await starts.
   6. A generator body speaks GEN_ only: a CORO_ macro there (CORO_YIELD,
      CORO_WAIT_UNTIL...) is a compile error naming the fix (coro.h's
      caveat 10). A generator keeps its own state, signals, pending outcome
      and line beside its resume point (the generator core, gen__co_t), on
      coro.h's backend contract; coro.h's caveats 1 to 4 and 6 to 8 hold for
      its body (its finally section is no block of its own).
   7. Use name_init on a port before anything else: a port used before it
      gets GEN_ERROR_UNINIT (and a trap in debug builds), not a crash, as long
      as its memory was zeroed.
   8. Stackless means no stack of its own while suspended; while running, a
      yield-from (or await) chain resumes each level by a nested call, so the
      C stack grows with the depth of the chain (a few frames per level).
      On the 8051 the stack is the internal RAM above the register banks
      (223 bytes at most) and overflows unnoticed: build with sdcc
      --stack-auto --noinvariant (its loop-invariant motion keeps 3-byte
      pointers in each frame); the test suite's deepest chain (a gather
      cancelled inside an awaited coroutine) then uses 185 bytes (the
      deepest part, t_async6, 190).
   9. C++: GEN_SELF takes offsetof, which C++ defines for standard-layout
      frames only; for any other (a member with virtual functions, members
      of mixed access) GEN_SELF is a compile error that names the fix:
      derive the frame from its port and cast down,
          struct greeter : gen_int { std::string name; shape s; int i; };
          greeter *f = static_cast<greeter *>(g);   (in the body)
          gen_int_init(&frame, greeter_body);       (frame is a gen_int)
      A frame with std::string or std::vector members is standard-layout
      with libstdc++ and libc++, and GEN_SELF works as in C. (C++98 has no
      static_assert: there the compiler's -Winvalid-offsetof warning is
      all that tells.)

   ======== PART II: PORTS AND COMBINATORS ========

   7. PORTS FOR YOUR TYPES
   -----------------------
   GEN_DECLARE(name, Y, S, R)  declares the port type `name`
       struct name { gen_t base; Y value; S sent; R result; int (*body)(name *); }
       with its consumer functions (section 4); name_items and
       name_pairs, ports of name_item {long index; Y value} and name_pair
       {Y first; Y second} (for enumerate and zip); and the combinators
       below. All static inline: what you do not call costs nothing.
   gen_int, gen_long: declared here (Y = S = R = int, long).

   8. COMBINATORS (frames are yours: pass a pointer to an uninitialised one)
   --------------
   gen_long *gen_range(gen_range_t *f, long start, long stop, long step)
       Python's range over all of long, LONG_MIN to LONG_MAX, with no
       overflow; step 0 raises GEN_ERROR_VALUE at the first next
   gen_long *gen_count(gen_count_t *f, long start, long step)        endless
       until the next value would pass LONG_MAX (LONG_MIN): that next
       raises GEN_ERROR_VALUE (Python's int never overflows; long does)
   name *name_chain(name_chain_t *f, name *a, name *b)     a's values, then b's
   name *name_map(name_map_t *f, name *src, Y (*fn)(Y))
   name *name_filter(name_filter_t *f, name *src, int (*pred)(Y))
   name *name_map_with(name_map_t *f, name *src, Y (*fn)(void *ctx, Y), void *ctx)
   name *name_filter_with(name_filter_t *f, name *src, int (*pred)(void *ctx, Y), void *ctx)
       the same, the callback getting ctx first (a closure's state)
   GEN_MAP_DECLARE(name, from, X, to, Y)   a map that changes the value
       type: to *name(name_t *f, from *src, Y (*fn)(void *ctx, X), void *ctx)
   name *name_take(name_take_t *f, name *src, long n)     islice(src, n)
   name_items *name_enumerate(name_enumerate_t *f, name *src, long start)
       a value that would need an index past LONG_MAX raises GEN_ERROR_VALUE
   name_pairs *name_zip(name_zip_t *f, name *a, name *b)  stops at the shorter
   int name_collect(name *src, Y *array, size_t cap, size_t *n)
       list(src) into a caller's array: stores up to cap values, *n = count;
       returns GEN_DONE when src ended, GEN_YIELDED when the array filled
       first, or src's error.
   A combinator raises the error its source raises. It owns its sources:
   closing it (gen_close, while it is suspended) closes them too, down the
   chain, as Python's garbage collector closes a dropped pipeline (what
   closing a source returns is ignored, as the collector ignores it). To
   keep a source open, borrow it: set f->borrowed = 1 after the
   constructor. An end of its own (an exhausted take, an exhausted source)
   closes nothing: take(src, n) leaves src suspended and resumable, as
   islice does.
   GEN_NO_COMBINATORS (define before including) leaves them out, and
   name_items and name_pairs with them: GEN_DECLARE declares the port alone,
   for compilers that keep every unused inline function (sdcc, cc65).

   ======== PART III: THE ASYNC RUNTIME ========

   9. LOOP, CLOCKS, TASKS, AWAITS (the full list is with the code below)
   ------------------------------
   An async function is a generator of port type gen_async (returns int) or
   GEN_ASYNC_DECLARE(name, R); its yields are requests to the loop, so
   `await` is yield from and cancellation is a thrown error.
   Loop and clock:
     gen_run(&loop or NULL, port)     asyncio.run(main()): host clock, idle
                                      sleep, a descriptor driver (below), main
                                      as a task; returns its outcome
     gen_loop_init(&loop, clock)      clock: gen_clock_virtual(&c) (tests: jumps
                                      to the next deadline), gen_clock_ticks(&c,
                                      start) + gen_clock_tick(&c) from a timer
                                      interrupt, gen_clock_host(&c) (POSIX, ms;
                                      define _POSIX_C_SOURCE 199309L or later,
                                      else a use fails to build, naming it;
                                      with GEN_HOST_CLOCK_IS_VIRTUAL defined it
                                      is the virtual clock: a real-time
                                      program then runs instantly, for tests)
     loop.idle = gen_idle_sleep       called with the time to the next deadline
                                      when nothing is ready (firmware: WFI)
     loop.trace = fn(loop, task, GEN_TRACE_RESUME/_SUSPEND/_DONE)
     gen_loop_run(&loop)              until all tasks are done: GEN_DONE, or
                                      GEN_ERROR_DEADLOCK (tasks wait forever)
     gen_loop_step(&loop)             one pass, for a super-loop; returns the
                                      number of live tasks
     gen_now(&loop)
   Time: gen_time_t (GEN_TIME_TYPE) wraps around; the loop compares times
   within half its range (GEN_TIME_TYPE unsigned short: 32767 ticks).
   Delays are gen_delay_t (GEN_DELAY_TYPE, default long; set it to a signed
   type as wide as GEN_TIME_TYPE if that is wider than long): a delay of 0
   or less is sleep(0), as asyncio's; any delay up to the time type's
   largest value sleeps exactly that long (beyond half the range, in steps
   the loop takes for you); a longer one (a 16-bit time type and a long
   delay over 65535) traps in debug builds and sleeps the largest. The same
   holds for gen_wait_for's timeout (a gen_time_t). Time never goes back:
   the virtual clock only jumps forward.
   Tasks (gen_task_t, yours):
     gen_spawn(&loop, &task, port)    create_task; FIFO among ready tasks.
                                      GEN_DONE, or GEN_ERROR_UNINIT: the port
                                      was never initialised, the task ends at
                                      once with that error (debug: a trap).
                                      Spawning a task that is not done is a
                                      misuse: with GEN_SPAWN_CHECK (default:
                                      on in debug builds; it costs a look
                                      through the ready and sleeping tasks
                                      per spawn) one found ready or sleeping
                                      traps, then GEN_ERROR_RUNNING, nothing
                                      changes
     gen_task_done, gen_task_state (GEN_TASK_READY/_SLEEPING/_WAITING/_DONE),
     gen_task_result (GEN_DONE or GEN_ERROR), gen_task_error, gen_task_line
     gen_cancel(&task)                as asyncio's Task.cancel: CancelledError
                                      (GEN_ERROR_CANCELLED) at its suspension
                                      point, down the chain of awaits, every
                                      finally section runs; a task awaiting a
                                      task or a gather passes the request on to
                                      it instead (and gets its outcome); a
                                      ready task keeps its place in the queue;
                                      one that returns after being cancelled
                                      ends cancelled; 0 if it was already done,
                                      or never spawned (a zeroed task: debug
                                      builds trap)
   In async bodies (each one statement):
     GEN_SPAWN(g, &task, port)        t = asyncio.create_task(port) from
                                      inside a task: spawned on its loop at
                                      once (as gen_spawn), the body goes on
                                      in the same step; no loop pointer
                                      needed. Not in a body driven by hand
     GEN_SLEEP(g, d), GEN_SLEEP0(g)   asyncio.sleep(d) / sleep(0)
     GEN_AWAIT(g, child)              await child (a port); child->result
     GEN_AWAIT_CATCH(g, child)        try: await ... except: gen_caught(g)
     GEN_TRY(g) { ... } GEN_EXCEPT(g) { ... } GEN_END_TRY(g);   try/except
                                      around any awaits (a cancellation is
                                      caught too: code GEN_ERROR_CANCELLED)
     GEN_TRY_FINALLY(g) { ... } GEN_FINALLY_BLOCK(g) { ... } GEN_END_FINALLY(g);
                                      try/finally around any awaits
     GEN_ASYNC_WITH(g, &sem) { ... } GEN_END_WITH(g, &sem);   async with
                                      sem (or a lock): released on every way
                                      out a GEN_TRY_FINALLY sees
     GEN_AWAIT_TASK(g, task), GEN_AWAIT_TASK_CATCH(g, task)   await task
     GEN_AWAIT(g, gen_gather(&ga, tasks, n, return_errors))   asyncio.gather
                                      (tasks: n gen_task_t pointers; over
                                      an array of n tasks, gen_gather_of)
     GEN_AWAIT(g, gen_wait_for(&wf, &task, timeout))          asyncio.wait_for
     GEN_EVENT_WAIT(g, &ev)           gen_event_set/_clear/_is_set (zero: clear);
                                      a set wakes the waiters even if the event
                                      is cleared before they run (asyncio)
     GEN_ACQUIRE(g, &sem), GEN_LOCK(g, &lock)   gen_semaphore_init/_release/
                                      _try, gen_bounded_semaphore_init,
                                      gen_lock_init/_release/_try; releasing a
                                      lock or bounded semaphore more often
                                      than it was acquired: GEN_ERROR_VALUE,
                                      nothing changes (debug builds trap)
     GEN_QUEUE_PUT(g, name, &q, item), GEN_QUEUE_GET(g, name, &q, &item)
                                      GEN_QUEUE_DECLARE(name, T): name_init(q,
                                      array, cap), name_try_put, name_try_get;
                                      cap >= 1 (a fixed array: asyncio's
                                      maxsize=0, unbounded, has no twin; cap 0
                                      traps in debug builds, and then every
                                      put waits)
     Timed waits: GEN_EVENT_WAIT_FOR(g, &ev, timeout), GEN_ACQUIRE_FOR(g,
     &sem, timeout), GEN_LOCK_FOR, GEN_QUEUE_PUT_FOR(g, name, &q, item,
     timeout), GEN_QUEUE_GET_FOR(g, name, &q, &item, timeout): the same
     waits ended by a timeout (a gen_delay_t counted from the suspension;
     GEN_FOREVER or any negative one: none; at most half the time type's
     range). They are asyncio's
         try: await wait_for(ev.wait(), timeout) except TimeoutError: ...
     with the except branch as `if (gen_timed_out(g))`: a timed-out wait
     took nothing (no permit, item or slot). To raise as asyncio does:
     if (gen_timed_out(g)) GEN_FAIL(g, GEN_ERROR_TIMEOUT, "TimeoutError").
     Deliberate difference: asyncio's wait_for wraps the wait in a task of
     its own, whose start and end take a loop pass each; these do not.
   Waiting on descriptors (readiness, as asyncio's add_reader/add_writer):
     GEN_WAIT_READABLE(g, &io, fd, timeout), GEN_WAIT_WRITABLE(...)
                                      io: a gen_io_t of yours (one per wait in
                                      progress); afterwards io.result is
                                      GEN_IO_READY, GEN_IO_TIMEOUT,
                                      GEN_IO_HANGUP (the peer hung up and fd
                                      is not readable) or GEN_IO_ERROR
                                      (io.err: an errno value; 0: the loop has
                                      no driver). Cancellation and wait_for
                                      work as on any await: the wait is
                                      unregistered however it ends.
     loop.io = gen_poll_init(&p, fds, ios, cap)   POSIX poll(): arrays of
                                      yours (struct pollfd fds[cap]; gen_io_t
                                      *ios[cap]); a wait beyond cap fails at
                                      once with err ENOSPC
     loop.io = gen_epoll_init(&e, events, cap)    Linux epoll: no limit on
                                      waits, one per descriptor at a time
                                      (another: err EEXIST); `events` takes one
                                      epoll_wait's reports; NULL if
                                      epoll_create1 failed; gen_epoll_close(&e)
     gen_run uses poll() with GEN_POLL_SLOTS (default 256) slots on its
     stack, or epoll with GEN_IO_EPOLL defined. Both need POSIX (as the
     host clock: _POSIX_C_SOURCE 199309L or later). A regular file is
     always "ready" to poll() (and epoll refuses it): read files through a
     pipe (examples/read_file.c) or a thread of your own.
     A driver of your own (a board's UART, lwIP) is a gen_io_driver_t:
       int add(d, io)      register io (io->fd, io->events); 0 or an errno
       void remove(d, io)  unregister it; the loop calls it when the wait
                           ends, however it ends (also from gen_cancel)
       void wait(d, w)     wait at most w clock units (0: just look;
                           GEN_FOREVER_WAIT: no limit) and report each ready
                           record with gen_io_ready(io, GEN_IO_READY/_HANGUP/
                           _ERROR), which wakes its task and calls remove
       size_t waiting      the records registered, kept by the driver
     io->slot is the driver's to use. The loop calls wait(d, 0) at the start
     of every pass while waiting > 0 (asyncio's select(0)), and, when no
     task is ready, wait(d, time to the next deadline) in place of the idle
     hook. On the virtual clock, time jumps only when wait(d, 0) found
     nothing ready.
   The idle rule: gen_loop_run reports GEN_ERROR_DEADLOCK only when no task
   is ready, no timer is set, no descriptor wait is registered and no idle
   hook can wake anyone: an idle hook of yours is taken to look at
   something (it is called with GEN_FOREVER_WAIT); one that no longer can
   wake anyone sets loop->idle = NULL, and the loop then reports the
   deadlock. gen_idle_sleep can wake someone only through a watched event
   (gen_loop_watch).
   Pointers: every argument is a valid object of its type (a port, task,
   loop, frame); NULL is accepted only where said (gen_run's loop; the out
   parameter of NAME_next/_send/_throw). Frames, tasks, gathers, wait_fors,
   queues' arrays stay put while in use (nothing is copied).
   Async generators: section 10.
   Order: as asyncio's, pass for pass (test/diff runs random programs on
   both and compares): the ready queue is FIFO, a pass runs what was ready
   when it began, a woken task joins the end; the done callbacks asyncio
   runs between a child's end and a gather's or wait_for's awaiter are
   passes here too. Deliberate differences: equal deadlines fire in the
   order they were set (asyncio leaves that to its heap); a woken queue
   getter or putter gets the item or slot it was woken for (asyncio lets a
   newcomer take it first); a wait_for cancelled in the pass its task ends
   raises CancelledError (3.12's rule; 3.11 returned the task's result); a
   lock is a semaphore of 1 (see gen_semaphore_t).
   Interrupts: exactly three calls are safe from an interrupt or signal
   handler: gen_clock_tick (where the CPU stores a gen_time_t in one go, or
   with the tick type chosen so), gen_event_set_from_isr (after
   gen_loop_watch registered the event) and name_put_from_isr (after
   name_watch; the handler must be the queue's only producer, and the CPU
   must store a size_t in one go). Everything else runs on the loop's side.
   The idle hook should re-check loop->poked before sleeping (WFI wakes on a
   pending interrupt anyway).

   10. ASYNC GENERATORS (async def with yield, on the runtime)
   --------------------
   GEN_AGEN_DECLARE(name, T)   the port type of async generators of T: bodies
                         that can await (GEN_SLEEP, GEN_AWAIT, GEN_QUEUE_GET...)
                         and yield values of T. The value travels in the
                         port's result field: an async generator returns
                         nothing, as in Python. GEN_ASEND sends it a T
                         (the port holds one more T for it; sdcc passes no
                         struct by value: there, a struct T needs another
                         send type).
   GEN_AGEN_SEND_DECLARE(name, T, S)   the same, receiving S through asend
                         (char: asend unused, the smallest port).
   GEN_AYIELD(g, v)      in such a body: yield v to the consumer; afterwards
                         gen_was_sent(g) tells whether asend delivered
                         g->sent (x = yield v: GEN_YIELD_RECV's rule).
   In the consuming async function (agen is evaluated more than once: pass a
   plain pointer; each is one statement):
   GEN_ASYNC_FOR(g, agen, &v) statement   async for v in agen: (the
                                 statement may await, break and continue;
                                 with cc65, one per function: its label's
                                 name cannot paste __LINE__ there)
   GEN_ANEXT(g, agen, &v)        v = await anext(agen); afterwards
                                 gen_state(agen) == GEN_CLOSED when it was
                                 exhausted (StopAsyncIteration)
   GEN_ASEND(g, agen, x, &v)     v = await agen.asend(x) (x: the port's send
                                 type, T or GEN_AGEN_SEND_DECLARE's S;
                                 in the body, g->sent); x is delivered
                                 once (the next GEN_ANEXT sends None); to a
                                 generator not started yet it raises
                                 GEN_ERROR_NOT_STARTED here and leaves it
                                 new (asyncio's TypeError); asend(None) is
                                 GEN_ANEXT
   GEN_ATHROW(g, agen, code, msg, &v)   v = await agen.athrow(...); into one
                                 not started yet: closes it and raises the
                                 error here; into an exhausted one: nothing
                                 (it reads as closed; CPython 3.11 returns
                                 None there)
   GEN_ACLOSE(g, agen)           await agen.aclose(): its finally section may
                                 await; a value yielded instead raises
                                 GEN_ERROR_IGNORED_CLOSE here

   11. THE SMALL LOOP (protothreads on a clock: gen_pt_*)
   ------------------
   For firmware that wants tasks that sleep and nothing more: a task is a
   coro.h body (CORO_BEGIN(&t->co) ... CORO_END(), any CORO_* macro) with a
   gen_pt_t in its frame, and each pass of the loop calls every task once,
   in the order they were spawned. No values, errors raised into a task,
   awaits of tasks, gather or finally-on-cancel: those are section 9's. What
   it costs (bench/README.md): 40 bytes a task on x86-64 (48 with the goto
   backend), a task switch about 18 instructions (a round robin of
   function pointers: 8), the reference blinking task 300 bytes of
   Cortex-M0 flash (section 9's loop: 2,049).
   ---- example: begin
       #include "gen.h"

       void led(int on);

       struct blink { gen_pt_t task; int on; };   // the frame: what lives across a wait

       static int blink_body(gen_pt_t *t)
       {
           struct blink *b = GEN_SELF(struct blink, task, t);
           CORO_BEGIN(&t->co);
           for (;;) {
               led(b->on = !b->on);
               GEN_PT_SLEEP(t, 500);             // 500 ticks
           }
           CORO_END();
       }

       static gen_clock_t ticks;
       static gen_pt_loop_t loop;
       static struct blink blink;                 // static: zeroed

       void timer_isr(void);
       void timer_isr(void) { gen_clock_tick(&ticks); }  // 1 tick

       void run_blink(void);
       void run_blink(void)
       {
           gen_pt_loop_init(&loop, gen_clock_ticks(&ticks, 0));
           gen_pt_spawn(&loop, &blink.task, blink_body);
           for (;;) {
               gen_time_t wait;
               gen_pt_step(&loop);
               if (gen_pt_idle(&loop, &wait) && wait > 0) {
                   // nothing due for `wait` ticks: sleep until an interrupt (WFI)
               }
           }
       }
   ---- example: end
   gen_pt_loop_init(&loop, clock)     any clock of section 9
   gen_pt_spawn(&loop, &t, body)      body: int body(gen_pt_t *t); t must be
                                      zeroed (static, or = {0}) or done. A t
                                      still in a loop is refused:
                                      GEN_ERROR_RUNNING, nothing changes (a
                                      trap first in debug builds). From a body
                                      too (t->loop): the new task runs later
                                      in the same pass.
   gen_pt_step(&loop)                 one pass: reads the clock once, calls
                                      each task once; a task that returns
                                      anything but CORO_SUSPENDED leaves the
                                      loop. 1 while tasks remain, else 0;
                                      from inside a task of the same loop:
                                      GEN_ERROR_RUNNING, nothing done (a
                                      trap first in debug builds)
   gen_pt_idle(&loop, &wait)          1 if every task sleeps, or none is left;
                                      wait: the ticks to the earliest
                                      deadline (0 if one has come already:
                                      the next pass runs it;
                                      GEN_FOREVER_WAIT if no task is left).
                                      0 if a task is ready or polls (wait 0).
                                      Sleep (WFI) only when it says 1 and
                                      wait > 0
   gen_pt_run(&loop)                  steps until every task is done; when
                                      none is due, a virtual clock jumps to
                                      the earliest deadline, else loop.idle
                                      (if set) is called with the wait.
                                      GEN_DONE (or gen_pt_step's refusal)
   gen_pt_done(&t), gen_pt_result(&t) once done: CORO_DONE, the body's
                                      error (CORO_FAIL, CORO_ERROR_RUNNING
                                      after a plain return), or
                                      GEN_ERROR_CANCELLED
   gen_pt_cancel(&t)                  the loop drops t at its next visit, the
                                      body not called again and its finally
                                      section not run (a coro_t cannot be
                                      closed from outside: a task that must
                                      clean up polls a flag of yours). 1 if
                                      asked; 0 if t is done or was never
                                      spawned, or is the running task itself
                                      (a trap first: end with CORO_EXIT)
   gen_pt_now(t)                      in a body: the time its pass began
   In a body (t: the gen_pt_t * it received; each one statement):
     GEN_PT_SLEEP(t, d)               sleep d ticks (a gen_delay_t), counted
                                      from the start of the pass; 0 or less:
                                      until the next pass. A sleeping task is
                                      still called each pass and tests its
                                      deadline (a few instructions). At most
                                      half the time type's range: a longer
                                      delay traps in debug builds and sleeps
                                      that half
     CORO_YIELD(), CORO_WAIT_UNTIL(e) until the next pass / until e holds,
                                      tested once a pass (a task that polls
                                      keeps the loop from being idle)
     GEN_PT_WAIT_UNTIL_FOR(t, e, d)   CORO_WAIT_UNTIL(e) for at most d ticks;
                                      then gen_pt_timed_out(t) says whether
                                      the deadline ended it (e is tested
                                      first: e true at the deadline is not a
                                      timeout)
   A child body (CORO_AWAIT) that is handed t may use GEN_PT_SLEEP(t, d)
   too. Interrupts: gen_clock_tick only, as in section 9. The pass visits
   every task, sleeping or not: for thousands of sleeping tasks section 9's
   timer heap wakes only those due.
*/
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <limits.h>
#include "coro.h"

#define GEN_VERSION_MAJOR 0
#define GEN_VERSION_MINOR 6
#define GEN_VERSION_PATCH 0
#define GEN_VERSION (GEN_VERSION_MAJOR * 10000 + GEN_VERSION_MINOR * 100 + GEN_VERSION_PATCH)
#if GEN_VERSION != CORO_VERSION
#error "gen.h: this gen.h and the coro.h it includes come from different releases: use the coro.h that came with this gen.h"
#endif

#ifdef CORO_NO_RUNTIME
#error "gen.h: CORO_NO_RUNTIME is gone: coro.h is the resumable-function core alone now; include coro.h without gen.h for that, and remove CORO_NO_RUNTIME"
#endif
#ifdef CORO_NO_ASYNC
#error "gen.h: CORO_NO_ASYNC was renamed GEN_NO_ASYNC (the runtime lives in gen.h now): define GEN_NO_ASYNC instead"
#endif
#ifdef GEN_PT_ONLY
#ifdef GEN_NO_PT
#error "gen.h: GEN_PT_ONLY keeps the small loop alone and GEN_NO_PT leaves it out: define one of them"
#endif
#ifndef GEN_NO_ASYNC
#define GEN_NO_ASYNC
#endif
#ifndef GEN_NO_COMBINATORS
#define GEN_NO_COMBINATORS
#endif
#endif

/* ==== PART I: THE GENERATOR PROTOCOL ======================================
   Public functions and macros of this part, one line each (details:
   sections 2 to 5 of the manual above):
     name *name_init(name *g, int (*body)(name *))   a fresh generator
     int name_next(name *g, Y *out)                  next(g)
     int name_send(name *g, S v, Y *out)             g.send(v)
     int name_throw(name *g, int code, const char *msg, Y *out)   g.throw(E)
     int gen_close(g)                                g.close()
     int gen_state(g), unsigned gen_line(g)          state, suspended line
     const gen_error_t *gen_error(g), *gen_caught(g) raised / caught error
     int gen_was_sent(g), gen_closing(g)             resumed by send / by close
     const char *gen_strerror(int rc)                a message for a result
     in bodies: GEN_BEGIN, GEN_YIELD(_CATCH, _RECV), GEN_YIELD_FROM(_CATCH),
     GEN_RETURN, GEN_FAIL, GEN_RERAISE, GEN_TRY ... GEN_EXCEPT ... GEN_END_TRY,
     GEN_TRY_FINALLY ... GEN_FINALLY_BLOCK ... GEN_END_FINALLY, GEN_FINALLY,
     GEN_END (section 3)
   ========================================================================== */


#include <stddef.h>


typedef struct gen_error_t {
    int code;
    const char *msg;
} gen_error_t;

typedef struct gen_t gen_t;

/* What the generic code needs to know of a port type. */
typedef struct gen__vt {
    int (*resume)(gen_t *g);
    void (*take_value)(gen_t *g); /* yield from: g's value = its sub's */
    size_t value_off; /* offset of the port's value field */
    size_t sent_off;  /* offset of the port's sent field */
} gen__vt;

/* The generator core: a resume point of coro.h's backend contract plus
   what Python's protocol needs (state, signals, the pending outcome). */
typedef struct gen__co_t {
    coro__pc_t pc;       /* resume point; zero: the start */
    coro_line_t line;    /* source line of the current suspension point */
    unsigned char state; /* GEN_CREATED, _SUSPENDED, _RUNNING, _CLOSED */
    signed char rc;      /* the outcome pending while the finally section
                            runs: 0, GEN__RC_CLOSING or an error */
    unsigned char flags; /* GEN__F_* */
} gen__co_t;

struct gen_t {
    gen__co_t co;
    gen_error_t err;   /* the error raised: the outcome, or the one pending
                          while the finally section runs */
    gen_error_t exc;   /* the error delivered at a catching or delegating
                          suspension point: caught, or forwarded to sub */
    gen_t *sub;        /* the generator yield from delegates to */
    const gen__vt *vt;
};

enum {
    GEN_DONE = CORO_DONE,
    GEN_YIELDED = CORO_SUSPENDED,
    GEN_ERROR_LOST = CORO_ERROR_LOST,
    GEN_ERROR_RUNNING = CORO_ERROR_RUNNING,
    GEN_ERROR = CORO_ERROR_RAISED,
    GEN_ERROR_NOT_STARTED = -4,
    GEN_ERROR_IGNORED_CLOSE = -5,
    GEN_ERROR_VALUE = -6,
    GEN_ERROR_UNINIT = CORO_ERROR_UNINIT,
    GEN_ERROR_EXIT = -8,
    GEN_ERROR_CANCELLED = -9,  /* CancelledError */
    GEN_ERROR_TIMEOUT = -10,   /* TimeoutError (gen_wait_for) */
    GEN_ERROR_DEADLOCK = -11,  /* gen_loop_run: tasks wait and nothing can wake them */
    GEN_ERROR_IO = -12         /* gen_run: its descriptor driver could not start */
};

enum {
    GEN_CREATED = CORO_STATE_CREATED,
    GEN_SUSPENDED = CORO_STATE_SUSPENDED,
    GEN_RUNNING = CORO_STATE_RUNNING,
    GEN_CLOSED = CORO_STATE_CLOSED
};

#define gen_state(g) gen__state(&(g)->base)
#define gen_line(g) gen__line(&(g)->base)
#define gen_error(g) gen__error(&(g)->base)
#define gen_caught(g) gen__caught(&(g)->base)
/* the two with one convention: the error's code, 0 for none */
#define gen_error_code(g) (gen__error(&(g)->base)->code)
#define gen_caught_code(g) gen__caught_code(&(g)->base)
#define gen_was_sent(g) gen__flag(&(g)->base, GEN__F_SENT)
#define gen_closing(g) ((g)->base.co.rc == GEN__RC_CLOSING)
#define gen_close(g) gen__close(&(g)->base)

#if defined(__cplusplus) && __cplusplus >= 201103L
/* offsetof is defined for standard-layout classes only (C++ makes it
   conditionally supported otherwise, and g++/clang++ warn): a frame that
   is not one is a compile error here, naming the fix (caveat 9). C++98
   has no static_assert: there g++ and clang++ only warn. */
#if defined(__GNUC__) || defined(__clang__)
/* the compiler's own trait: no header (avr-g++, the Arduino AVR core's
   compiler, has no <type_traits>: no C++ standard library at all) */
#define GEN__IS_STANDARD_LAYOUT(T) __is_standard_layout(T)
#else
#include <type_traits>
#define GEN__IS_STANDARD_LAYOUT(T) std::is_standard_layout<T>::value
#endif
template <class T> struct gen__standard_layout_frame {
    static_assert(GEN__IS_STANDARD_LAYOUT(T),
        "GEN_SELF: this frame is not standard-layout (a member with virtual functions, "
        "or members of mixed access?), so offsetof is not defined for it: derive the frame "
        "from its port instead (struct T : NAME { ... }) and use static_cast<T *>(g)");
    enum { ok = 1 };
};
#define GEN_SELF(T, member, g) \
    ((void)gen__standard_layout_frame<T>::ok, (T *)(void *)((char *)(g) - offsetof(T, member)))
#else
#define GEN_SELF(T, member, g) ((T *)(void *)((char *)(g) - offsetof(T, member)))
#endif

/* GEN_FUNCTION(PORT, name, fields) { body }: the frame, the constructor and
   the body of a generator (or, with PORT gen_async, an async function) in
   one declaration. The frame is struct name { PORT gen; fields }, the
   constructor PORT *name(struct name *f) (set the argument fields first),
   and the block after the macro is the body, an int function of g (the
   port) and f (the frame): f->field instead of a GEN_SELF line. fields are
   member declarations, commas allowed (a variadic argument; C++98 has no
   variadic macros: there, no commas, one member per declaration), or
   nothing after the comma: GEN_FUNCTION(PORT, name, ) (then write (void)f;
   after GEN_BEGIN, or -Wextra calls f unused).
   GEN_FUNCTION_FRAME(PORT, name) { body } is the same for a frame struct
   name { PORT gen; ... } declared before it, for functions that take the
   frame and must be declared between the two. */
#if defined(__cplusplus) && __cplusplus < 201103L
#define GEN_FUNCTION(PORT, name, fields) struct name { PORT gen; fields }; GEN_FUNCTION_FRAME(PORT, name)
#else
#define GEN_FUNCTION(PORT, name, ...) struct name { PORT gen; __VA_ARGS__ }; GEN_FUNCTION_FRAME(PORT, name)
#endif
#define GEN_FUNCTION_FRAME(PORT, name) \
    static int name##__body(PORT *g, struct name *f); \
    CORO__FNS_BEGIN \
    static int name##__resume(PORT *gen__g) \
    { \
        return name##__body(gen__g, GEN_SELF(struct name, gen, gen__g)); \
    } \
    CORO__API PORT *name(struct name *gen__f) \
    { \
        return PORT##_init(&gen__f->gen, name##__resume); \
    } \
    CORO__FNS_END \
    static int name##__body(PORT *g, struct name *f)

/* ---- generic functions on gen_t ----------------------------------------- */

enum { GEN__GO = 2, GEN__CLOSED_SUB = 3 };

/* ---- the generator core -------------------------------------------------- */

/* the pending outcome of a generator being closed (it ends with GEN_DONE),
   and of a GEN_RETURN on its way through a GEN_TRY_FINALLY's finally block */
enum { GEN__RC_CLOSING = 1, GEN__RC_RETURNING = 2 };

/* flags: signals delivered from outside and the body's unwinding state */
enum {
    GEN__F_CLOSE = 1,        /* close requested: unwind to the finally section */
    GEN__F_THROW = 2,        /* an error was thrown in */
    GEN__F_CATCHING = 4,     /* the suspension point catches thrown errors */
    GEN__F_DELEGATING = 8,   /* the suspension point forwards signals (yield from) */
    GEN__F_CAUGHT = 16,      /* this resume delivered a caught error (in exc) */
    GEN__F_SENT = 32,        /* this resume carries a sent value */
    GEN__F_UNWINDING = 64,   /* the finally section is running or due */
    GEN__F_FIN_CLOSE = 128,  /* a close at this suspension point runs the
                                finally block of a GEN_TRY_FINALLY first */
    /* the flags of one suspension point and of its resume: each
       suspension writes them afresh, so that a resume only looks at the
       state (a signal's sender sets what it means: gen__resume_signal) */
    GEN__F_POINT = GEN__F_CATCHING | GEN__F_CAUGHT | GEN__F_FIN_CLOSE
};

/* GEN_PT_ONLY leaves out the functions of this part but gen_strerror */
#ifndef GEN_PT_ONLY

CORO__API void gen__co_init(gen__co_t *c)
{
    c->pc = 0;
    c->line = 0;
    c->state = GEN_CREATED;
    c->rc = 0;
    c->flags = 0;
}

/* Ends the generator and returns its outcome. */
CORO__API int gen__co_finish(gen__co_t *c)
{
    int rc = c->rc < 0 ? (int)c->rc : (int)GEN_DONE;
    c->state = GEN_CLOSED;
    c->flags = 0;
    c->line = 0;
    c->rc = 0;
    return rc;
}

/* Starts unwinding towards the finally section. Returns 0 when the body is
   already unwinding (it is in its finally section): it must finish now. */
CORO__API int gen__co_unwind(gen__co_t *c)
{
    if (c->flags & GEN__F_UNWINDING)
        return 0;
    c->flags = (unsigned char)(c->flags | GEN__F_UNWINDING);
    c->pc = CORO__PC_OF(CORO__PC_S_FINALLY);
    return 1;
}

/* Records err as the pending outcome. */
CORO__API void gen__co_fail(gen__co_t *c, int err)
{
    c->rc = (signed char)err;
}

/* What a close or a throw just set in the flags of a suspended generator
   does at its suspension point: caught there, taken to a finally block,
   forwarded (yield from), or the start of the unwinding. Returns 1 when
   the body must finish at once (a signal arrived inside the finally
   section). Run by the sender, not by the body: see gen__resume_signal. */
CORO__API int gen__co_signal(gen__co_t *c)
{
    unsigned f = c->flags;
    unsigned sig = f & (GEN__F_CLOSE | GEN__F_THROW);
    f &= ~(unsigned)GEN__F_CAUGHT;
    if (sig && !(f & GEN__F_DELEGATING)) {
        if (sig == GEN__F_THROW && (f & GEN__F_CATCHING)) {
            f = (f & ~(unsigned)GEN__F_THROW) | GEN__F_CAUGHT;
        } else if (sig == GEN__F_CLOSE && (f & GEN__F_FIN_CLOSE)) {
            /* left set: the suspension point takes it to its finally block */
        } else {
            /* a thrown error becomes the outcome; a close replaces any
               pending error (as GeneratorExit replaces an exception) */
            c->rc = (signed char)((sig & GEN__F_THROW) ? (int)GEN_ERROR : (int)GEN__RC_CLOSING);
            c->flags = (unsigned char)(f & ~(unsigned)(GEN__F_CATCHING | GEN__F_FIN_CLOSE | GEN__F_THROW | GEN__F_CLOSE));
            if (!gen__co_unwind(c))
                return 1;
            /* pc is no resume point now: the body must take its dispatch
               switch, as on its first call (see GEN_BEGIN) */
            c->state = GEN_CREATED;
            return 0;
        }
    }
    c->flags = (unsigned char)(f & ~(unsigned)(GEN__F_CATCHING | GEN__F_FIN_CLOSE));
    return 0;
}

/* GEN_BEGIN's uncommon entries (the first call, or the first after a
   signal started the unwinding; running, closed, no state: never
   initialised): GEN__GO to go on into the body, or what the body returns
   at once. */
CORO__API int gen__co_enter(gen__co_t *c)
{
    if (c->state > GEN_CLOSED) {
#if CORO_DEBUG
        CORO_TRAP("a generator's port was never initialised (its state byte is no state): call NAME_init before the first resume");
#endif
        return GEN_ERROR_UNINIT;
    }
    if (c->state >= GEN_RUNNING)
        return c->state == GEN_RUNNING ? GEN_ERROR_RUNNING : GEN_DONE;
    c->state = GEN_RUNNING;
    return GEN__GO;
}

/* Resumes g, suspended, with a close or a throw just set in its flags.
   The sender decides what the signal does (gen__co_signal), so that a
   body pays nothing for the signals a program never sends; the body is
   not entered at all when the signal ends it. */
CORO__API int gen__resume_signal(gen_t *g)
{
    if (gen__co_signal(&g->co))
        return gen__co_finish(&g->co);
    return g->vt->resume(g);
}

/* The dispatch switch's default branch: a close/throw without a finally
   section, or (switch backend) a resume point the switch does not own. */
CORO__API int gen__co_default(gen__co_t *c)
{
    if (CORO__PC_LOST(c->pc))
        c->rc = (signed char)coro__lost();
    return gen__co_finish(c);
}

CORO__API int gen__state(const gen_t *g) { return g->co.state; }

CORO__API unsigned gen__line(const gen_t *g)
{
    return g->co.state == GEN_SUSPENDED ? (unsigned)g->co.line : 0u;
}

#endif /* GEN_PT_ONLY */

#define GEN__MSG_UNINIT CORO__MSG("generator used before NAME_init: initialise its port first")

CORO__API const char *gen_strerror(int rc)
{
    switch (rc) {
    case GEN_ERROR_NOT_STARTED: return CORO__MSG("can't send a value to a just-started generator: call next first");
    case GEN_ERROR_IGNORED_CLOSE: return CORO__MSG("generator ignored close: its finally section yielded");
    case GEN_ERROR_VALUE: return CORO__MSG("bad argument value");
    case GEN_ERROR_UNINIT: return GEN__MSG_UNINIT;
    case GEN_ERROR_EXIT: return CORO__MSG("GeneratorExit");
    case GEN_ERROR_CANCELLED: return CORO__MSG("CancelledError");
    case GEN_ERROR_TIMEOUT: return CORO__MSG("TimeoutError");
    case GEN_ERROR_DEADLOCK: return CORO__MSG("deadlock: tasks wait for something no task or timer can bring");
#ifndef GEN_NO_IO
    case GEN_ERROR_IO: return CORO__MSG("gen_run's epoll driver could not start: see errno");
#endif
    default: return coro_strerror(rc);
    }
}

#ifndef GEN_PT_ONLY

/* A port used before NAME_init (its body and vt are null). */
CORO__API int gen__uninit(void)
{
#if CORO_DEBUG
    CORO_TRAP("a generator was used before NAME_init: initialise its port with NAME_init, or its constructor, first");
#endif
    return GEN_ERROR_UNINIT;
}

CORO__API void gen__init(gen_t *g, const gen__vt *vt)
{
    gen__co_init(&g->co);
    g->err.code = 0;
    g->err.msg = 0;
    g->exc.code = 0;
    g->exc.msg = 0;
    g->sub = 0;
    g->vt = vt;
}

/* Was the port initialised? NAME_next asks this first, through the base:
   cppcheck's whole-program check names the functions one macro defines by
   the macro's location, so it takes NAME_init for NAME_next, and a read
   through the port as NAME_next's first step would look to it like
   NAME_init reading the uninitialised frame it is given. */
CORO__API int gen__ready(const gen_t *g) { return g->vt != 0; }

CORO__API const gen_error_t *gen__error(const gen_t *g) { return &g->err; }

CORO__API int gen__caught_code(const gen_t *g)
{
    return (g->co.flags & GEN__F_CAUGHT) ? g->exc.code : 0;
}

CORO__API const gen_error_t *gen__caught(const gen_t *g)
{
#if defined(__GNUC__) && !defined(__clang__)
    /* chosen without a branch: gcc 12's -fanalyzer (deeper budget) follows
       each branch of `caught ? &exc : 0` on its own at each call, and then
       reports `gen_caught(g) && gen_caught(g)->code` as a NULL dereference
       (gcc makes the same code of both) */
    const gen_error_t *which[2];
    which[0] = 0;
    which[1] = &g->exc;
    return which[(g->co.flags & GEN__F_CAUGHT) != 0];
#else
    return (g->co.flags & GEN__F_CAUGHT) ? &g->exc : 0;
#endif
}

CORO__API int gen__flag(const gen_t *g, unsigned flag) { return (g->co.flags & flag) != 0; }

CORO__API void gen__set_flag(gen_t *g, unsigned flag)
{
    g->co.flags = (unsigned char)(g->co.flags | flag);
}

CORO__API void gen__clear_flag(gen_t *g, unsigned flag)
{
    g->co.flags = (unsigned char)(g->co.flags & ~flag);
}

/* The innermost generator of a yield-from chain. */
CORO__API gen_t *gen__leaf(gen_t *g)
{
    while (g->sub)
        g = g->sub;
    return g;
}

CORO__API void *gen__value_of(gen_t *g)
{
    g = gen__leaf(g);
    return (char *)(void *)g + g->vt->value_off;
}

CORO__API void *gen__sent_of(gen_t *g)
{
    g = gen__leaf(g);
    return (char *)(void *)g + g->vt->sent_off;
}

CORO__API void gen__set_error(gen_t *g, int code, const char *msg)
{
    g->err.code = code;
    g->err.msg = msg;
}

/* GEN_FAIL: record the error as the pending outcome. */
CORO__API void gen__raise(gen_t *g, int code, const char *msg)
{
    gen__set_error(g, code, msg);
    gen__co_fail(&g->co, GEN_ERROR);
}

/* The try blocks' bookkeeping (b: a gen_t * without side effects), as
   macros: a body without try blocks pays nothing for them, even with a
   compiler that keeps every function a header defines (sdcc, cc65).
   gen__catch: GEN_FAIL in a try block, the error caught, not raised;
   gen__recatch: GEN_RERAISE there, what was caught stays caught;
   gen__catch_from: GEN_FOR_IN there, the source's error (rc) caught;
   gen__catch_pending: an error pending in rc (in err) reaches an except
   branch, and is no longer the error it raised;
   gen__pend_caught: a thrown error a suspension point caught for a
   finally block is pending again; gen__pend_close (c: the core): a close
   it took for a finally block is pending. */
#define gen__catch(b, code_, msg_) \
    ((b)->exc.code = (code_), (b)->exc.msg = (msg_), gen__set_flag((b), GEN__F_CAUGHT))
#define gen__recatch(b) \
    (gen__caught(b) ? (void)0 : gen__catch((b), GEN_ERROR_RUNNING, CORO__MSG("No active exception to reraise")))
#define gen__catch_from(b, src, rc) \
    ((rc) == GEN_ERROR ? gen__catch((b), (src)->err.code, (src)->err.msg) \
                       : gen__catch((b), (rc), gen_strerror(rc)))
#define gen__catch_pending(b) \
    ((b)->co.rc = 0, gen__catch((b), (b)->err.code, (b)->err.msg), gen__set_error((b), 0, 0))
#define gen__pend_caught(b) \
    (gen__clear_flag((b), GEN__F_CAUGHT), gen__raise((b), (b)->exc.code, (b)->exc.msg))
#define gen__pend_close(c) \
    ((c)->flags = (unsigned char)((c)->flags & ~(unsigned)GEN__F_CLOSE), (c)->rc = (signed char)GEN__RC_CLOSING)

CORO__API void gen__reraise(gen_t *g)
{
    const gen_error_t *e = gen__caught(g);
    if (e)
        gen__raise(g, e->code, e->msg);
    else
        gen__raise(g, GEN_ERROR_RUNNING, CORO__MSG("No active exception to reraise"));
}

/* Take over the error of a source that ended with rc < 0. */
CORO__API void gen__raise_from(gen_t *g, const gen_t *src, int rc)
{
    if (rc == GEN_ERROR)
        gen__raise(g, src->err.code, src->err.msg);
    else
        gen__raise(g, rc, gen_strerror(rc));
}

/* Can send go on? GEN__GO, or the result to return at once. */
CORO__API int gen__send_check(const gen_t *g)
{
    if (!g->vt)
        return gen__uninit();
    switch (g->co.state) {
    case GEN_SUSPENDED: return GEN__GO;
    case GEN_CREATED: return GEN_ERROR_NOT_STARTED;
    case GEN_RUNNING: return GEN_ERROR_RUNNING;
    default: return GEN_DONE;
    }
}

/* throw's delivery: an error that will be caught or forwarded goes to
   exc, so that the error pending while a finally section runs (err) stays
   as it is; one that will be raised goes to err. Returns 1 when the body
   must be resumed to see it, 0 when the generator was created or closed:
   closed now, with the error raised straight back. */
CORO__API int gen__deliver(gen_t *g, int code, const char *msg)
{
    if (g->co.state != GEN_SUSPENDED) {
        gen__set_error(g, code, msg);
        g->co.state = GEN_CLOSED;
        return 0;
    }
    if (g->co.flags & (GEN__F_CATCHING | GEN__F_DELEGATING)) {
        g->exc.code = code;
        g->exc.msg = msg;
    } else {
        gen__set_error(g, code, msg);
    }
    gen__set_flag(g, GEN__F_THROW);
    return 1;
}

CORO__API int gen__throw(gen_t *g, int code, const char *msg)
{
    if (!g->vt)
        return gen__uninit();
    if (g->co.state == GEN_RUNNING)
        return GEN_ERROR_RUNNING;
    if (!gen__deliver(g, code, msg)) /* created or closed: raised straight back */
        return GEN_ERROR;
    return gen__resume_signal(g);
}

CORO__API int gen__close(gen_t *g)
{
    int rc;
    if (!g->vt)
        return gen__uninit();
    switch (g->co.state) {
    case GEN_SUSPENDED: break;
    case GEN_RUNNING: return GEN_ERROR_RUNNING;
    default: g->co.state = GEN_CLOSED; return GEN_DONE;
    }
    gen__set_flag(g, GEN__F_CLOSE);
    rc = gen__resume_signal(g);
    if (rc == GEN_ERROR && g->err.code == GEN_ERROR_IGNORED_CLOSE)
        return GEN_ERROR_IGNORED_CLOSE; /* a sub's ignored close: one spelling */
    if (rc != GEN_YIELDED)
        return rc;
    /* It goes on suspended. In its finally section, as in Python, with
       GeneratorExit pending: the resume that finishes it raises that.
       Elsewhere (a sub turned the close into an error it caught) nothing
       is pending. */
    gen__clear_flag(g, GEN__F_CLOSE);
    if (g->co.flags & GEN__F_UNWINDING)
        gen__raise(g, GEN_ERROR_EXIT, CORO__MSG("GeneratorExit"));
    return GEN_ERROR_IGNORED_CLOSE;
}

/* A sub ended with rc < 0: its error, in flight in self until
   gen__from_caught says whether it is caught or raised. */
CORO__API void gen__set_exc(gen_t *self, int rc, const gen_t *sub)
{
    self->exc.code = rc == GEN_ERROR ? sub->err.code : rc;
    self->exc.msg = rc == GEN_ERROR ? sub->err.msg : gen_strerror(rc);
}

/* yield from: a step of sub ended with rc. */
CORO__API int gen__from_stepped(gen_t *self, const gen_t *sub, int rc)
{
    if (rc == GEN_YIELDED) {
        self->vt->take_value(self); /* so that g->value is current at every level */
        return rc;
    }
    self->sub = 0;
    if (rc < 0) {
        gen__set_exc(self, rc, sub);
        return GEN_ERROR;
    }
    return GEN_DONE;
}

/* yield from: the first step, started as next() would (signal 0), or
   with a close or a throw just set in sub's flags (1: athrow, aclose). */
CORO__API int gen__from_start_as(gen_t *self, gen_t *sub, int signal)
{
    gen__clear_flag(self, GEN__F_CAUGHT); /* no stale except branch */
    self->sub = sub;
    return gen__from_stepped(self, sub, signal ? gen__resume_signal(sub) : sub->vt ? sub->vt->resume(sub) : gen__uninit());
}
#define gen__from_start(self, sub) gen__from_start_as((self), (sub), 0)

/* yield from: one later step, forwarding what our caller did to sub. */
CORO__API int gen__from_step(gen_t *self)
{
    gen_t *sub = self->sub;
    unsigned f = self->co.flags;
    int rc;
    gen__clear_flag(self, GEN__F_DELEGATING | GEN__F_THROW | GEN__F_CLOSE);
    if (f & GEN__F_CLOSE) {
        rc = gen__close(sub);
        self->sub = 0;
        if (rc == GEN_DONE) {
            gen__co_fail(&self->co, GEN__RC_CLOSING); /* now close us */
            return GEN__CLOSED_SUB;
        }
    } else if (f & GEN__F_THROW) {
        rc = gen__throw(sub, self->exc.code, self->exc.msg);
    } else {
        if (f & GEN__F_SENT)
            gen__set_flag(sub, GEN__F_SENT);
        rc = sub->vt->resume(sub);
        gen__clear_flag(sub, GEN__F_SENT);
    }
    return gen__from_stepped(self, sub, rc);
}

/* After yield from ended with an error (in self->exc): caught (1), or
   raised (0): it becomes the pending outcome. */
CORO__API int gen__from_caught(gen_t *self, int catching)
{
    if (catching) {
        gen__set_flag(self, GEN__F_CAUGHT);
        return 1;
    }
    gen__raise(self, self->exc.code, self->exc.msg);
    return 0;
}

#endif /* GEN_PT_ONLY */

/* ---- body macros -------------------------------------------------------- */

/* The locals: the port's base, its core, a scratch result. The body is
   the dispatch switch of coro.h's backend contract on the core's resume
   point (see GEN_END for its other cases). A suspended port's resume point
   is always one of its body's (a signal that sends the body to its
   finally section leaves it created: gen__co_signal), so the common
   resume jumps there without the dispatch's range test (goto backend). */
#define GEN_BEGIN(g) \
    gen_t *const gen__self = &(g)->base; \
    gen__co_t *const gen__c = &gen__self->co; \
    int gen__rc = 0, gen__fin_mode GEN__FIN_MODE_INIT; \
    CORO__PC_BASE_DECL \
    CORO__PC_CONST_NONE(gen__try_pc); \
    CORO__PC_CONST_NONE(gen__fin_pc); \
    GEN__IN_FINALLY_BLOCK(0) \
    (void)gen__rc; \
    (void)gen__fin_mode; \
    (void)gen__try_pc; \
    (void)gen__fin_pc; \
    if (CORO__LIKELY(gen__c->state == GEN_SUSPENDED)) { \
        gen__c->state = GEN_RUNNING; /* the common resume */ \
        CORO__PC_RESUME(gen__c->pc) \
    } else if ((gen__rc = gen__co_enter(gen__c)) != GEN__GO) { \
        return gen__rc; \
    } \
    gen__dispatch: \
    CORO__PC_DISPATCH(gen__c->pc) CORO__PC_CASE(CORO__PC_S_START)

/* The suspension step shared by every suspension macro: a statement list
   "save; return; label" (flag: GEN__F_CATCHING, _DELEGATING or 0). Inside
   a try block (GEN_TRY, GEN_TRY_FINALLY) a suspension that does not catch
   or delegate by itself catches, and a close is taken to the finally
   block: see GEN__RESUMED. */
#define GEN__SUSPEND(id, flag) \
    GEN__SUSPEND_CHECK \
    gen__c->pc = CORO__PC_VALUE(id); \
    gen__c->line = (coro_line_t)__LINE__; \
    gen__c->state = GEN_SUSPENDED; \
    gen__c->flags = (unsigned char)((gen__c->flags & ~(unsigned)GEN__F_POINT) | (unsigned)((flag) | GEN__TRY_FLAGS(flag))); \
    return GEN_YIELDED; \
    CORO__PC_LABEL(id) \
    GEN__RESUMED(flag)

/* Try blocks inside a body. Two constants of the enclosing block, known
   at compile time, say where the innermost try block's handlers start:
   gen__try_pc, the except branch of the innermost GEN_TRY whose try part
   holds this point (0: none, or a GEN_TRY_FINALLY is nearer), and
   gen__fin_pc, the finally block of the innermost GEN_TRY_FINALLY (0:
   none). Outside any try block both are 0 and the macros below compile to
   nothing more than before. Each try block declares them again: -Wshadow
   is off for those declarations. An error goes to the except branch (the
   caught-error slot, gen_caught, holds it), else to the finally block;
   a close and a return go to the finally block only. A finally block
   runs with the pending outcome in the core's rc (an error, a close,
   GEN__RC_RETURNING) kept in gen__fin_mode, and passes it on at its end. */
#define GEN__IN_TRY (gen__try_pc != 0)
#define GEN__IN_FIN (gen__fin_pc != 0)
#define GEN__JUMP(to) { gen__c->pc = (coro__pc_t)(to); goto gen__dispatch; }
#define GEN__TRY_FLAGS(flag) \
    (((flag) == 0 && (GEN__IN_TRY || GEN__IN_FIN) ? GEN__F_CATCHING : 0) | \
     ((flag) != GEN__F_DELEGATING && GEN__IN_FIN ? GEN__F_FIN_CLOSE : 0))
/* at a suspension point, resumed: a thrown error it caught for a try
   block (flag 0), or a close it took (GEN__F_FIN_CLOSE), goes to the
   handler */
#define GEN__RESUMED(flag) \
    if ((flag) != GEN__F_DELEGATING && (GEN__IN_TRY || GEN__IN_FIN)) { \
        if ((flag) == 0 && (gen__c->flags & GEN__F_CAUGHT)) { \
            if (GEN__IN_TRY) GEN__JUMP(gen__try_pc) \
            gen__pend_caught(gen__self); \
            GEN__JUMP(gen__fin_pc) \
        } \
        if (GEN__IN_FIN && (gen__c->flags & GEN__F_CLOSE)) { \
            gen__pend_close(gen__c); \
            GEN__JUMP(gen__fin_pc) \
        } \
    }
/* after an await or yield from that does not catch by itself: an error it
   caught for a GEN_TRY goes to the except branch */
#define GEN__TRY_CAUGHT(catching) \
    if ((catching) == 0 && GEN__IN_TRY && (gen__c->flags & GEN__F_CAUGHT)) GEN__JUMP(gen__try_pc)
/* the pending outcome in rc leaves: an error to the except branch, any
   outcome to the finally block, else to the body's finally section */
#define GEN__PROPAGATE() \
    if (GEN__IN_TRY && gen__c->rc < 0) { gen__catch_pending(gen__self); GEN__JUMP(gen__try_pc) } \
    if (GEN__IN_FIN) GEN__JUMP(gen__fin_pc) \
    GEN__UNWIND()
/* after an error was put where it goes (gen__catch for an except branch,
   gen__raise otherwise) */
#define GEN__RAISED() \
    if (GEN__IN_TRY) GEN__JUMP(gen__try_pc) \
    GEN__PROPAGATE()
#if (defined(__GNUC__) && __GNUC__ >= 5 && !defined(__PCC__) && !defined(__TINYC__) && !defined(__chibicc__)) || defined(__clang__)
#define GEN__NO_SHADOW(decl) \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wshadow\"") \
    decl _Pragma("GCC diagnostic pop")
#else
#define GEN__NO_SHADOW(decl) decl
#endif
/* gen__fin_mode is set on both ways into a finally block; clang's
   -Wconditional-uninitialized counts the try part's resume points as ways
   in, so it starts at 0 there. sdcc and cc65 keep that store in every
   body: they go without. */
#if defined(__SDCC) || defined(__CC65__)
#define GEN__FIN_MODE_INIT
#else
#define GEN__FIN_MODE_INIT = 0
#endif
/* a try part's "no except branch here": on sdcc a static, as
   CORO__PC_CONST is there (an enumerator of this block would still be
   seen in blocks nested in later ones) */
#ifdef __SDCC
#define GEN__PC_NONE_IN_BLOCK(name) static const coro__pc_t name = 0
#else
#define GEN__PC_NONE_IN_BLOCK(name) CORO__PC_CONST_NONE(name)
#endif
/* A finally block must not suspend: a suspension macro there is a compile
   error naming the fix. Not on sdcc and cc65, whose block enumerators
   are no such constants (see CORO__PC_CONST). */
#if defined(__SDCC) || defined(__CC65__)
#define GEN__IN_FINALLY_BLOCK(v)
#define GEN__SUSPEND_CHECK
#define GEN__NOT_IN_FINALLY_BLOCK_CHECK
#else
#define GEN__IN_FINALLY_BLOCK(v) GEN__NO_SHADOW(enum { gen__in_finally_block = v };)
#define GEN__SUSPEND_CHECK \
    (void)sizeof(char[GEN_FINALLY_BLOCK_CANNOT_SUSPEND_USE_THE_BODY_GEN_FINALLY(gen__in_finally_block)]);
#define GEN_FINALLY_BLOCK_CANNOT_SUSPEND_USE_THE_BODY_GEN_FINALLY(in_block) (1 - 2 * (in_block))
#define GEN__NOT_IN_FINALLY_BLOCK_CHECK \
    (void)sizeof(char[GEN_TRY_FINALLY_IN_A_FINALLY_BLOCK_USE_A_SUB_OR_GEN_TRY(gen__in_finally_block)]);
#define GEN_TRY_FINALLY_IN_A_FINALLY_BLOCK_USE_A_SUB_OR_GEN_TRY(in_block) (1 - 2 * (in_block))
#endif

/* GEN_TRY(g) { ... } GEN_EXCEPT(g) { ... } GEN_END_TRY(g); is one
   statement. The except branch is entered through resume point id, in
   if (0): gen__rc tells the two entries apart. */
#define GEN_TRY(g) GEN__TRY(CORO__ID, g)
/* one more macro level: pcc and chibicc expand __COUNTER__ again at each
   use of a parameter, but pass a literal on to the next macro */
#define GEN__TRY(id, g) GEN__TRY_(id, g)
#define GEN__TRY_(id, g) \
    if (1) { \
        (void)sizeof((g)->base); \
        gen__rc = 0; \
        if (0) { CORO__PC_LABEL(id) gen__rc = 1; } \
        if (!gen__rc) { \
            GEN__NO_SHADOW(CORO__PC_CONST(gen__try_pc, id);) \
            (void)gen__try_pc;
#define GEN_EXCEPT(g) \
            (void)sizeof((g)->base); \
        } else
#define GEN_END_TRY(g) \
        (void)sizeof((g)->base); \
    } else (void)0

/* GEN_TRY_FINALLY(g) { ... } GEN_FINALLY_BLOCK(g) { ... } GEN_END_FINALLY(g);
   is one statement. The finally block is entered through resume point id
   with an outcome pending, or from the end of the try part with none;
   it cannot suspend, so gen__fin_mode (a local of the body) holds the
   outcome until its end, and no GEN_TRY_FINALLY may sit inside it (a
   compile error: there it would overwrite that local). */
#define GEN_TRY_FINALLY(g) GEN__TRY_FINALLY(CORO__ID, g)
#define GEN__TRY_FINALLY(id, g) GEN__TRY_FINALLY_(id, g)
#define GEN__TRY_FINALLY_(id, g) \
    if (1) { \
        GEN__NOT_IN_FINALLY_BLOCK_CHECK \
        (void)sizeof((g)->base); \
        gen__rc = 0; \
        if (0) { CORO__PC_LABEL(id) gen__fin_mode = gen__c->rc; gen__rc = 1; } \
        if (!gen__rc) { \
            GEN__NO_SHADOW(CORO__PC_CONST(gen__fin_pc, id);) \
            GEN__NO_SHADOW(GEN__PC_NONE_IN_BLOCK(gen__try_pc);) \
            (void)gen__fin_pc; \
            (void)gen__try_pc;
#define GEN_FINALLY_BLOCK(g) \
            (void)sizeof((g)->base); \
            gen__fin_mode = 0; \
        } \
        { \
            GEN__IN_FINALLY_BLOCK(1)
#define GEN_END_FINALLY(g) \
            (void)sizeof((g)->base); \
        } \
        if (gen__fin_mode) { \
            /* a return leaving the last finally block is a plain one */ \
            gen__c->rc = (signed char)(gen__fin_mode == GEN__RC_RETURNING && !GEN__IN_FIN ? 0 : gen__fin_mode); \
            GEN__PROPAGATE(); \
        } \
    } else (void)0

/* Leave for the finally section, or finish when already inside it. */
#define GEN__UNWIND() \
    if (gen__co_unwind(gen__c)) goto gen__dispatch; \
    return gen__co_finish(gen__c)

#define GEN_YIELD(g, v) GEN__YIELD_(CORO__ID, g, v, 0)
#define GEN_YIELD_CATCH(g, v) GEN__YIELD_(CORO__ID, g, v, GEN__F_CATCHING)
#define GEN__YIELD_(id, g, v, flag) do { (g)->value = (v); GEN__SUSPEND(id, flag) } while (0)
/* x = yield v: x (an lvalue, in the frame) gets the sent value, or
   if_next when the resume was next() (Python's None) */
#define GEN_YIELD_RECV(g, v, x, if_next) GEN__YIELD_RECV_(CORO__ID, g, v, x, if_next)
#define GEN__YIELD_RECV_(id, g, v, x, if_next) do { \
    (g)->value = (v); GEN__SUSPEND(id, 0) \
    (x) = gen_was_sent(g) ? (g)->sent : (if_next); \
} while (0)

/* rc = 0: inside the finally section a return discards the pending
   outcome, as Python's return in finally discards the exception */
#define GEN_RETURN(g, v) do { \
    (g)->result = (v); \
    gen__c->rc = GEN__IN_FIN ? GEN__RC_RETURNING : 0; \
    GEN__PROPAGATE(); \
} while (0)

#define GEN_FAIL(g, code, msg) do { \
    gen_t *const gen__b = &(g)->base; \
    if (GEN__IN_TRY) gen__catch(gen__b, (code), (msg)); \
    else gen__raise(gen__b, (code), (msg)); \
    GEN__RAISED(); \
} while (0)
/* raise (bare, in an except branch): the error gen_caught(g) returns,
   raised again; with nothing caught, as Python: RuntimeError
   (GEN_ERROR_RUNNING, "No active exception to reraise") */
#define GEN_RERAISE(g) do { \
    gen_t *const gen__b = &(g)->base; \
    if (GEN__IN_TRY) gen__recatch(gen__b); \
    else gen__reraise(gen__b); \
    GEN__RAISED(); \
} while (0)

/* Compile-time checks (nothing is evaluated) that sub yields (and
   receives) the same types as g. An await checks the yielded type alone:
   async ports all yield requests, and an async generator's send type is
   its own (nothing is sent down an await). */
#define GEN__SAME_VALUE(g, sub) (void)sizeof(&(g)->value == &(sub)->value)
#define GEN__SAME_TYPES(g, sub) \
    GEN__SAME_VALUE(g, sub); \
    (void)sizeof(&(g)->sent == &(sub)->sent)

#define GEN_YIELD_FROM(g, sub) GEN__FROM_(CORO__ID, g, sub, 0, GEN__SAME_TYPES(g, sub))
#define GEN_YIELD_FROM_CATCH(g, sub) GEN__FROM_(CORO__ID, g, sub, 1, GEN__SAME_TYPES(g, sub))
#define GEN__FROM_(id, g, sub, catching, check) do { \
    check; \
    gen__rc = gen__from_start(gen__self, &(sub)->base); \
    while (gen__rc == GEN_YIELDED) { \
        GEN__SUSPEND(id, GEN__F_DELEGATING) \
        gen__rc = gen__from_step(gen__self); \
    } \
    if (gen__rc == GEN__CLOSED_SUB || \
        (gen__rc == GEN_ERROR && !gen__from_caught(gen__self, (catching) | GEN__IN_TRY))) { \
        GEN__PROPAGATE(); \
    } \
    GEN__TRY_CAUGHT(catching); \
} while (0)

#define GEN_FINALLY(g) \
    (void)sizeof((g)->base); \
    goto gen__finally; \
    CORO__PC_CASE(CORO__PC_S_FINALLY) \
    gen__finally: \
    gen__c->flags = (unsigned char)(gen__c->flags | GEN__F_UNWINDING)

/* The body's end leaves the dispatch switch with break, so that the last
   token is the return your semicolon completes (no empty statement). */
#define GEN_END(g) \
    (void)sizeof((g)->base); \
    if (0) goto gen__dispatch; \
    break; \
    CORO__PC_DEFAULT return gen__co_default(gen__c); \
    } \
    return gen__co_finish(gen__c)

#define GEN_FOR(var, name, it) \
    for (name *CORO__CAT(gen__it, __LINE__) = (it); \
         name##_next(CORO__CAT(gen__it, __LINE__), &(var)) == GEN_YIELDED;)
/* the same, keeping what ended the loop in rc (an int lvalue): GEN_DONE,
   or GEN_ERROR (gen_error(it) tells) or a misuse code */
#define GEN_FOR_RC(var, name, it, rc) \
    for (name *CORO__CAT(gen__it, __LINE__) = (it); \
         ((rc) = name##_next(CORO__CAT(gen__it, __LINE__), &(var))) == GEN_YIELDED;)
/* for var in it: inside a generator body, whose loop may yield: itp (a
   NAME * in the frame) holds the iterator, and var must be in the frame
   too; an error the iterator raises is raised here, in the body */
#define GEN_FOR_IN(g, var, name, itp, it) \
    for ((itp) = (it);;) \
        if ((gen__rc = name##_next((itp), &(var))) != GEN_YIELDED) { \
            if (gen__rc < 0) { \
                if (GEN__IN_TRY) gen__catch_from(gen__self, &(itp)->base, gen__rc); \
                else gen__raise_from(gen__self, &(itp)->base, gen__rc); \
                GEN__RAISED(); \
            } \
            break; \
        } else

/* ---- port types --------------------------------------------------------- */

#ifdef GEN_PT_ONLY
#define GEN__PORT(name, Y, S, R) \
    typedef char GEN_PT_ONLY_LEAVES_OUT_GENERATORS_REMOVE_GEN_PT_ONLY_TO_DECLARE_A_PORT[-1];
#else
#define GEN__PORT(name, Y, S, R) \
    CORO__FNS_BEGIN \
    typedef struct name name; \
    struct name { \
        gen_t base; \
        Y value;  /* the value last yielded */ \
        S sent;   /* the value last sent */ \
        R result; /* the return value */ \
        int (*body)(name *gen__g); \
    }; \
    /* these two are not inline: pcc and chibicc emit name##_init's static \
       table even where they leave name##_init out, and the table names them */ \
    static int name##__resume(gen_t *gen__b) \
    { \
        name *gen__g = (name *)(void *)gen__b; \
        return gen__g->body(gen__g); \
    } \
    static void name##__take_value(gen_t *gen__b) \
    { \
        name *gen__g = (name *)(void *)gen__b; \
        gen__g->value = *(Y *)(void *)((char *)gen__b->sub + offsetof(name, value)); \
    } \
    CORO__API name *name##_init(name *gen__g, int (*gen__body)(name *)) \
    { \
        static const gen__vt gen__table = { name##__resume, name##__take_value, offsetof(name, value), offsetof(name, sent) }; \
        gen__init(&gen__g->base, &gen__table); \
        gen__g->body = gen__body; \
        return gen__g; \
    } \
    CORO__API int name##__out(name *gen__g, int gen__rc, Y *gen__out) \
    { \
        if (gen__rc == GEN_YIELDED && gen__out) \
            *gen__out = gen__g->value; \
        return gen__rc; \
    } \
    CORO__API int name##_next(name *gen__g, Y *gen__out) \
    { \
        if (!gen__ready(&gen__g->base) || !gen__g->body) \
            return gen__uninit(); \
        return name##__out(gen__g, gen__g->body(gen__g), gen__out); \
    } \
    CORO__API int name##_send(name *gen__g, S gen__v, Y *gen__out) \
    { \
        int gen__rc = gen__send_check(&gen__g->base); \
        if (gen__rc != GEN__GO) \
            return gen__rc; \
        if (gen__g->base.sub) /* yield from: the value goes to the leaf */ \
            *(S *)gen__sent_of(&gen__g->base) = gen__v; \
        else \
            gen__g->sent = gen__v; \
        gen__set_flag(&gen__g->base, GEN__F_SENT); \
        gen__rc = gen__g->body(gen__g); \
        gen__clear_flag(&gen__g->base, GEN__F_SENT); \
        return name##__out(gen__g, gen__rc, gen__out); \
    } \
    CORO__API int name##_throw(name *gen__g, int gen__code, const char *gen__msg, Y *gen__out) \
    { \
        return name##__out(gen__g, gen__throw(&gen__g->base, gen__code, gen__msg), gen__out); \
    } \
    CORO__FNS_END
#endif /* GEN_PT_ONLY */

/* the time types and the clocks: the runtime's and the small loop's */
#if !defined(GEN_NO_ASYNC) || !defined(GEN_NO_PT)

/* ==== PART III: THE ASYNC RUNTIME ==========================================
   Public functions and macros of this part, one line each (sections 9-11):
     int gen_run(loop, port)                 asyncio.run(main())
     void gen_loop_init(loop, clock)         clock: gen_clock_virtual(c),
                                             gen_clock_ticks(c, t0) +
                                             gen_clock_tick(c), gen_clock_host(c)
     int gen_loop_run(loop), unsigned long gen_loop_step(loop), gen_now(loop)
     void gen_idle_sleep(loop, wait)         the host's idle hook
     int gen_spawn(loop, task, port)         asyncio.create_task
     int gen_cancel(task)                    Task.cancel()
     gen_task_done/_state/_result/_error/_line(task)
     gen_async *gen_gather(ga, tasks, n, return_errors), gen_gather_of(ga,
     task_array, n, return_errors), gen_wait_for(w, task, t)
     gen_event_set/_clear/_is_set(e), gen_event_set_from_isr(e)
     gen_semaphore_init/_release/_try, gen_bounded_semaphore_init,
     gen_lock_init/_release/_try, GEN_QUEUE_DECLARE(name, T): name_init,
     name_try_put, name_try_get, name_put_from_isr
     in async bodies: GEN_SPAWN, GEN_SLEEP, GEN_SLEEP0, GEN_AWAIT(_CATCH), GEN_AWAIT_TASK
     (_CATCH), GEN_EVENT_WAIT, GEN_ACQUIRE, GEN_LOCK, GEN_QUEUE_PUT/_GET,
     GEN_ASYNC_WITH ... GEN_END_WITH (async with a lock or semaphore);
     with a timeout: GEN_EVENT_WAIT_FOR, GEN_ACQUIRE_FOR, GEN_LOCK_FOR,
     GEN_QUEUE_PUT_FOR/_GET_FOR, then gen_timed_out(g)
     GEN_WAIT_READABLE/_WRITABLE(g, io, fd, timeout)   wait on a descriptor
     gen_io_driver_t *gen_poll_init(p, fds, ios, cap)  POSIX poll() driver
     gen_io_driver_t *gen_epoll_init(e, events, cap), gen_epoll_close(e)
     void gen_io_ready(io, result)           a driver reports a ready record
   The small loop (section 11; GEN_NO_PT leaves it out, GEN_PT_ONLY keeps
   it alone):
     void gen_pt_loop_init(loop, clock)      protothread-style tasks on a clock
     int gen_pt_spawn(loop, t, body), gen_pt_step(loop), gen_pt_run(loop)
     int gen_pt_idle(loop, &wait)            every task sleeps: wait = time to
                                             the earliest deadline
     int gen_pt_cancel(t), gen_pt_done(t), gen_pt_result(t), gen_pt_timed_out(t)
     gen_time_t gen_pt_now(t)
     in its bodies: GEN_PT_SLEEP(t, d), GEN_PT_WAIT_UNTIL_FOR(t, cond, d)
   An asyncio-shaped event loop for async functions written as generators,
   the way Python's own coroutines began (PEP 342/380): an async function is
   a generator whose yields are requests to the loop (sleep, wait on a list),
   `await child` is `yield from child` (GEN_AWAIT), cancellation is an error
   thrown in at the suspension point (and so travels down the chain of awaits
   and runs every finally section), and a task is the loop's handle on one
   top-level async function. Nothing is allocated: tasks, frames, waiter
   lists and queue buffers are yours.

   Time is a gen_time_t (GEN_TIME_TYPE, default unsigned long) counted by a
   pluggable clock; the host clock counts milliseconds. Comparisons are
   wrap-around safe (deadlines within half the type's range).
*/

#ifndef GEN_TIME_TYPE
#define GEN_TIME_TYPE unsigned long
#endif
typedef GEN_TIME_TYPE gen_time_t;
/* Delays and timeouts (GEN_SLEEP, gen_wait_for): a signed type, so that a
   negative one means 0 as in asyncio; it must hold every gen_time_t value
   but the top half (long, unless GEN_TIME_TYPE is wider: then set
   GEN_DELAY_TYPE to a signed type as wide, such as long long). */
#ifndef GEN_DELAY_TYPE
#define GEN_DELAY_TYPE long
#endif
typedef GEN_DELAY_TYPE gen_delay_t;
/* a negative size if it cannot (no comparison: cc65 takes none here) */
typedef char gen__delay_type_holds_time[(int)(sizeof(gen_delay_t) / sizeof(gen_time_t)) * 2 - 1];

/* The longest step the timers take at once: half the time type's range
   (deadlines further than that would look past). Longer delays are slept
   in steps of at most this. */
#define GEN__TIME_HALF ((gen_time_t)((gen_time_t)~(gen_time_t)0 >> 1))


/* a < b, for times within half the type's range of each other */
#define gen__before(a, b) \
    ((gen_time_t)((gen_time_t)(a) - (gen_time_t)(b)) > ((gen_time_t)~(gen_time_t)0 >> 1))

typedef struct gen_task_t gen_task_t;
typedef struct gen_loop_t gen_loop_t;

/* The clock: now() and, for the virtual and tick clocks, a counter. */
typedef struct gen_clock_t gen_clock_t;
struct gen_clock_t {
    gen_time_t (*now)(gen_clock_t *c);
    volatile gen_time_t ticks; /* virtual time, or ticks counted by gen_clock_tick */
    unsigned char jumps;       /* virtual: the loop jumps to the next deadline */
};

/* the `wait` that means no deadline: half the time type's range */
#define GEN_FOREVER_WAIT GEN__TIME_HALF

/* ---- clocks ------------------------------------------------------------------ */

CORO__API gen_time_t gen__clock_counter(gen_clock_t *c) { return c->ticks; }

/* a virtual clock: starts at 0; the loop jumps it to the next deadline */
CORO__API gen_clock_t *gen_clock_virtual(gen_clock_t *c)
{
    c->now = gen__clock_counter;
    c->ticks = 0;
    c->jumps = 1;
    return c;
}

/* a tick clock: gen_clock_tick() advances it (from a timer interrupt) */
CORO__API gen_clock_t *gen_clock_ticks(gen_clock_t *c, gen_time_t start)
{
    c->now = gen__clock_counter;
    c->ticks = start;
    c->jumps = 0;
    return c;
}

CORO__API void gen_clock_tick(gen_clock_t *c) { c->ticks = (gen_time_t)(c->ticks + 1u); }

#if defined(__unix__) || defined(__APPLE__)
#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199309L
#include <time.h>
#define GEN__HOST_CLOCK 1
/* the host's monotonic clock, in milliseconds */
CORO__API gen_time_t gen__clock_host_now(gen_clock_t *c)
{
    struct timespec ts;
    (void)c;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gen_time_t)((gen_time_t)ts.tv_sec * 1000u + (gen_time_t)(ts.tv_nsec / 1000000));
}
CORO__API gen_clock_t *gen_clock_host(gen_clock_t *c)
{
#ifdef GEN_HOST_CLOCK_IS_VIRTUAL /* run a real-time program instantly (tests) */
    return gen_clock_virtual(c);
#else
    c->now = gen__clock_host_now;
    c->ticks = 0;
    c->jumps = 0;
    return c;
#endif
}
/* the host's idle hook: sleep until the next deadline */
CORO__API void gen_idle_sleep(gen_loop_t *loop, gen_time_t wait)
{
    struct timespec ts;
    (void)loop;
    ts.tv_sec = (time_t)(wait / 1000u);
    ts.tv_nsec = (long)(wait % 1000u) * 1000000L;
    nanosleep(&ts, 0);
}
#endif
#endif
#endif /* !GEN_NO_ASYNC || !GEN_NO_PT */

#ifndef GEN_NO_ASYNC

/* A FIFO of tasks (a ready queue or the waiters of something). Zero is empty. */
typedef struct gen_list_t {
    gen_task_t *first, *last;
} gen_list_t;

/* What a suspended async function asks of the loop: its yielded value.
   GEN__JOIN and GEN__GATHER wait in a list as GEN__WAIT does, on a task or
   a gather: cancelling the waiter cancels what it waits on instead (as
   asyncio's Task.cancel cancels the future its task waits on). */
enum { GEN__READY = 0, GEN__SLEEP = 1, GEN__WAIT = 2, GEN__VALUE = 3, GEN__JOIN = 4, GEN__GATHER = 5,
       GEN__IO = 6, /* waits as GEN__WAIT, in a gen_io_t, registered with the loop's driver */
       GEN__SPAWN = 7 /* GEN_SPAWN: spawn the task whose joiners `list` is, go on at once */ };
enum { GEN_WOKE_NONE = 0, GEN_WOKE_SIGNAL = 1, GEN_WOKE_TIMEOUT = 2, GEN_WOKE_GRANT = 3 };
enum { GEN__AFTER = 2 }; /* gen_await_t.timed: the deadline is `t` from the suspension */
typedef struct gen_await_t {
    unsigned char kind;     /* GEN__READY, _SLEEP, _WAIT; _VALUE: an async generator's value */
    unsigned char timed;    /* GEN__WAIT: also wake at `t` (1), or `t` from
                               the time it suspends (GEN__AFTER) */
    unsigned char woke;     /* set by the waker: GEN_WOKE_* */
    unsigned char hops;     /* passes it skips once woken (GEN__READY: once
                               queued): asyncio's done callbacks that run
                               before the wake-up they schedule */
    gen_time_t t;           /* GEN__SLEEP: delay (still to sleep); GEN__WAIT: deadline */
    gen_list_t *list;       /* GEN__WAIT: the list to wait in */
} gen_await_t;

enum { GEN_TASK_READY = 1, GEN_TASK_SLEEPING = 2, GEN_TASK_WAITING = 3, GEN_TASK_DONE = 4 };
enum { GEN_TRACE_RESUME = 1, GEN_TRACE_SUSPEND = 2, GEN_TRACE_DONE = 3 };

struct gen_task_t {
    gen_t *g;                        /* the async function it runs */
    gen_loop_t *loop;
    gen_task_t *prev, *next;         /* links in `list` */
    gen_list_t *list;                /* the ready queue or a waiter list, or NULL */
    gen_task_t *hchild, *hnext, *hprev; /* timer heap links */
    gen_time_t until;                /* deadline while in the timer heap */
    unsigned long seq;               /* FIFO order among equal deadlines */
    gen_list_t joiners;              /* tasks awaiting this one */
    struct gen_gather_t *gather;     /* the gather it belongs to, if any */
    unsigned char state;             /* 0 (not spawned), GEN_TASK_* */
    unsigned char cancel;            /* cancellation requested */
    unsigned char timed;             /* in the timer heap */
    unsigned char hops;              /* ready: passes to skip before it runs */
    signed char rc;                  /* final result once done */
};

/* Waiting on file descriptors (or a board's handles): a gen_io_t is the
   caller's record of one wait; the loop's driver (gen_io_driver_t) watches
   the records registered with it and reports each that is ready with
   gen_io_ready. Section 9 has the contract. */
enum { GEN_IO_READ = 1, GEN_IO_WRITE = 2 };
enum { GEN_IO_READY = 1, GEN_IO_TIMEOUT = 2, GEN_IO_HANGUP = 3, GEN_IO_ERROR = 4 };
typedef struct gen_io_t {
    gen_list_t waiter;           /* the task waiting on it (the loop's) */
    int fd;                      /* the descriptor (or a driver's handle) */
    unsigned char events;        /* GEN_IO_READ or GEN_IO_WRITE */
    unsigned char result;        /* after the wait: GEN_IO_READY, _TIMEOUT,
                                    _HANGUP, _ERROR (0: cancelled) */
    int err;                     /* GEN_IO_ERROR: an errno value, or 0 */
    size_t slot;                 /* the driver's */
} gen_io_t;

typedef struct gen_io_driver_t gen_io_driver_t;
struct gen_io_driver_t {
    /* register a record: 0, or an errno value (the wait then ends at once
       with GEN_IO_ERROR and that err) */
    int (*add)(gen_io_driver_t *d, gen_io_t *io);
    /* unregister it (the loop calls it once the wait ends, however it ends) */
    void (*remove)(gen_io_driver_t *d, gen_io_t *io);
    /* wait at most `wait` clock units (0: only look; GEN_FOREVER_WAIT: no
       limit) until a record is ready; report each with gen_io_ready */
    void (*wait)(gen_io_driver_t *d, gen_time_t wait);
    size_t waiting;              /* records registered: the driver counts */
};

/* Something an interrupt handler can signal (an event, a queue): the
   handler sets `fired` and the loop's `poked`; the loop calls poll(). */
typedef struct gen_watch_t {
    struct gen_watch_t *next;          /* the loop's watched list */
    void (*poll)(struct gen_watch_t *w);
    gen_loop_t *loop;
    volatile unsigned char fired;
} gen_watch_t;

struct gen_loop_t {
    gen_clock_t *clock;
    gen_list_t ready;
    gen_task_t *timers;              /* pairing heap on (until, seq) */
    unsigned long seq;
    unsigned long live;              /* spawned, not done */
    gen_task_t *current;             /* the task running now */
    void (*idle)(gen_loop_t *loop, gen_time_t wait); /* nothing ready: wait at most `wait` */
    void (*trace)(gen_loop_t *loop, gen_task_t *task, int event);
    gen_watch_t *watched;            /* what interrupts may signal */
    gen_io_driver_t *io;             /* waits on descriptors, or NULL */
    const struct gen__loop_ops *ops; /* the optional parts' code, or NULL */
    volatile unsigned char poked;    /* an interrupt signalled one of them */
};

/* The loop's optional parts: cancellation and gather. The loop reaches
   their code only through this table, which gen_cancel and gen_gather
   install, so that a program that uses neither does not link it (a
   blinking task on a Cortex-M0: about 430 bytes less). */
typedef struct gen__loop_ops {
    int (*throw_cancel)(gen_task_t *t);  /* the task's step: CancelledError */
    int (*pass_cancel)(gen_task_t *t, const gen_await_t *req);
    void (*gather_done)(struct gen_gather_t *ga, gen_task_t *t);
} gen__loop_ops;

/* ---- async ports ---------------------------------------------------------- */

/* GEN_ASYNC_DECLARE(name, R): the port type of async functions returning R. */
#define GEN_ASYNC_DECLARE(name, R) GEN__PORT(name, gen_await_t, char, R)

GEN_ASYNC_DECLARE(gen_async, int)

/* Fill in a request (no struct is returned by value: sdcc cannot). */
CORO__API void gen__ask(gen_await_t *r, unsigned kind, gen_time_t t, gen_list_t *list, unsigned timed)
{
    r->kind = (unsigned char)kind;
    r->timed = (unsigned char)timed;
    r->woke = GEN_WOKE_NONE;
    r->hops = 0;
    r->t = t;
    r->list = list;
}

/* Suspend with a request to the loop (flag: 0 or GEN__F_CATCHING). */
#define GEN__ASK(g, flag, kind, t, list, timed) GEN__ASK_(CORO__ID, g, flag, kind, t, list, timed)
#define GEN__ASK_(id, g, flag, kind, t, list, timed) \
    do { gen__ask(&(g)->value, (kind), (t), (list), (timed)); GEN__SUSPEND(id, flag) } while (0)

/* the request of a task's innermost async function */
CORO__API gen_await_t *gen__request(gen_task_t *t)
{
    return (gen_await_t *)gen__value_of(t->g);
}

/* ---- lists ------------------------------------------------------------------ */

CORO__API void gen__list_push(gen_list_t *l, gen_task_t *t)
{
    t->list = l;
    t->next = 0;
    t->prev = l->last;
    if (l->last)
        l->last->next = t;
    else
        l->first = t;
    l->last = t;
}

CORO__API void gen__list_remove(gen_task_t *t)
{
    gen_list_t *l = t->list;
    if (!l)
        return;
    if (t->prev) t->prev->next = t->next; else l->first = t->next;
    if (t->next) t->next->prev = t->prev; else l->last = t->prev;
    t->prev = t->next = 0;
    t->list = 0;
}

/* The first task of a list that is not empty, taken out. */
CORO__API gen_task_t *gen__list_pop(gen_list_t *l)
{
    gen_task_t *t = l->first;
    l->first = t->next;
    if (t->next) t->next->prev = 0; else l->last = 0;
    t->next = 0;
    t->list = 0;
    return t;
}

/* ---- the timer heap: a pairing heap, O(1) insert, O(log n) amortised pop ---- */

CORO__API int gen__earlier(const gen_task_t *a, const gen_task_t *b)
{
    if (a->until != b->until)
        return gen__before(a->until, b->until);
    /* a->seq < b->seq, wrap-safe. The cast: cc65 2.19 folds ~0ul >> 1 to
       0xffffffff (as if ~0ul were signed) */
    return a->seq - b->seq > ((unsigned long)~0ul >> 1);
}

CORO__API gen_task_t *gen__meld(gen_task_t *a, gen_task_t *b)
{
    gen_task_t *t;
    if (!a) return b;
    if (!b) return a;
    if (gen__earlier(b, a)) { t = a; a = b; b = t; }
    b->hprev = a;
    b->hnext = a->hchild;
    if (a->hchild)
        a->hchild->hprev = b;
    a->hchild = b;
    return a;
}

/* melds a list of siblings into one heap, two passes, no recursion */
CORO__API gen_task_t *gen__merge_pairs(gen_task_t *first)
{
    gen_task_t *pairs = 0, *a, *b, *r;
    while (first) {
        a = first;
        b = a->hnext;
        first = b ? b->hnext : 0;
        a->hnext = a->hprev = 0;
        if (b)
            b->hnext = b->hprev = 0;
        r = gen__meld(a, b);
        r->hnext = pairs;
        pairs = r;
    }
    r = pairs;
    if (!r)
        return 0;
    pairs = r->hnext;
    r->hnext = 0;
    while (pairs) {
        a = pairs;
        pairs = a->hnext;
        a->hnext = 0;
        r = gen__meld(r, a);
    }
    r->hprev = 0;
    return r;
}

CORO__API void gen__timer_add(gen_loop_t *loop, gen_task_t *t, gen_time_t until)
{
    t->until = until;
    t->seq = loop->seq++;
    t->hchild = t->hnext = t->hprev = 0;
    t->timed = 1;
    loop->timers = gen__meld(loop->timers, t);
}

CORO__API void gen__timer_remove(gen_loop_t *loop, gen_task_t *t)
{
    gen_task_t *rest;
    if (!t->timed)
        return;
    t->timed = 0;
    rest = gen__merge_pairs(t->hchild);
    if (t == loop->timers) {
        loop->timers = rest;
    } else {
        if (t->hprev->hchild == t) t->hprev->hchild = t->hnext; else t->hprev->hnext = t->hnext;
        if (t->hnext) t->hnext->hprev = t->hprev;
        loop->timers = gen__meld(loop->timers, rest);
    }
    t->hchild = t->hnext = t->hprev = 0;
}

CORO__API gen_time_t gen_now(gen_loop_t *loop) { return loop->clock->now(loop->clock); }

/* ---- the loop ----------------------------------------------------------------- */

CORO__API void gen_loop_init(gen_loop_t *loop, gen_clock_t *clock)
{
    loop->clock = clock;
    loop->ready.first = loop->ready.last = 0;
    loop->timers = 0;
    loop->seq = 0;
    loop->live = 0;
    loop->current = 0;
    loop->idle = 0;
    loop->trace = 0;
    loop->watched = 0;
    loop->io = 0;
    loop->ops = 0;
    loop->poked = 0;
}

#define GEN__IO_OF(list) ((gen_io_t *)(void *)((char *)(list) - offsetof(gen_io_t, waiter)))

#ifndef GEN_NO_IO
/* A wait ends, however it ends: one on a descriptor is unregistered. */
CORO__API void gen__io_leave(gen_task_t *t, unsigned woke)
{
    gen_await_t *req = gen__request(t);
    gen_io_driver_t *d = t->loop->io; /* (a wait that is filed has one) */
    if (req->kind == GEN__IO && d) {
        gen_io_t *io = GEN__IO_OF(req->list);
        d->remove(d, io);
        if (woke == GEN_WOKE_TIMEOUT)
            io->result = GEN_IO_TIMEOUT;
    }
}
#define GEN__IO_LEAVE(t, woke) gen__io_leave((t), (woke))
/* the driver, while it has waits registered */
#define GEN__IO_WAITING(loop) ((loop)->io && (loop)->io->waiting ? (loop)->io : 0)
#else
#define GEN__IO_LEAVE(t, woke) (void)0
#define GEN__IO_WAITING(loop) ((gen_io_driver_t *)0)
#endif

/* To the end of the ready queue, skipping `hops` passes there first. */
CORO__API void gen__make_ready(gen_task_t *t, unsigned woke, unsigned hops)
{
    gen__list_remove(t);
    gen__timer_remove(t->loop, t);
    if (t->state == GEN_TASK_WAITING)
        GEN__IO_LEAVE(t, woke);
    if (t->state != GEN_TASK_DONE) {
        if (woke && t->state == GEN_TASK_WAITING)
            gen__request(t)->woke = (unsigned char)woke;
        t->state = GEN_TASK_READY;
        t->hops = (unsigned char)hops;
        gen__list_push(&t->loop->ready, t);
    }
}

/* Wake the first waiter of a list (n = 1) or all of them (n = 0), each
   after the hops its request asks for. */
CORO__API void gen__wake(gen_list_t *l, unsigned woke, int n)
{
    while (l->first) {
        gen__make_ready(l->first, woke, gen__request(l->first)->hops);
        if (n)
            break;
    }
}

/* Whether t is in the timer heap rooted at n: a walk without recursion
   (a first child's hprev is its parent). */
CORO__API int gen__in_heap(const gen_task_t *n, const gen_task_t *t)
{
    while (n) {
        if (n == t)
            return 1;
        if (n->hchild) {
            n = n->hchild;
            continue;
        }
        while (n && !n->hnext) { /* up to the parent */
            while (n->hprev && n->hprev->hchild != n)
                n = n->hprev;
            n = n->hprev;
        }
        if (n)
            n = n->hnext;
    }
    return 0;
}

/* Whether t is ready or has a timer in this loop: looked for there, by
   address (a task struct that was never spawned is not read: its bytes are
   indeterminate). A task that waits with no timeout is in a list of its
   own: not seen. O(tasks): done only when GEN_SPAWN_CHECK is on. */
CORO__API int gen__task_alive(const gen_loop_t *loop, const gen_task_t *t)
{
    const gen_task_t *r;
    for (r = loop->ready.first; r; r = r->next)
        if (r == t)
            return 1;
    return gen__in_heap(loop->timers, t);
}

/* Start t running g: GEN_DONE; or GEN_ERROR_UNINIT (the port was never
   initialised: t then ends at once with that error, and debug builds trap
   first). With GEN_SPAWN_CHECK (on in debug builds), a t that is still
   ready or sleeping in this loop is refused: a trap, then
   GEN_ERROR_RUNNING with nothing changed. */
#ifndef GEN_SPAWN_CHECK
#define GEN_SPAWN_CHECK CORO_DEBUG
#endif
CORO__API int gen__spawn(gen_loop_t *loop, gen_task_t *t, gen_t *g)
{
#if GEN_SPAWN_CHECK
    if (gen__task_alive(loop, t)) {
        CORO_TRAP("gen_spawn: the task is still running (spawned and not done): spawn a new gen_task_t, or await this one first");
        return GEN_ERROR_RUNNING;
    }
#endif
    t->g = g;
    t->loop = loop;
    t->timed = 0;        /* the list and heap links are set on the way in */
    t->joiners.first = t->joiners.last = 0;
    t->gather = 0;
    t->cancel = 0;
    t->hops = 0;
    t->rc = 0;
    if (!g->vt) { /* a zeroed port: done at once, with the reason */
        t->state = GEN_TASK_DONE;
        t->rc = GEN_ERROR;
        gen__set_error(g, gen__uninit(), CORO__MSG("the task's port was used before NAME_init"));
        return GEN_ERROR_UNINIT;
    }
    t->state = GEN_TASK_READY;
    loop->live++;
    gen__list_push(&loop->ready, t);
    return GEN_DONE;
}
#define gen_spawn(loop, task, port) gen__spawn((loop), (task), &(port)->base)

CORO__API int gen_task_done(const gen_task_t *t) { return t->state == GEN_TASK_DONE; }
CORO__API int gen_task_state(const gen_task_t *t) { return t->state; }
/* the final result: GEN_DONE, or GEN_ERROR with gen_task_error(t) */
CORO__API int gen_task_result(const gen_task_t *t) { return t->rc; }
CORO__API const gen_error_t *gen_task_error(const gen_task_t *t) { return &t->g->err; }
/* the line the task's innermost async function waits at */
CORO__API unsigned gen_task_line(const gen_task_t *t) { return gen__line(gen__leaf(t->g)); }

/* The functions gen__ops names are static, not inline: pcc and chibicc
   emit a static table even where they leave out the inline function that
   uses it, and the table names them. */
static void gen__gather_done(struct gen_gather_t *ga, gen_task_t *t);
CORO__API int gen__gather_cancel(gen_list_t *l, const gen_task_t *waiter);
#define GEN__CANCEL_FORWARDING 4 /* gen_cancel: a cycle of awaits stops here */

/* Request cancellation, as asyncio's Task.cancel: a task that awaits
   another task or a gather passes the request on to what it awaits (and
   gets its outcome); otherwise CancelledError is thrown in at the task's
   suspension point when it next runs: at once if it waits or sleeps, in
   its place if it is already ready (or running). 1 if requested, 0 if
   the task was already done. */
CORO__API int gen_cancel(gen_task_t *t);

/* Pass a cancellation of t on to the task or gather its request awaits:
   1 if that took it. */
static int gen__pass_cancel(gen_task_t *t, const gen_await_t *req)
{
    int passed = 0;
    t->cancel = (unsigned char)(t->cancel | GEN__CANCEL_FORWARDING);
    if (req->kind == GEN__JOIN)
        passed = gen_cancel((gen_task_t *)(void *)((char *)req->list - offsetof(gen_task_t, joiners)));
    else if (req->kind == GEN__GATHER)
        passed = gen__gather_cancel(req->list, t);
    t->cancel = (unsigned char)(t->cancel & ~GEN__CANCEL_FORWARDING);
    return passed;
}

/* A cancelled task's step: CancelledError thrown in at its suspension point. */
static int gen__throw_cancel(gen_task_t *t)
{
    t->cancel = 2; /* delivered */
    return gen__throw(t->g, GEN_ERROR_CANCELLED, CORO__MSG("CancelledError"));
}

static const gen__loop_ops gen__ops = { gen__throw_cancel, gen__pass_cancel, gen__gather_done };

CORO__API int gen_cancel(gen_task_t *t)
{
    gen_await_t *req;
    if (t->state == 0 || t->state > GEN_TASK_DONE) {
#if CORO_DEBUG
        CORO_TRAP("gen_cancel: the task was never spawned (zero a gen_task_t you may cancel before spawning it)");
#endif
        return 0;
    }
    if (t->state == GEN_TASK_DONE || (t->cancel & GEN__CANCEL_FORWARDING))
        return 0;
    t->loop->ops = &gen__ops; /* the loop's step delivers it */
    if (t == t->loop->current || gen__leaf(t->g)->co.state != GEN_SUSPENDED) {
        t->cancel = 1; /* running, or not started: thrown in when it runs */
        return 1;
    }
    req = gen__request(t);
    if (gen__pass_cancel(t, req))
        return 1;
    t->cancel = 1;
    /* a ready task keeps its place; one whose wake-up is still a hop away
       waits on a future that is not done yet: it is woken now, as are
       waiting and sleeping ones (a gather's waiter keeps its hops) */
    if (t->state != GEN_TASK_READY || (t->hops && req->kind != GEN__GATHER))
        gen__make_ready(t, GEN_WOKE_SIGNAL, 0);
    return 1;
}

/* A sleeping task's next timer: the rest of its delay from `from`, in
   steps of at most half the time type's range. */
CORO__API void gen__sleep_step(gen_loop_t *loop, gen_task_t *t, gen_time_t from)
{
    gen_await_t *req = gen__request(t);
    gen_time_t step = req->t > GEN__TIME_HALF ? GEN__TIME_HALF : req->t;
    req->t = (gen_time_t)(req->t - step);
    gen__timer_add(loop, t, (gen_time_t)(from + step));
}

/* A timed wait's deadline: `t`, or `t` from now (GEN__AFTER, at most half
   the time type's range), which it becomes. */
CORO__API gen_time_t gen__deadline(gen_loop_t *loop, gen_await_t *req)
{
    if (req->timed == GEN__AFTER) {
        req->t = (gen_time_t)(gen_now(loop) + (req->t > GEN__TIME_HALF ? GEN__TIME_HALF : req->t));
        req->timed = 1;
    }
    return req->t;
}

#ifndef GEN_NO_IO
/* A wait on a descriptor is filed: registered with the loop's driver. 1
   if there is no driver or it refused (the result says why), else 0. */
CORO__API int gen__io_refused(gen_loop_t *loop, const gen_await_t *req)
{
    gen_io_t *io = GEN__IO_OF(req->list);
    io->err = loop->io ? loop->io->add(loop->io, io) : 0;
    if (loop->io && !io->err)
        return 0;
    io->result = GEN_IO_ERROR;
    return 1;
}

/* For a driver: the record is ready (GEN_IO_READY, _HANGUP or _ERROR with
   io->err set first): its task is woken, and the loop unregisters it
   (the driver's remove) before this returns. */
CORO__API void gen_io_ready(gen_io_t *io, unsigned result)
{
    io->result = (unsigned char)result;
    gen__wake(&io->waiter, GEN_WOKE_SIGNAL, 1);
}
#define GEN__IO_REFUSED(loop, req) ((req)->kind == GEN__IO && gen__io_refused((loop), (req)))
#else
#define GEN__IO_REFUSED(loop, req) 0
#endif

/* gen_strerror(rc) for the codes a task's step can end with besides its
   own error (a resume refused: running, lost, uninitialised), apart so
   that the loop does not link every message (on AVR they are in RAM). */
CORO__API const char *gen__step_msg(int rc)
{
    switch (rc) {
    case GEN_ERROR_RUNNING: return CORO__MSG_RUNNING;
    case GEN_ERROR_LOST: return CORO__MSG_LOST;
    case GEN_ERROR_UNINIT: return GEN__MSG_UNINIT;
    default: return CORO__MSG("error"); /* none other comes */
    }
}

/* A task's step ended it with rc (GEN_DONE or an error): the step is
   over, the task is done, and what awaits it is told. */
CORO__API void gen__task_ended(gen_loop_t *loop, gen_task_t *t, int rc)
{
    loop->current = 0;
    if (rc == GEN_DONE && t->cancel == 1) {
        /* cancelled while it ran, then returned: asyncio cancels it all the same */
        rc = GEN_ERROR;
        gen__set_error(t->g, GEN_ERROR_CANCELLED, CORO__MSG("CancelledError"));
    }
    t->state = GEN_TASK_DONE;
    t->rc = (signed char)(rc < 0 ? GEN_ERROR : GEN_DONE);
    if (rc < 0 && rc != GEN_ERROR) /* a misuse code: make it the task's error */
        gen__set_error(t->g, rc, gen__step_msg(rc));
    loop->live--;
    if (loop->trace) loop->trace(loop, t, GEN_TRACE_DONE);
    gen__wake(&t->joiners, GEN_WOKE_SIGNAL, 0);
    if (t->gather) /* only gen_gather sets it, and it set ops */
        loop->ops->gather_done(t->gather, t);
}

/* Runs one ready task, just taken from the ready queue, one step and
   files it where its request says. */
CORO__API void gen__run(gen_loop_t *loop, gen_task_t *t)
{
    int rc;
    gen_await_t *req;
    if (t->hops) { /* a done callback's turn: the wake-up goes to the end */
        t->hops--;
        gen__list_push(&loop->ready, t);
        return;
    }
    loop->current = t;
    if (loop->trace) loop->trace(loop, t, GEN_TRACE_RESUME);
    if (t->cancel == 1) /* only gen_cancel sets it, and it set ops */
        rc = loop->ops->throw_cancel(t);
    else
        rc = t->g->vt->resume(t->g);
    /* GEN_SPAWN (asyncio.create_task) inside the step: the new task is
       spawned here and the step goes on at once, as create_task does not
       yield */
    for (;;) {
        gen_task_t *child;
        if (rc != GEN_YIELDED) {
            gen__task_ended(loop, t, rc);
            return;
        }
        req = gen__request(t);
        if (req->kind != GEN__SPAWN)
            break;
        child = (gen_task_t *)(void *)((char *)req->list - offsetof(gen_task_t, joiners));
        (void)gen__spawn(loop, child, child->g);
        rc = t->g->vt->resume(t->g);
    }
    loop->current = 0;
    if (loop->trace) loop->trace(loop, t, GEN_TRACE_SUSPEND);
    if (t->cancel == 1 && loop->ops->pass_cancel(t, req))
        t->cancel = 0; /* cancelled meanwhile: passed on to what it awaits now */
    if (t->cancel == 1 || req->kind == GEN__READY || req->kind == GEN__VALUE ||
        (req->kind == GEN__SLEEP && !req->t)) {
        /* sleep(0); or cancelled meanwhile; or an async generator run as a task */
        t->state = GEN_TASK_READY;
        t->hops = req->kind == GEN__READY ? req->hops : 0;
        gen__list_push(&loop->ready, t);
    } else if (req->kind == GEN__SLEEP) {
        t->state = GEN_TASK_SLEEPING;
        gen__sleep_step(loop, t, gen_now(loop));
    } else if (GEN__IO_REFUSED(loop, req)) {
        t->state = GEN_TASK_READY; /* no driver, or it refused: at once */
        t->hops = 0;
        gen__list_push(&loop->ready, t);
    } else {
        t->state = GEN_TASK_WAITING;
        gen__list_push(req->list, t);
        if (req->timed)
            gen__timer_add(loop, t, gen__deadline(loop, req));
    }
}

/* Moves every task whose deadline has come to the ready queue. */
CORO__API void gen__fire_timers(gen_loop_t *loop)
{
    gen_time_t now = gen_now(loop);
    while (loop->timers && !gen__before(now, loop->timers->until)) {
        gen_task_t *t = loop->timers;
        if (t->state == GEN_TASK_SLEEPING && gen__request(t)->t) {
            gen__timer_remove(loop, t); /* a long sleep's next step */
            gen__sleep_step(loop, t, t->until);
        } else {
            gen__make_ready(t, GEN_WOKE_TIMEOUT, 0);
        }
    }
}

/* One step: fire due timers, then run every task that was ready at the
   start. Returns the number of tasks still alive (0: all done). */
CORO__API void gen__poll_isr(gen_loop_t *loop);

CORO__API unsigned long gen_loop_step(gen_loop_t *loop)
{
    gen_task_t *last;
    gen_io_driver_t *io = GEN__IO_WAITING(loop);
    if (loop->poked)
        gen__poll_isr(loop);
    if (io)
        io->wait(io, 0); /* descriptors ready now (asyncio's select(0)) */
    gen__fire_timers(loop);
    last = loop->ready.last;
    while (loop->ready.first) {
        gen_task_t *t = gen__list_pop(&loop->ready);
        gen__run(loop, t);
        if (t == last)
            break;
    }
    return loop->live;
}

/* Whether the idle hook can wake a task when no timer will: it can if an
   interrupt may signal something (loop->watched), and an idle hook of the
   caller's is taken to look at something itself; gen_idle_sleep only
   sleeps. */
CORO__API int gen__idle_can_wake(const gen_loop_t *loop)
{
    if (!loop->idle)
        return 0;
#ifdef GEN__HOST_CLOCK
    if (loop->idle == gen_idle_sleep)
        return loop->watched != 0;
#endif
    return 1;
}

/* Runs until every task is done: GEN_DONE, or GEN_ERROR_DEADLOCK when tasks
   wait for something nothing can bring: no task is ready, no timer is set,
   no wait on a descriptor is registered with the driver, and no idle hook
   can wake anyone. With nothing ready it jumps a virtual clock to the next
   deadline, or waits in the driver (descriptors registered) or the idle
   hook until the next deadline. */
CORO__API int gen_loop_run(gen_loop_t *loop)
{
    while (gen_loop_step(loop)) {
        gen_time_t wait = GEN_FOREVER_WAIT;
        gen_io_driver_t *io = GEN__IO_WAITING(loop);
        if (loop->ready.first || loop->poked)
            continue;
        if (loop->timers) {
            gen_time_t until = loop->timers->until, now = gen_now(loop);
            if (!gen__before(now, until))
                continue;
            if (loop->clock->jumps) {
                /* virtual time moves on only when no descriptor is ready */
                if (io)
                    io->wait(io, 0);
                if (!loop->ready.first)
                    loop->clock->ticks = until;
                continue;
            }
            wait = (gen_time_t)(until - now);
        } else if (!io && !gen__idle_can_wake(loop)) {
            return GEN_ERROR_DEADLOCK;
        }
        if (io)
            io->wait(io, wait);
        else if (loop->idle)
            loop->idle(loop, wait);
    }
    return GEN_DONE;
}

#ifndef GEN__HOST_CLOCK
/* no host clock here: a use names what is missing (an undeclared name) */
#define gen_clock_host(c) gen_clock_host_needs_POSIX_C_SOURCE_199309L_defined_before_any_include(c)
#define gen_idle_sleep gen_idle_sleep_needs_POSIX_C_SOURCE_199309L_defined_before_any_include
#define gen_run(loop, port) gen_run_needs_POSIX_C_SOURCE_199309L_defined_before_any_include(loop, port)
#endif

#ifdef GEN__HOST_CLOCK
/* ---- the host's descriptor drivers: poll() (POSIX), epoll (Linux) ---------- */
#ifndef GEN_NO_IO

#include <poll.h>
#include <errno.h>

/* the host clock's milliseconds as poll()'s timeout (-1: none) */
CORO__API int gen__poll_ms(gen_time_t wait)
{
    unsigned long w = (unsigned long)wait; /* (a 16-bit time type: no warning) */
    if (wait >= GEN_FOREVER_WAIT)
        return -1;
    return w > 0x7fffffffUL ? 0x7fffffff : (int)w;
}

/* what poll()/epoll reported for a record that asked for `want` */
CORO__API unsigned gen__io_outcome(gen_io_t *io, unsigned got, unsigned want, unsigned hup, unsigned err)
{
    if (got & want)
        return GEN_IO_READY; /* readable at a hang-up too: read() tells the end */
    if (got & err) {
        io->err = EIO;
        return GEN_IO_ERROR;
    }
    return (got & hup) ? GEN_IO_HANGUP : 0;
}

/* The poll() driver: the arrays are yours, of `cap` records (a wait
   beyond that ends at once with GEN_IO_ERROR, err ENOSPC). */
typedef struct gen_poll_t {
    gen_io_driver_t base;
    struct pollfd *fds;
    gen_io_t **ios;
    size_t cap;
} gen_poll_t;

CORO__API int gen__poll_add(gen_io_driver_t *d, gen_io_t *io)
{
    gen_poll_t *p = (gen_poll_t *)(void *)d;
    size_t n = d->waiting;
    if (n == p->cap)
        return ENOSPC;
    p->fds[n].fd = io->fd;
    p->fds[n].events = (short)(io->events == GEN_IO_READ ? POLLIN : POLLOUT);
    p->fds[n].revents = 0;
    p->ios[n] = io;
    io->slot = n;
    d->waiting = n + 1;
    return 0;
}

CORO__API void gen__poll_remove(gen_io_driver_t *d, gen_io_t *io)
{
    gen_poll_t *p = (gen_poll_t *)(void *)d;
    size_t last = --d->waiting;
    p->fds[io->slot] = p->fds[last];
    p->ios[io->slot] = p->ios[last];
    p->ios[io->slot]->slot = io->slot;
}

CORO__API void gen__poll_wait(gen_io_driver_t *d, gen_time_t wait)
{
    gen_poll_t *p = (gen_poll_t *)(void *)d;
    size_t i = d->waiting;
    if (poll(p->fds, (nfds_t)d->waiting, gen__poll_ms(wait)) <= 0)
        return; /* nothing, or a signal (EINTR): the loop comes back */
    /* from the end: a record woken here is replaced by the last one,
       which was looked at already */
    while (i-- > 0) {
        struct pollfd *f = &p->fds[i];
        unsigned r;
        if (f->revents & POLLNVAL) {
            p->ios[i]->err = EBADF;
            gen_io_ready(p->ios[i], GEN_IO_ERROR);
            continue;
        }
        r = gen__io_outcome(p->ios[i], (unsigned)f->revents, (unsigned)f->events, POLLHUP, POLLERR);
        if (r)
            gen_io_ready(p->ios[i], r);
    }
}

CORO__API gen_io_driver_t *gen_poll_init(gen_poll_t *p, struct pollfd *fds, gen_io_t **ios, size_t cap)
{
    p->base.add = gen__poll_add;
    p->base.remove = gen__poll_remove;
    p->base.wait = gen__poll_wait;
    p->base.waiting = 0;
    p->fds = fds;
    p->ios = ios;
    p->cap = cap;
    return &p->base;
}

#ifdef __linux__
#include <sys/epoll.h>
#include <unistd.h>
/* The epoll driver: no limit on records; `events` (yours, `cap` of them)
   takes what one epoll_wait reports. One wait per descriptor at a time
   (a second one ends at once with GEN_IO_ERROR, err EEXIST).
   gen_epoll_init returns NULL if epoll_create1 fails (errno tells). */
typedef struct gen_epoll_t {
    gen_io_driver_t base;
    int fd;
    struct epoll_event *events;
    int cap;
} gen_epoll_t;

CORO__API int gen__epoll_add(gen_io_driver_t *d, gen_io_t *io)
{
    gen_epoll_t *e = (gen_epoll_t *)(void *)d;
    struct epoll_event ev;
    ev.events = io->events == GEN_IO_READ ? EPOLLIN : EPOLLOUT;
    ev.data.ptr = io;
    if (epoll_ctl(e->fd, EPOLL_CTL_ADD, io->fd, &ev) != 0)
        return errno;
    d->waiting++;
    return 0;
}

CORO__API void gen__epoll_remove(gen_io_driver_t *d, gen_io_t *io)
{
    gen_epoll_t *e = (gen_epoll_t *)(void *)d;
    struct epoll_event ev; /* kernels before 2.6.9 want one */
    (void)epoll_ctl(e->fd, EPOLL_CTL_DEL, io->fd, &ev);
    d->waiting--;
}

CORO__API void gen__epoll_wait(gen_io_driver_t *d, gen_time_t wait)
{
    gen_epoll_t *e = (gen_epoll_t *)(void *)d;
    int i, n = epoll_wait(e->fd, e->events, e->cap, gen__poll_ms(wait));
    for (i = 0; i < n; i++) {
        gen_io_t *io = (gen_io_t *)e->events[i].data.ptr;
        unsigned want = io->events == GEN_IO_READ ? EPOLLIN : EPOLLOUT;
        unsigned r = gen__io_outcome(io, e->events[i].events, want, EPOLLHUP, EPOLLERR);
        if (r)
            gen_io_ready(io, r);
    }
}

CORO__API gen_io_driver_t *gen_epoll_init(gen_epoll_t *e, struct epoll_event *events, int cap)
{
    e->fd = epoll_create1(0);
    if (e->fd < 0)
        return 0;
    e->base.add = gen__epoll_add;
    e->base.remove = gen__epoll_remove;
    e->base.wait = gen__epoll_wait;
    e->base.waiting = 0;
    e->events = events;
    e->cap = cap;
    return &e->base;
}
CORO__API void gen_epoll_close(gen_epoll_t *e) { close(e->fd); }
#endif /* __linux__ */

/* gen_run's driver: poll() with GEN_POLL_SLOTS records on its stack, or
   with GEN_IO_EPOLL defined (Linux), epoll */
#ifndef GEN_POLL_SLOTS
#define GEN_POLL_SLOTS 256
#endif
#if defined(GEN_IO_EPOLL) && !defined(__linux__)
#error "GEN_IO_EPOLL: epoll is Linux's; elsewhere leave GEN_IO_EPOLL undefined (gen_run then uses poll())"
#endif
#endif /* GEN_NO_IO */

/* asyncio.run(main): a loop on the host clock that sleeps when idle and
   waits on descriptors with the driver above, main as its only task to
   start with, run to the end. Returns main's outcome: GEN_DONE, GEN_ERROR
   (gen_error(main) tells which) or GEN_ERROR_DEADLOCK (or GEN_ERROR_IO:
   epoll_create1 failed). loop: where to keep the loop (code that spawns
   tasks needs it), or NULL. */
CORO__API int gen__run_main(gen_loop_t *loop, gen_t *main_coro)
{
    gen_loop_t own;
    gen_clock_t clock;
    gen_task_t task;
    int rc;
#if defined(GEN_NO_IO)
#elif defined(GEN_IO_EPOLL)
    struct epoll_event events[64];
    gen_epoll_t driver;
#else
    struct pollfd fds[GEN_POLL_SLOTS];
    gen_io_t *ios[GEN_POLL_SLOTS];
    gen_poll_t driver;
#endif
    if (!loop)
        loop = &own;
    gen_loop_init(loop, gen_clock_host(&clock));
    loop->idle = gen_idle_sleep;
#if defined(GEN_NO_IO)
#elif defined(GEN_IO_EPOLL)
    loop->io = gen_epoll_init(&driver, events, 64);
    if (!loop->io)
        return GEN_ERROR_IO;
#else
    loop->io = gen_poll_init(&driver, fds, ios, GEN_POLL_SLOTS);
#endif
    gen__spawn(loop, &task, main_coro);
    rc = gen_loop_run(loop);
#if defined(GEN_IO_EPOLL) && !defined(GEN_NO_IO)
    gen_epoll_close(&driver);
#endif
    return rc != GEN_DONE ? rc : task.rc;
}
/* The ?: changes nothing but cppcheck's reading: cppcheck (2.10 and later)
   takes the & in `return gen_run(NULL, name_init(&frame.gen, body)) ...`
   for a read of the uninitialised frame.gen (uninitStructMember) unless a
   ?: comes first in the return statement. */
#define gen_run(loop, port) gen__run_main((loop), 1 ? &(port)->base : 0)
#endif

/* ---- body macros for async functions -------------------------------------- */

/* await asyncio.sleep(d): d in clock units, a gen_delay_t; 0 or negative
   yields to the loop once. Any d up to the time type's largest value
   sleeps that long (beyond half its range, in steps); a larger d (a
   gen_delay_t wider than the time type) is a misuse: debug trap, else the
   largest. */
CORO__API gen_time_t gen__delay(gen_delay_t d)
{
    if (d <= 0)
        return 0;
    if ((gen_delay_t)(gen_time_t)d != d) {
#if CORO_DEBUG
        CORO_TRAP("GEN_SLEEP/gen_wait_for: a delay beyond GEN_TIME_TYPE's range: use a wider GEN_TIME_TYPE or a coarser clock");
#endif
        return (gen_time_t)~(gen_time_t)0;
    }
    return (gen_time_t)d;
}
#define GEN_SLEEP(g, d) GEN__ASK(g, 0, GEN__SLEEP, gen__delay((gen_delay_t)(d)), 0, 0)
#define GEN_SLEEP0(g) GEN__ASK(g, 0, GEN__READY, 0, 0, 0)

/* A wait in `list` with a timeout: a gen_delay_t from the suspension on
   (GEN_FOREVER or any negative one: none; 0: times out at the next pass
   unless woken first; at most half the time type's range). Afterwards
   gen_timed_out(g) tells whether the timeout ended it. */
#define GEN_FOREVER (-1)
CORO__API void gen__ask_for(gen_await_t *r, unsigned kind, gen_delay_t timeout, gen_list_t *list)
{
    gen__ask(r, kind, gen__delay(timeout), list, timeout < 0 ? 0 : GEN__AFTER); /* gen__delay: 0 if < 0 */
}
#define GEN__ASK_FOR(g, flag, kind, timeout, list) GEN__ASK_FOR_(CORO__ID, g, flag, kind, timeout, list)
#define GEN__ASK_FOR_(id, g, flag, kind, timeout, list) \
    do { gen__ask_for(&(g)->value, (kind), (gen_delay_t)(timeout), (list)); GEN__SUSPEND(id, flag) } while (0)
#define gen_timed_out(g) ((g)->value.woke == GEN_WOKE_TIMEOUT)

#ifndef GEN_NO_IO
/* Wait until descriptor fd is readable (writable), at most `timeout`
   (GEN_FOREVER: no limit): io (a gen_io_t of yours, untouched by anyone
   else until the wait ends) then holds the outcome in io->result:
   GEN_IO_READY, GEN_IO_TIMEOUT, GEN_IO_HANGUP (the peer hung up and fd is
   not readable/writable), GEN_IO_ERROR (io->err: an errno value; 0 when
   the loop has no driver). A cancellation raises CancelledError here as
   at any await. Each argument is evaluated once. */
CORO__API gen_list_t *gen__io_arm(gen_io_t *io, int fd, unsigned events)
{
    io->waiter.first = io->waiter.last = 0;
    io->fd = fd;
    io->events = (unsigned char)events;
    io->result = 0;
    io->err = 0;
    return &io->waiter;
}
#define GEN_WAIT_READABLE(g, io, fd, timeout) GEN__ASK_FOR(g, 0, GEN__IO, timeout, gen__io_arm((io), (fd), GEN_IO_READ))
#define GEN_WAIT_WRITABLE(g, io, fd, timeout) GEN__ASK_FOR(g, 0, GEN__IO, timeout, gen__io_arm((io), (fd), GEN_IO_WRITE))
#endif

/* await child: child's errors are raised here; child->result afterwards */
#define GEN_AWAIT(g, child) GEN__FROM_(CORO__ID, g, child, 0, GEN__SAME_VALUE(g, child))
/* try: await child / except: gen_caught(g) tells */
#define GEN_AWAIT_CATCH(g, child) GEN__FROM_(CORO__ID, g, child, 1, GEN__SAME_VALUE(g, child))

/* t = asyncio.create_task(c) in an async body run by a task: port runs
   as task (a gen_task_t of yours, not running) on the loop of the task
   running this body, spawned there at once; the body goes on in the same
   step (a request the loop answers without a pass). Each argument is
   evaluated once. */
CORO__API int gen__spawn_ask(gen_await_t *r, gen_task_t *task, gen_t *port)
{
    task->g = port;
    gen__ask(r, GEN__SPAWN, 0, &task->joiners, 0);
    return 1;
}
#define GEN_SPAWN(g, task, port) GEN__SPAWN_(CORO__ID, g, task, port)
#define GEN__SPAWN_(id, g, task, port) do { \
    if (gen__spawn_ask(&(g)->value, (task), &(port)->base)) { GEN__SUSPEND(id, 0) } \
} while (0)

/* await task: waits until it is done; its error is raised here (the
   catching form also catches an error thrown in while it waits).
   task is evaluated once: the request keeps it across the resumes. */
#define GEN_AWAIT_TASK(g, task) GEN__AWAIT_TASK_(CORO__ID, g, task, 0)
#define GEN_AWAIT_TASK_CATCH(g, task) GEN__AWAIT_TASK_(CORO__ID, g, task, GEN__F_CATCHING)
#define GEN__AWAIT_TASK_(id, g, task, catching) do { \
    gen__rc = gen__join_ask(gen__self, &(g)->value, (task), 0); \
    while (gen__rc == GEN__JOIN_WAIT) { \
        GEN__SUSPEND(id, catching) \
        gen__rc = gen__join_ask(gen__self, &(g)->value, gen__join_task(&(g)->value), 1); \
    } \
    if (gen__rc != GEN__JOIN_CAUGHT && \
        gen__joined(gen__self, gen__join_task(&(g)->value), gen__rc, (catching) | GEN__IN_TRY)) { GEN__PROPAGATE(); } \
    GEN__TRY_CAUGHT(catching); \
} while (0)

enum { GEN__JOIN_WAIT, GEN__JOIN_CAUGHT, GEN__JOIN_DONE, GEN__JOIN_ITSELF };

/* One step of awaiting task t: GEN__JOIN_WAIT (the request is filled in:
   suspend), _CAUGHT (an error thrown in while waiting was caught), _DONE,
   or _ITSELF: t is the task running this code, which would wait forever;
   as asyncio ("Task cannot await on itself") the error comes one pass
   later, so that a cancellation in between wins. */
CORO__API int gen__join_ask(gen_t *self, gen_await_t *r, gen_task_t *t, int resumed)
{
    /* the request keeps t (in `list`) whatever it asks, for the resumes */
    if (!resumed)
        gen__clear_flag(self, GEN__F_CAUGHT); /* no stale except branch */
    else if (self->co.flags & GEN__F_CAUGHT)
        return GEN__JOIN_CAUGHT;
    if (t->state == GEN_TASK_DONE || (resumed && t->loop && t->loop->current == t)) {
        r->list = &t->joiners;
        return t->state == GEN_TASK_DONE ? GEN__JOIN_DONE : GEN__JOIN_ITSELF;
    }
    /* itself: one pass first (READY, which does not wait in the list) */
    gen__ask(r, t->loop && t->loop->current == t ? GEN__READY : GEN__JOIN, 0, &t->joiners, 0);
    return GEN__JOIN_WAIT;
}
/* the task a GEN_AWAIT_TASK's request is about */
CORO__API gen_task_t *gen__join_task(const gen_await_t *r)
{
    return (gen_task_t *)(void *)((char *)r->list - offsetof(gen_task_t, joiners));
}

/* after joining: raise the task's error (1) or catch it (0) */
CORO__API int gen__joined(gen_t *self, const gen_task_t *t, int how, int catching)
{
    if (how == GEN__JOIN_ITSELF) {
        self->exc.code = GEN_ERROR_RUNNING;
        self->exc.msg = CORO__MSG("a task cannot await itself");
    } else if (t->rc >= 0) {
        return 0;
    } else {
        self->exc = t->g->err;
    }
    return !gen__from_caught(self, catching);
}

/* Suspend for a request that asks for `hops` passes between its wake-up
   and the resume: asyncio's done callbacks (gather's, wait_for's) each
   take a pass of the loop before they wake the awaiting task. */
#define GEN__ASK_HOPS(g, flag, kind, t, list, timed, n) GEN__ASK_HOPS_(CORO__ID, g, flag, kind, t, list, timed, n)
#define GEN__ASK_HOPS_(id, g, flag, kind, t, list, timed, n) do { \
    gen__ask(&(g)->value, (kind), (t), (list), (timed)); \
    (g)->value.hops = (unsigned char)(n); \
    GEN__SUSPEND(id, flag) \
} while (0)

/* ---- gather ---------------------------------------------------------------- */

/* await gather(*tasks): an awaitable over tasks already spawned. Ends when
   all are done, or at the first error (raised here; the others go on), or
   with return_errors set never raises: read each task's result and error.
   Cancelling the task that awaits it cancels the children instead (as
   asyncio's gather future does); the gather then ends as above, with
   CancelledError when nothing else failed. A task belongs to one gather
   at most. Timing as asyncio's: the awaiting task resumes two passes after
   the child that completes the gather ended (the child's done callback,
   then the wake-up). */
typedef struct gen_gather_t {
    gen_async gen;
    gen_task_t *const *tasks;   /* gen_gather's, or (array set) */
    gen_task_t *array;          /* gen_gather_of's */
    size_t n, done;
    gen_task_t *failed;         /* the first child that failed */
    gen_list_t waiters;
    int return_errors;
    int cancelled;              /* a cancellation reached a child through it */
} gen_gather_t;

/* child i, of either kind of task list */
CORO__API gen_task_t *gen__ga_task(const gen_gather_t *ga, size_t i)
{
    return ga->array ? &ga->array[i] : ga->tasks[i];
}

CORO__API int gen__gather_complete(const gen_gather_t *ga)
{
    return ga->done == ga->n || (ga->failed && !ga->return_errors);
}

/* The tasks still running belong to no gather now: the gather_t may be
   reused or go out of scope. */
CORO__API void gen__gather_detach(gen_gather_t *ga)
{
    size_t i;
    for (i = 0; i < ga->n; i++)
        if (gen__ga_task(ga, i)->gather == ga)
            gen__ga_task(ga, i)->gather = 0;
}

static void gen__gather_done(gen_gather_t *ga, gen_task_t *t)
{
    if (gen__gather_complete(ga))
        return; /* asyncio: the outer future is done, nothing changes */
    ga->done++;
    if (t->rc < 0 && !ga->failed)
        ga->failed = t;
    if (gen__gather_complete(ga)) {
        gen__gather_detach(ga);
        gen__wake(&ga->waiters, GEN_WOKE_SIGNAL, 0);
    }
}

/* gen_cancel of the task awaiting the gather whose waiter list is l: cancel
   the children, unless the gather is over (its waiter's wake-up no longer
   a hop away). 1 if a child took the request. */
CORO__API int gen__gather_cancel(gen_list_t *l, const gen_task_t *waiter)
{
    gen_gather_t *ga = (gen_gather_t *)(void *)((char *)l - offsetof(gen_gather_t, waiters));
    size_t i;
    int passed = 0;
    if (gen__gather_complete(ga) && !waiter->hops)
        return 0;
    for (i = 0; i < ga->n; i++)
        if (gen_cancel(gen__ga_task(ga, i)))
            passed = 1;
    if (passed)
        ga->cancelled = 1;
    return passed;
}

CORO__API int gen__gather(gen_async *g)
{
    gen_gather_t *ga = GEN_SELF(gen_gather_t, gen, g);
    GEN_BEGIN(g);
    if (gen__gather_complete(ga)) /* the done callbacks still take their pass */
        GEN__ASK_HOPS(g, 0, GEN__READY, 0, 0, 0, 1);
    while (!gen__gather_complete(ga))
        GEN__ASK_HOPS(g, 0, GEN__GATHER, 0, &ga->waiters, 0, 1);
    if (ga->failed && !ga->return_errors)
        GEN_FAIL(g, ga->failed->g->err.code, ga->failed->g->err.msg);
    if (ga->cancelled)
        GEN_FAIL(g, GEN_ERROR_CANCELLED, CORO__MSG("CancelledError"));
    GEN_FINALLY(g); /* also when the chain awaiting it is closed early */
    gen__gather_detach(ga);
    GEN_END(g);
}

CORO__API gen_async *gen__gather_init(gen_gather_t *ga, size_t n, int return_errors)
{
    size_t i;
    ga->n = n;
    ga->done = 0;
    ga->failed = 0;
    ga->waiters.first = ga->waiters.last = 0;
    ga->return_errors = return_errors;
    ga->cancelled = 0;
    for (i = 0; i < n; i++) {
        gen_task_t *t = gen__ga_task(ga, i);
        t->gather = ga;
        if (t->state == GEN_TASK_DONE)
            gen__gather_done(ga, t);
        else if (t->state) /* spawned: its loop tells the gather */
            t->loop->ops = &gen__ops;
    }
    return gen_async_init(&ga->gen, gen__gather);
}

CORO__API gen_async *gen_gather(gen_gather_t *ga, gen_task_t *const *tasks, size_t n, int return_errors)
{
    ga->tasks = tasks;
    ga->array = 0;
    return gen__gather_init(ga, n, return_errors);
}

/* the same over an array of n tasks (GEN_SPAWN's, say) */
CORO__API gen_async *gen_gather_of(gen_gather_t *ga, gen_task_t *tasks, size_t n, int return_errors)
{
    ga->tasks = 0;
    ga->array = tasks;
    return gen__gather_init(ga, n, return_errors);
}

/* ---- wait_for ------------------------------------------------------------------ */

/* await wait_for(task, timeout), as CPython 3.11: the task's outcome; on
   timeout: cancel it, wait until its cleanup has run, raise
   GEN_ERROR_TIMEOUT (unless the task caught the cancellation: then its
   outcome). timeout 0: cancel it at once (unless it is done). Cancelling
   the awaiting task cancels `task` too, waits for it and raises
   CancelledError (even when the task ended at the same moment: 3.12's
   rule; 3.11 returned the task's result then). */
typedef struct gen_wait_for_t {
    gen_async gen;
    gen_task_t *task;
    gen_time_t timeout, deadline, left; /* left: beyond the deadline (a
                           timeout over half the time type's range) */
    int why;            /* why it cancels the task: 0, GEN_ERROR_TIMEOUT or
                           GEN_ERROR_CANCELLED (the awaiting task was) */
    unsigned char timer; /* the deadline's timer has not fired yet */
} gen_wait_for_t;

/* the deadline's next step: the rest of the timeout, at most half the
   time type's range */
CORO__API void gen__wait_for_step(gen_wait_for_t *w)
{
    gen_time_t step = w->left > GEN__TIME_HALF ? GEN__TIME_HALF : w->left;
    w->left = (gen_time_t)(w->left - step);
    w->deadline = (gen_time_t)(w->deadline + step);
}

CORO__API int gen__wait_for(gen_async *g)
{
    gen_wait_for_t *w = GEN_SELF(gen_wait_for_t, gen, g);
    GEN_BEGIN(g);
    w->why = 0;
    w->timer = 0;
    w->deadline = gen_now(w->task->loop);
    w->left = w->timeout;
    gen__wait_for_step(w);
    if (gen_task_done(w->task)) {
        if (w->timeout) /* the done callback still takes its pass */
            GEN__ASK_HOPS(g, 0, GEN__READY, 0, 0, 0, 1);
    } else if (!w->timeout) {
        w->why = GEN_ERROR_TIMEOUT;
    } else {
        while (!gen_task_done(w->task) && !w->why) {
            GEN__ASK_HOPS(g, GEN__F_CATCHING, GEN__WAIT, w->deadline, &w->task->joiners, 1, 1);
            w->timer = g->value.woke != GEN_WOKE_TIMEOUT;
            if (gen_caught(g))
                w->why = GEN_ERROR_CANCELLED;
            else if (!w->timer && !gen_task_done(w->task) && w->left)
                gen__wait_for_step(w); /* a long timeout's next step */
            else if (!w->timer && !gen_task_done(w->task))
                w->why = GEN_ERROR_TIMEOUT;
        }
    }
    if (w->why) {
        /* cancel the task and wait until its cleanup has run; asyncio keeps
           the timeout's timer until wait_for returns, so a timer that has
           not fired stays (it wakes us once, for nothing) */
        gen_cancel(w->task);
        while (!gen_task_done(w->task)) {
            GEN__ASK_HOPS(g, 0, GEN__WAIT, w->deadline, &w->task->joiners, w->timer, 1);
            if (g->value.woke == GEN_WOKE_TIMEOUT)
                w->timer = 0;
        }
        if (w->why == GEN_ERROR_CANCELLED)
            GEN_FAIL(g, GEN_ERROR_CANCELLED, CORO__MSG("CancelledError"));
    }
    if (w->task->rc < 0) {
        if (w->why == GEN_ERROR_TIMEOUT && w->task->g->err.code == GEN_ERROR_CANCELLED)
            GEN_FAIL(g, GEN_ERROR_TIMEOUT, CORO__MSG("TimeoutError"));
        GEN_FAIL(g, w->task->g->err.code, w->task->g->err.msg);
    }
    GEN_END(g);
}

CORO__API gen_async *gen_wait_for(gen_wait_for_t *w, gen_task_t *task, gen_time_t timeout)
{
    w->task = task;
    w->timeout = timeout;
    return gen_async_init(&w->gen, gen__wait_for);
}

/* ---- Event, Semaphore, Lock -------------------------------------------------- */

/* An event: a zeroed one is clear. gen_event_set wakes every waiter.
   An interrupt or signal handler sets one with gen_event_set_from_isr, after
   the loop side registered it once with gen_loop_watch. */
typedef struct gen_event_t {
    gen_list_t waiters;
    unsigned char is_set;
    gen_watch_t watch;               /* for gen_event_set_from_isr */
} gen_event_t;

CORO__API void gen_event_set(gen_event_t *e)
{
    e->is_set = 1;
    gen__wake(&e->waiters, GEN_WOKE_SIGNAL, 0);
}

/* loop side: start watching w for interrupts (once) */
CORO__API void gen__watch(gen_loop_t *loop, gen_watch_t *w, void (*poll)(gen_watch_t *))
{
    if (w->loop)
        return;
    w->loop = loop;
    w->poll = poll;
    w->fired = 0;
    w->next = loop->watched;
    loop->watched = w;
}

/* interrupt side: two byte stores */
CORO__API void gen__fire(gen_watch_t *w)
{
    w->fired = 1;
    w->loop->poked = 1;
}

CORO__API void gen__event_poll(gen_watch_t *w)
{
    gen_event_set((gen_event_t *)(void *)((char *)w - offsetof(gen_event_t, watch)));
}

/* Loop side, once: let interrupt handlers set e. */
CORO__API void gen_loop_watch(gen_loop_t *loop, gen_event_t *e) { gen__watch(loop, &e->watch, gen__event_poll); }

/* Interrupt-safe: the loop sets the event at its next step (and
   gen_loop_run waits in the idle hook instead of reporting a deadlock while
   anything is watched). */
CORO__API void gen_event_set_from_isr(gen_event_t *e) { gen__fire(&e->watch); }

CORO__API void gen__poll_isr(gen_loop_t *loop)
{
    gen_watch_t *w;
    loop->poked = 0;
    for (w = loop->watched; w; w = w->next)
        if (w->fired) {
            w->fired = 0;
            w->poll(w);
        }
}

CORO__API void gen_event_clear(gen_event_t *e) { e->is_set = 0; }
CORO__API int gen_event_is_set(const gen_event_t *e) { return e->is_set; }

/* await event.wait(): returns at once if e is set, else after the next
   gen_event_set (even if the event was cleared again before this task
   ran, as asyncio). e is evaluated once. */
#define GEN_EVENT_WAIT(g, e) GEN_EVENT_WAIT_FOR(g, e, GEN_FOREVER)
/* try: await wait_for(event.wait(), timeout) except TimeoutError: the
   same wait with a timeout; gen_timed_out(g) afterwards tells (to raise
   as asyncio does: if (gen_timed_out(g)) GEN_FAIL(g, GEN_ERROR_TIMEOUT,
   "TimeoutError")). e and timeout are evaluated once. */
#define GEN_EVENT_WAIT_FOR(g, e, timeout) GEN__EVENT_WAIT_FOR_(CORO__ID, g, e, timeout)
#define GEN__EVENT_WAIT_FOR_(id, g, e, timeout) do { \
    if (gen__event_ask(&(g)->value, (e), (gen_delay_t)(timeout))) { GEN__SUSPEND(id, 0) } \
} while (0)
/* the request of GEN_EVENT_WAIT_FOR: 1 if it must wait */
CORO__API int gen__event_ask(gen_await_t *r, gen_event_t *e, gen_delay_t timeout)
{
    r->woke = GEN_WOKE_NONE;
    if (gen_event_is_set(e))
        return 0;
    gen__ask_for(r, GEN__WAIT, timeout, &e->waiters);
    return 1;
}

/* A semaphore; a lock is a semaphore of 1. Releases hand the permit to the
   first waiter (FIFO-fair: no newcomer overtakes a waiter, nor a woken
   waiter that has not run yet), as asyncio.Semaphore does. Where
   asyncio.Lock differs from Semaphore(1) (a release while its first
   waiter's cancellation is not yet delivered wakes nobody), a lock here
   behaves as the semaphore and wakes the next waiter at once. */
typedef struct gen_semaphore_t {
    gen_list_t waiters;
    unsigned long value;
    unsigned long granted;           /* woken waiters that have not run yet */
    unsigned long bound;             /* a bounded one's (a lock's) initial value, else 0 */
} gen_semaphore_t;
typedef gen_semaphore_t gen_lock_t;

CORO__API gen_semaphore_t *gen_semaphore_init(gen_semaphore_t *s, unsigned long value)
{
    s->waiters.first = s->waiters.last = 0;
    s->value = value;
    s->granted = 0;
    s->bound = 0;
    return s;
}
/* asyncio.BoundedSemaphore: releasing more than was acquired is an error */
CORO__API gen_semaphore_t *gen_bounded_semaphore_init(gen_semaphore_t *s, unsigned long value)
{
    gen_semaphore_init(s, value);
    s->bound = value;
    return s;
}
CORO__API gen_lock_t *gen_lock_init(gen_lock_t *l) { return gen_bounded_semaphore_init(l, 1); }

/* take a permit without waiting: 1 if taken (0 while anyone waits for one,
   or was handed one and has not run yet: asyncio's locked()) */
CORO__API int gen_semaphore_try(gen_semaphore_t *s)
{
    if (!s->value || s->waiters.first || s->granted)
        return 0;
    s->value--;
    return 1;
}

/* GEN_DONE, or GEN_ERROR_VALUE (and nothing changes) when a bounded
   semaphore or a lock is released more often than it was acquired */
CORO__API int gen_semaphore_release(gen_semaphore_t *s)
{
    if (s->bound && s->value + s->granted >= s->bound) {
#if CORO_DEBUG
        CORO_TRAP("gen_lock_release/gen_semaphore_release: released more often than acquired (a lock not held, or released twice?)");
#endif
        return GEN_ERROR_VALUE;
    }
    if (s->waiters.first) {
        s->granted++;
        gen__wake(&s->waiters, GEN_WOKE_GRANT, 1);
    } else {
        s->value++;
    }
    return GEN_DONE;
}

/* A woken waiter runs with its permit: a permit released meanwhile goes
   on to the next waiter (asyncio's acquire does the same). */
CORO__API void gen__semaphore_granted(gen_semaphore_t *s)
{
    s->granted--;
    if (s->value && s->waiters.first) {
        s->value--;
        (void)gen_semaphore_release(s);
    }
}

/* A woken waiter cancelled before it ran gives its permit back. */
CORO__API void gen__semaphore_give_back(gen_semaphore_t *s)
{
    s->granted--;
    (void)gen_semaphore_release(s);
}
#define gen_lock_release(l) gen_semaphore_release(l)
#define gen_lock_try(l) gen_semaphore_try(l)

/* await sem.acquire(): a cancellation while waiting gives back a permit
   already handed over. s is evaluated once (the request keeps it across the wait). */
#define GEN_ACQUIRE(g, s) GEN_ACQUIRE_FOR(g, s, GEN_FOREVER)
#define GEN_LOCK(g, l) GEN_ACQUIRE(g, l)
/* async with s: GEN_ASYNC_WITH(g, s) { ... } GEN_END_WITH(g, s); is one
   statement: acquire s (a gen_semaphore_t or gen_lock_t pointer), run the
   block, release s on every way out of it that a GEN_TRY_FINALLY sees (its
   end, an error, a cancellation, a close, GEN_RETURN). s is evaluated
   twice (acquire, release): pass a plain pointer. It needs __COUNTER__
   (every compiler tested but cc65, where it is a compile error naming the
   long form: GEN_ACQUIRE on a line of its own, then GEN_TRY_FINALLY with
   the release in its finally block). */
#if CORO__HAS_COUNTER
#define GEN_ASYNC_WITH(g, s) \
    if (1) { \
        GEN_ACQUIRE(g, s); \
        GEN_TRY_FINALLY(g)
#else /* two resume points on one line need __COUNTER__ (cc65 lacks it) */
#define GEN_ASYNC_WITH(g, s) GEN_ASYNC_WITH_NEEDS_COUNTER_USE_GEN_ACQUIRE_ON_ITS_OWN_LINE_THEN_GEN_TRY_FINALLY
#endif
#define GEN_END_WITH(g, s) \
        GEN_FINALLY_BLOCK(g) { \
            (void)gen_semaphore_release(s); \
        } GEN_END_FINALLY(g); \
    } else (void)0
/* try: await wait_for(sem.acquire(), timeout) except TimeoutError: with a
   timeout; gen_timed_out(g) afterwards: 1 if it timed out (no permit
   taken). GEN_LOCK_FOR likewise. */
#define GEN_ACQUIRE_FOR(g, s, timeout) do { \
    GEN__GRANTED_(g, gen__semaphore_ask(&(g)->value, (s)), gen__semaphore_give_back(GEN__SEM_OF(g)), timeout); \
    if ((g)->value.woke == GEN_WOKE_GRANT) gen__semaphore_granted(GEN__SEM_OF(g)); \
} while (0)
/* the semaphore a request waits on (or took a permit of) */
#define GEN__SEM_OF(g) ((gen_semaphore_t *)(void *)((char *)(g)->value.list - offsetof(gen_semaphore_t, waiters)))
/* take a permit now (1), or 0: the request keeps s for the wait */
CORO__API int gen__semaphore_ask(gen_await_t *r, gen_semaphore_t *s)
{
    r->list = &s->waiters;
    return gen_semaphore_try(s);
}
#define GEN_LOCK_FOR(g, l, timeout) GEN_ACQUIRE_FOR(g, l, timeout)

/* Wait in the list that `try_now` left in (g)->value.list until a waker
   hands us what `try_now` could not take, or the timeout (a gen_delay_t;
   GEN_FOREVER: none) ends the wait. */
#define GEN__GRANTED_(g, try_now, give_back, timeout) do { \
    (g)->value.woke = GEN_WOKE_NONE; \
    if (!(try_now)) { \
        do { \
            GEN__ASK_FOR(g, GEN__F_CATCHING, GEN__WAIT, timeout, (g)->value.list); \
            if (gen_caught(g)) { /* raise it on: it is (g)->base.exc */ \
                if ((g)->value.woke == GEN_WOKE_GRANT) give_back; \
                GEN_FAIL(g, (g)->base.exc.code, (g)->base.exc.msg); \
            } \
        } while ((g)->value.woke != GEN_WOKE_GRANT && !gen_timed_out(g)); \
    } \
} while (0)

/* ---- Queue ------------------------------------------------------------------- */

/* A bounded FIFO queue over a caller's array. put waits while it is full,
   get while it is empty; wake-ups are FIFO and hand over the slot or item,
   so no newcomer overtakes a waiter. An interrupt handler may be its
   producer (name_put_from_isr) when it is the only one. */
typedef struct gen_queue_t {
    gen_list_t getters, putters;
    size_t cap;
    volatile size_t head, tail;  /* free-running: tail - head items */
    size_t for_getters;          /* items handed to woken getters */
    size_t for_putters;          /* slots handed to woken putters */
    gen_watch_t watch;           /* for name_put_from_isr */
} gen_queue_t;

#if defined(__GNUC__) || defined(__clang__)
#define GEN__BARRIER() __asm__ __volatile__("" ::: "memory")
#else
#define GEN__BARRIER() ((void)0)
#endif

CORO__API size_t gen__queue_items(const gen_queue_t *q) { return q->tail - q->head; }

/* hand items to waiting getters, slots to waiting putters */
CORO__API void gen__queue_hand_over(gen_queue_t *q)
{
    while (q->getters.first && gen__queue_items(q) > q->for_getters) {
        q->for_getters++;
        gen__wake(&q->getters, GEN_WOKE_GRANT, 1);
    }
    while (q->putters.first && gen__queue_items(q) + q->for_putters < q->cap) {
        q->for_putters++;
        gen__wake(&q->putters, GEN_WOKE_GRANT, 1);
    }
}

CORO__API int gen__queue_can_put(const gen_queue_t *q, int granted)
{
    return granted || (!q->putters.first && gen__queue_items(q) + q->for_putters < q->cap);
}
CORO__API int gen__queue_can_get(const gen_queue_t *q, int granted)
{
    return granted || (!q->getters.first && gen__queue_items(q) > q->for_getters);
}
/* index of the slot to write, after a put is allowed; call gen__queue_put_done after writing */
CORO__API size_t gen__queue_put_slot(gen_queue_t *q, int granted)
{
    if (granted)
        q->for_putters--;
    return q->tail % q->cap;
}
CORO__API void gen__queue_put_done(gen_queue_t *q)
{
    q->tail = q->tail + 1;
    gen__queue_hand_over(q);
}
/* index of the slot to read, after a get is allowed; then gen__queue_get_done */
CORO__API size_t gen__queue_get_slot(gen_queue_t *q, int granted)
{
    if (granted)
        q->for_getters--;
    return q->head % q->cap;
}
CORO__API void gen__queue_get_done(gen_queue_t *q)
{
    q->head = q->head + 1;
    gen__queue_hand_over(q);
}
CORO__API void gen__queue_poll(gen_watch_t *w)
{
    gen__queue_hand_over((gen_queue_t *)(void *)((char *)w - offsetof(gen_queue_t, watch)));
}

/* cap 0 is no queue: asyncio's maxsize=0 (unbounded) has no fixed array */
CORO__API void gen__queue_check_cap(size_t cap)
{
#if CORO_DEBUG
    if (!cap)
        CORO_TRAP("NAME_init: a queue of capacity 0 takes no item (asyncio's maxsize=0 is unbounded, which a fixed array is not): give the array's size");
#else
    (void)cap;
#endif
}

/* GEN_QUEUE_DECLARE(name, T): a queue of T: name_init(q, array, cap) (cap
   >= 1; with cap 0 every put waits forever and try_put refuses: debug
   builds trap), name_try_put(q, item), name_try_get(q, &item), name_size(q); for an
   interrupt handler as the only producer: name_watch(loop, q) once on the
   loop side, then name_put_from_isr(q, item) (0 when full: refused, never
   waits); inside async bodies GEN_QUEUE_PUT(g, name, q, item) and
   GEN_QUEUE_GET(g, name, q, &item). */
#define GEN_QUEUE_DECLARE(name, T) \
    CORO__FNS_BEGIN \
    typedef struct name { gen_queue_t core; T *buf; } name; \
    CORO__API name *name##_init(name *gen__q, T *gen__array, size_t gen__cap) \
    { \
        gen__q->core.getters.first = gen__q->core.getters.last = 0; \
        gen__q->core.putters.first = gen__q->core.putters.last = 0; \
        gen__queue_check_cap(gen__cap); \
        gen__q->core.cap = gen__cap; \
        gen__q->core.head = 0; \
        gen__q->core.tail = 0; \
        gen__q->core.for_getters = gen__q->core.for_putters = 0; \
        gen__q->core.watch.loop = 0; \
        gen__q->buf = gen__array; \
        return gen__q; \
    } \
    CORO__API int name##__put(name *gen__q, T gen__item, int gen__granted) \
    { \
        if (!gen__queue_can_put(&gen__q->core, gen__granted)) \
            return 0; \
        gen__q->buf[gen__queue_put_slot(&gen__q->core, gen__granted)] = gen__item; \
        gen__queue_put_done(&gen__q->core); \
        return 1; \
    } \
    CORO__API int name##__get(name *gen__q, T *gen__item, int gen__granted) \
    { \
        if (!gen__queue_can_get(&gen__q->core, gen__granted)) \
            return 0; \
        *gen__item = gen__q->buf[gen__queue_get_slot(&gen__q->core, gen__granted)]; \
        gen__queue_get_done(&gen__q->core); \
        return 1; \
    } \
    CORO__API int name##_try_put(name *gen__q, T gen__item) { return name##__put(gen__q, gen__item, 0); } \
    CORO__API int name##_try_get(name *gen__q, T *gen__item) { return name##__get(gen__q, gen__item, 0); } \
    CORO__API size_t name##_size(const name *gen__q) { return gen__queue_items(&gen__q->core); } \
    CORO__API void name##_watch(gen_loop_t *gen__loop, name *gen__q) { gen__watch(gen__loop, &gen__q->core.watch, gen__queue_poll); } \
    CORO__API int name##_put_from_isr(name *gen__q, T gen__item) \
    { \
        size_t gen__tail = gen__q->core.tail; \
        if (gen__tail - gen__q->core.head + gen__q->core.for_putters >= gen__q->core.cap) \
            return 0; \
        gen__q->buf[gen__tail % gen__q->core.cap] = gen__item; \
        GEN__BARRIER(); /* the gen__item before the index that publishes it */ \
        gen__q->core.tail = gen__tail + 1; \
        gen__fire(&gen__q->core.watch); \
        return 1; \
    } \
    CORO__FNS_END

/* await q.put(item) / item = await q.get(); q is evaluated once (the
   request keeps it across the wait), item or itemp once more after a wait.
   Cancelled while waiting, a handed-over slot or item is passed on. */
#define GEN_QUEUE_PUT(g, name, q, item) GEN_QUEUE_PUT_FOR(g, name, q, item, GEN_FOREVER)
#define GEN_QUEUE_GET(g, name, q, itemp) GEN_QUEUE_GET_FOR(g, name, q, itemp, GEN_FOREVER)
/* the same with a timeout (wait_for(q.put(item)/q.get(), timeout)):
   gen_timed_out(g) afterwards: 1 if it timed out (nothing put or got) */
#define GEN_QUEUE_PUT_FOR(g, name, q, item, timeout) do { \
    GEN__GRANTED_(g, name##_try_put((name *)gen__queue_ask(&(g)->value, &(q)->core, 0), (item)), \
                  gen__queue_pass_slot(GEN__QUEUE_OF(g, putters)), timeout); \
    if ((g)->value.woke == GEN_WOKE_GRANT) { \
        (g)->value.woke = GEN_WOKE_NONE; name##__put((name *)(void *)GEN__QUEUE_OF(g, putters), (item), 1); } \
} while (0)
#define GEN_QUEUE_GET_FOR(g, name, q, itemp, timeout) do { \
    GEN__GRANTED_(g, name##_try_get((name *)gen__queue_ask(&(g)->value, &(q)->core, 1), (itemp)), \
                  gen__queue_pass_item(GEN__QUEUE_OF(g, getters)), timeout); \
    if ((g)->value.woke == GEN_WOKE_GRANT) { \
        (g)->value.woke = GEN_WOKE_NONE; name##__get((name *)(void *)GEN__QUEUE_OF(g, getters), (itemp), 1); } \
} while (0)
/* the request keeps the queue (by the list a putter or getter waits in);
   the queue, as the first member of its NAME, is where NAME starts */
CORO__API void *gen__queue_ask(gen_await_t *r, gen_queue_t *q, int getter)
{
    r->list = getter ? &q->getters : &q->putters;
    return q;
}
/* the queue a request waits on, by the list it waits in */
#define GEN__QUEUE_OF(g, side) ((gen_queue_t *)(void *)((char *)(g)->value.list - offsetof(gen_queue_t, side)))

CORO__API void gen__queue_pass_slot(gen_queue_t *q)
{
    q->for_putters--;
    gen__queue_hand_over(q);
}
CORO__API void gen__queue_pass_item(gen_queue_t *q)
{
    q->for_getters--;
    gen__queue_hand_over(q);
}

#endif /* GEN_NO_ASYNC */

#ifndef GEN_NO_PT
/* ---- the small loop: protothreads on a clock (gen_pt_*, section 11) ------- */

/* A task of the small loop: a coro.h body that returns CORO_SUSPENDED to
   wait. Every pass of gen_pt_step calls each task once, in the order they
   were spawned, and a sleeping one tests its own deadline: no ready queue,
   no timer heap, so a task is a few words and a switch is a call. */
typedef struct gen_pt_t gen_pt_t;
typedef struct gen_pt_loop_t gen_pt_loop_t;
struct gen_pt_t {
    gen_pt_t *next;           /* the next task of the loop (first member) */
    int (*body)(gen_pt_t *t);
    gen_pt_loop_t *loop;
    gen_time_t due;           /* GEN_PT_SLEEP, GEN_PT_WAIT_UNTIL_FOR: the deadline */
    coro_t co;                /* the body's place: CORO_BEGIN(&t->co) */
    unsigned char state;      /* GEN_PT__*: 0 before its first spawn */
    unsigned char timed_out;  /* the last GEN_PT_WAIT_UNTIL_FOR ended by its deadline */
    int rc;                   /* once done: CORO_DONE or the error it ended with */
};
struct gen_pt_loop_t {
    gen_pt_t *first, *last;   /* the tasks, in the order they were spawned */
    gen_clock_t *clock;
    gen_time_t now;           /* the clock at the start of the pass */
    void (*idle)(gen_pt_loop_t *loop, gen_time_t wait); /* gen_pt_run's, when no task is due */
    unsigned char stepping;   /* a pass is under way */
};
enum { GEN_PT__FREE = 0, GEN_PT__READY = 1, GEN_PT__SLEEPING = 2, GEN_PT__DONE = 3 };

CORO__API void gen_pt_loop_init(gen_pt_loop_t *loop, gen_clock_t *clock)
{
    loop->first = loop->last = 0;
    loop->clock = clock;
    loop->now = clock->now(clock);
    loop->idle = 0;
    loop->stepping = 0;
}

/* Starts body as a task of loop, after the tasks already there. t must be
   new (zeroed) or done: a t still in a loop is refused (GEN_ERROR_RUNNING,
   nothing changes; a trap first in debug builds). */
CORO__API int gen_pt_spawn(gen_pt_loop_t *loop, gen_pt_t *t, int (*body)(gen_pt_t *))
{
    if (t->state != GEN_PT__FREE && t->state != GEN_PT__DONE) {
        CORO_TRAP("gen_pt_spawn: the task is still in a loop: spawn it again once gen_pt_done(t), or use another gen_pt_t");
        return GEN_ERROR_RUNNING;
    }
    t->next = 0;
    t->body = body;
    t->loop = loop;
    coro_init(&t->co);
    t->state = GEN_PT__READY;
    t->rc = 0;
    if (loop->last)
        loop->last->next = t;
    else
        loop->first = t;
    loop->last = t;
    return GEN_DONE;
}

/* One pass: reads the clock once, then calls each task in turn (a sleeping
   one tests its deadline itself); a task that ends leaves the loop. Returns
   1 while tasks remain, 0 when none; GEN_ERROR_RUNNING, doing nothing, when
   called from a task of the same loop (a trap first in debug builds). */
CORO__API int gen_pt_step(gen_pt_loop_t *loop)
{
    gen_pt_t **link = &loop->first, *t;
    if (loop->stepping) {
        CORO_TRAP("gen_pt_step: called from inside a task of the same loop: return to the loop (CORO_YIELD) instead");
        return GEN_ERROR_RUNNING;
    }
    loop->stepping = 1;
    loop->now = loop->clock->now(loop->clock);
    while ((t = *link) != 0) {
        int rc = t->body(t);
        if (rc == CORO_SUSPENDED) {
            link = &t->next;
            continue;
        }
        /* out of the list: the task before it (whose next is *link) is the
           last now if t was */
        *link = t->next;
        if (loop->last == t)
            loop->last = link == &loop->first ? 0 : (gen_pt_t *)(void *)link;
        t->state = GEN_PT__DONE;
        t->rc = rc;
    }
    loop->stepping = 0;
    return loop->first != 0;
}

/* Whether every task sleeps (or none is left); *wait gets the time until
   the earliest deadline: 0 if one has come already, GEN_FOREVER_WAIT when
   no task is left. A super-loop sleeps (WFI) when it says 1 and *wait > 0. */
CORO__API int gen_pt_idle(gen_pt_loop_t *loop, gen_time_t *wait)
{
    gen_time_t now = loop->clock->now(loop->clock), w = GEN_FOREVER_WAIT;
    gen_pt_t *t;
    *wait = 0;
    for (t = loop->first; t; t = t->next) {
        if (t->state != GEN_PT__SLEEPING)
            return 0;
        if (!gen__before(now, t->due))
            return 1;
        if ((gen_time_t)(t->due - now) < w)
            w = (gen_time_t)(t->due - now);
    }
    *wait = w;
    return 1;
}

/* Passes until every task is done: with nothing due, a virtual clock jumps
   to the earliest deadline, else loop->idle (if set) is called with the
   wait. Returns GEN_DONE (GEN_ERROR_RUNNING from inside a task, as
   gen_pt_step). */
CORO__API int gen_pt_run(gen_pt_loop_t *loop)
{
    gen_time_t w;
    int rc;
    while ((rc = gen_pt_step(loop)) > 0)
        if (gen_pt_idle(loop, &w) && w) {
            if (loop->clock->jumps)
                loop->clock->ticks = (gen_time_t)(loop->clock->ticks + w);
            else if (loop->idle)
                loop->idle(loop, w);
        }
    return rc;
}

/* a cancelled task's body from then on */
static int gen_pt__cancelled(gen_pt_t *t)
{
    (void)t;
    return GEN_ERROR_CANCELLED;
}
/* Ends t without running it again, at the loop's next visit (its finally
   section does not run: a coro_t cannot be closed from outside); it is then
   done with GEN_ERROR_CANCELLED. 1 if asked; 0 if t is done or was never
   spawned, or is the task running now (a trap first in debug builds: end
   yourself with CORO_EXIT or CORO_FAIL). */
CORO__API int gen_pt_cancel(gen_pt_t *t)
{
    if (t->state == GEN_PT__FREE || t->state == GEN_PT__DONE)
        return 0;
    if (coro_state(&t->co) == CORO_STATE_RUNNING) {
        CORO_TRAP("gen_pt_cancel: a task cannot cancel itself: end it with CORO_EXIT() or CORO_FAIL(err)");
        return 0;
    }
    t->body = gen_pt__cancelled;
    t->state = GEN_PT__READY; /* due at once: no idle wait for it */
    return 1;
}

CORO__API int gen_pt_done(const gen_pt_t *t) { return t->state == GEN_PT__DONE; }
/* once done: CORO_DONE, the body's error, or GEN_ERROR_CANCELLED */
CORO__API int gen_pt_result(const gen_pt_t *t) { return t->rc; }
/* in a body: the time its pass began (what its sleeps count from) */
CORO__API gen_time_t gen_pt_now(const gen_pt_t *t) { return t->loop->now; }
/* after GEN_PT_WAIT_UNTIL_FOR: whether its deadline ended it */
CORO__API int gen_pt_timed_out(const gen_pt_t *t) { return t->timed_out; }

/* the deadline d ticks after the pass began; a delay over half the time
   type's range would read as past: a trap, then that half */
CORO__API void gen_pt__deadline(gen_pt_t *t, gen_delay_t d)
{
    gen_time_t ticks = d > 0 ? (gen_time_t)d : 0;
    if (ticks > GEN__TIME_HALF) {
        CORO_TRAP("GEN_PT_SLEEP / GEN_PT_WAIT_UNTIL_FOR: a delay over half the time type's range: "
                  "use a wider GEN_TIME_TYPE, or sleep in steps");
        ticks = GEN__TIME_HALF;
    }
    t->due = (gen_time_t)(t->loop->now + ticks);
    t->timed_out = 0;
}
CORO__API int gen_pt__expired(gen_pt_t *t)
{
    if (gen__before(t->loop->now, t->due))
        return 0;
    t->timed_out = 1;
    return 1;
}
/* a sleeping task, called by its pass: whether its deadline has come */
CORO__API int gen_pt__awake(gen_pt_t *t)
{
    if (gen__before(t->loop->now, t->due))
        return 0;
    t->state = GEN_PT__READY;
    return 1;
}

/* In a task's body (t: the gen_pt_t * it received; each one statement):
   sleep d ticks (0 or less: until the next pass), counted from the start
   of the pass */
#define GEN_PT_SLEEP(t, d) do { \
    gen_pt__deadline((t), (d)); \
    (t)->state = GEN_PT__SLEEPING; \
    do { CORO_YIELD(); } while (!gen_pt__awake(t)); \
} while (0)
/* wait until cond (tested once per pass), for at most d ticks; then
   gen_pt_timed_out(t) tells which ended it */
#define GEN_PT_WAIT_UNTIL_FOR(t, cond, d) do { \
    gen_pt__deadline((t), (d)); \
    CORO_WAIT_UNTIL((cond) || gen_pt__expired(t)); \
} while (0)
#endif /* GEN_NO_PT */

/* ==== PART II: PORTS AND COMBINATORS =====================================
   Public macros and functions of this part, one line each (sections 7, 8):
     GEN_DECLARE(name, Y, S, R)          a port type with its functions
     gen_long *gen_range(f, start, stop, step), *gen_count(f, start, step)
     name *name_chain(f, a, b), name_map(f, src, fn), name_filter(f, src, pred)
     name *name_map_with(f, src, fn, ctx), name_filter_with(f, src, pred, ctx)
     GEN_MAP_DECLARE(name, from, X, to, Y)   a map from X values to Y values
     name *name_take(f, src, n)          islice(src, n)
     name_items *name_enumerate(f, src, start), name_pairs *name_zip(f, a, b)
     int name_collect(src, array, cap, &n)   list(src) into an array
   ========================================================================== */

/* A combinator's step on its source: GEN_YIELDED with a value in *v, or
   the source's end, raised here if it was an error. */
#define GEN__PULL(name, src, v) \
    gen__rc = name##_next((src), (v)); \
    GEN__STOP_UNLESS_YIELDED(src)
#define GEN__STOP_UNLESS_YIELDED(src) \
    if (gen__rc != GEN_YIELDED) { \
        if (gen__rc < 0) gen__raise_from(gen__self, &(src)->base, gen__rc); \
        GEN__UNWIND(); \
    }

/* A combinator closed from outside closes the sources it owns (the job
   Python's garbage collector does when a pipeline is dropped), unless
   f->borrowed was set; what closing them returns is not its business,
   as the collector ignores it. A normal end (an exhausted source, a take
   that has taken its n) leaves them as they are. */
#define GEN__CLOSE_OWNED(g, f, a, b) \
    if (gen_closing(g) && !(f)->borrowed) { \
        (void)gen_close((f)->a); \
        if ((f)->b && (f)->b != (f)->a) (void)gen_close((f)->b); \
    }

#define GEN__TOOLS(name, Y) \
    CORO__FNS_BEGIN \
    typedef struct name##_chain_t { name gen; name *src, *next; int borrowed; } name##_chain_t; \
    CORO__API int name##__chain(name *gen__g) \
    { \
        name##_chain_t *gen__f = GEN_SELF(name##_chain_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            gen__rc = name##_next(gen__f->src, &gen__g->value); \
            if (gen__rc == GEN_DONE && gen__f->next) { \
                gen__f->src = gen__f->next; \
                gen__f->next = 0; \
                continue; \
            } \
            GEN__STOP_UNLESS_YIELDED(gen__f->src) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, next); \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_chain(name##_chain_t *gen__f, name *gen__a, name *gen__b) \
    { \
        gen__f->src = gen__a; \
        gen__f->next = gen__b; \
        gen__f->borrowed = 0; \
        return name##_init(&gen__f->gen, name##__chain); \
    } \
    typedef struct name##_map_t { \
        name gen; name *src; Y (*fn)(Y); Y (*fn_with)(void *, Y); void *ctx; Y v; int borrowed; \
    } name##_map_t; \
    CORO__API int name##__map(name *gen__g) \
    { \
        name##_map_t *gen__f = GEN_SELF(name##_map_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__f->v) \
            GEN_YIELD(gen__g, gen__f->fn ? gen__f->fn(gen__f->v) : gen__f->fn_with(gen__f->ctx, gen__f->v)); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, src); \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_map(name##_map_t *gen__f, name *gen__src, Y (*gen__fn)(Y)) \
    { \
        gen__f->src = gen__src; \
        gen__f->borrowed = 0; \
        gen__f->fn = gen__fn; \
        return name##_init(&gen__f->gen, name##__map); \
    } \
    CORO__API name *name##_map_with(name##_map_t *gen__f, name *gen__src, Y (*gen__fn)(void *, Y), void *gen__ctx) \
    { \
        gen__f->src = gen__src; \
        gen__f->borrowed = 0; \
        gen__f->fn = 0; \
        gen__f->fn_with = gen__fn; \
        gen__f->ctx = gen__ctx; \
        return name##_init(&gen__f->gen, name##__map); \
    } \
    typedef struct name##_filter_t { \
        name gen; name *src; int (*pred)(Y); int (*pred_with)(void *, Y); void *ctx; Y v; int borrowed; \
    } name##_filter_t; \
    CORO__API int name##__filter(name *gen__g) \
    { \
        name##_filter_t *gen__f = GEN_SELF(name##_filter_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__f->v) \
            if (gen__f->pred ? gen__f->pred(gen__f->v) : gen__f->pred_with(gen__f->ctx, gen__f->v)) \
                GEN_YIELD(gen__g, gen__f->v); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, src); \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_filter(name##_filter_t *gen__f, name *gen__src, int (*gen__pred)(Y)) \
    { \
        gen__f->src = gen__src; \
        gen__f->borrowed = 0; \
        gen__f->pred = gen__pred; \
        return name##_init(&gen__f->gen, name##__filter); \
    } \
    CORO__API name *name##_filter_with(name##_filter_t *gen__f, name *gen__src, int (*gen__pred)(void *, Y), void *gen__ctx) \
    { \
        gen__f->src = gen__src; \
        gen__f->borrowed = 0; \
        gen__f->pred = 0; \
        gen__f->pred_with = gen__pred; \
        gen__f->ctx = gen__ctx; \
        return name##_init(&gen__f->gen, name##__filter); \
    } \
    typedef struct name##_take_t { name gen; name *src; long left; int borrowed; } name##_take_t; \
    CORO__API int name##__take(name *gen__g) \
    { \
        name##_take_t *gen__f = GEN_SELF(name##_take_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (; gen__f->left > 0; gen__f->left--) { \
            GEN__PULL(name, gen__f->src, &gen__g->value) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_FINALLY(gen__g); /* exhausted: the source stays open, as islice's */ \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, src); \
        GEN_END(gen__g); \
    } \
    CORO__API name *name##_take(name##_take_t *gen__f, name *gen__src, long gen__n) \
    { \
        gen__f->src = gen__src; \
        gen__f->borrowed = 0; \
        gen__f->left = gen__n; \
        return name##_init(&gen__f->gen, name##__take); \
    } \
    typedef struct name##_enumerate_t { name##_items gen; name *src; long index; int spent, borrowed; } name##_enumerate_t; \
    CORO__API int name##__enumerate(name##_items *gen__g) \
    { \
        name##_enumerate_t *gen__f = GEN_SELF(name##_enumerate_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->src, &gen__g->value.value) \
            if (gen__f->spent) /* LONG_MAX was given: no index for this one */ \
                GEN_FAIL(gen__g, GEN_ERROR_VALUE, CORO__MSG("enumerate() index would pass the range of long")); \
            gen__g->value.index = gen__f->index; \
            if (gen__f->index == LONG_MAX) gen__f->spent = 1; else gen__f->index++; \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, src); \
        GEN_END(gen__g); \
    } \
    CORO__API name##_items *name##_enumerate(name##_enumerate_t *gen__f, name *gen__src, long gen__start) \
    { \
        gen__f->src = gen__src; \
        gen__f->index = gen__start; \
        gen__f->spent = 0; \
        gen__f->borrowed = 0; \
        return name##_items_init(&gen__f->gen, name##__enumerate); \
    } \
    typedef struct name##_zip_t { name##_pairs gen; name *a, *b; int borrowed; } name##_zip_t; \
    CORO__API int name##__zip(name##_pairs *gen__g) \
    { \
        name##_zip_t *gen__f = GEN_SELF(name##_zip_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(name, gen__f->a, &gen__g->value.first) \
            GEN__PULL(name, gen__f->b, &gen__g->value.second) \
            GEN_YIELD(gen__g, gen__g->value); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, a, b); \
        GEN_END(gen__g); \
    } \
    CORO__API name##_pairs *name##_zip(name##_zip_t *gen__f, name *gen__a, name *gen__b) \
    { \
        gen__f->a = gen__a; \
        gen__f->b = gen__b; \
        gen__f->borrowed = 0; \
        return name##_pairs_init(&gen__f->gen, name##__zip); \
    } \
    CORO__API int name##_collect(name *gen__src, Y *gen__array, size_t gen__cap, size_t *gen__n) \
    { \
        size_t gen__i = 0; \
        int gen__rc = GEN_YIELDED; \
        while (gen__i < gen__cap && (gen__rc = name##_next(gen__src, &gen__array[gen__i])) == GEN_YIELDED) \
            gen__i++; \
        if (gen__n) \
            *gen__n = gen__i; \
        return gen__rc; \
    } \
    CORO__FNS_END

/* GEN_MAP_DECLARE(name, from, X, to, Y): a map that changes the value type,
   from a port `from` of X values to a port `to` of Y values (both declared
   with GEN_DECLARE): name_t (its frame) and
       to *name(name_t *f, from *src, Y (*fn)(void *ctx, X), void *ctx)
   Like the other combinators it owns src (f->borrowed = 1 keeps it open). */
#define GEN_MAP_DECLARE(name, from, X, to, Y) \
    CORO__FNS_BEGIN \
    typedef struct name##_t { to gen; from *src; Y (*fn)(void *, X); void *ctx; X v; int borrowed; } name##_t; \
    CORO__API int name##__body(to *gen__g) \
    { \
        name##_t *gen__f = GEN_SELF(name##_t, gen, gen__g); \
        GEN_BEGIN(gen__g); \
        for (;;) { \
            GEN__PULL(from, gen__f->src, &gen__f->v) \
            GEN_YIELD(gen__g, gen__f->fn(gen__f->ctx, gen__f->v)); \
        } \
        GEN_FINALLY(gen__g); \
        GEN__CLOSE_OWNED(gen__g, gen__f, src, src); \
        GEN_END(gen__g); \
    } \
    CORO__API to *name(name##_t *gen__f, from *gen__src, Y (*gen__fn)(void *, X), void *gen__ctx) \
    { \
        gen__f->src = gen__src; \
        gen__f->fn = gen__fn; \
        gen__f->ctx = gen__ctx; \
        gen__f->borrowed = 0; \
        return to##_init(&gen__f->gen, name##__body); \
    } \
    CORO__FNS_END

#ifdef GEN_NO_COMBINATORS
#define GEN_DECLARE(name, Y, S, R) GEN__PORT(name, Y, S, R)
#else
#define GEN_DECLARE(name, Y, S, R) \
    GEN__PORT(name, Y, S, R) \
    typedef struct name##_item { long index; Y value; } name##_item; \
    typedef struct name##_pair { Y first; Y second; } name##_pair; \
    GEN__PORT(name##_items, name##_item, S, R) \
    GEN__PORT(name##_pairs, name##_pair, S, R) \
    GEN__TOOLS(name, Y)
#endif

#ifndef GEN_PT_ONLY
GEN_DECLARE(gen_int, int, int, int)
GEN_DECLARE(gen_long, long, long, long)
#endif

#ifndef GEN_NO_COMBINATORS

/* ---- range and count ----------------------------------------------------- */

typedef struct gen_range_t { gen_long gen; long next, stop, step; } gen_range_t;

/* The distance from `from` to `to` in the direction of step, and the
   step's size: in unsigned long, where neither overflows. */
CORO__API unsigned long gen__room(long from, long to, long step)
{
    return step > 0 ? (unsigned long)to - (unsigned long)from : (unsigned long)from - (unsigned long)to;
}
CORO__API unsigned long gen__stride(long step)
{
    return step > 0 ? (unsigned long)step : 0ul - (unsigned long)step;
}

CORO__API int gen__range(gen_long *g)
{
    gen_range_t *f = GEN_SELF(gen_range_t, gen, g);
    GEN_BEGIN(g);
    if (f->step == 0)
        GEN_FAIL(g, GEN_ERROR_VALUE, CORO__MSG("range() arg 3 must not be zero"));
    if (f->step > 0 ? f->next < f->stop : f->next > f->stop) {
        for (;;) { /* next + step is computed only when it stays inside */
            GEN_YIELD(g, f->next);
            if (gen__room(f->next, f->stop, f->step) <= gen__stride(f->step))
                break; /* next + step reaches the stop */
            f->next += f->step;
        }
    }
    GEN_END(g);
}

CORO__API gen_long *gen_range(gen_range_t *f, long start, long stop, long step)
{
    f->next = start;
    f->stop = stop;
    f->step = step;
    return gen_long_init(&f->gen, gen__range);
}

typedef struct gen_count_t { gen_long gen; long next, step; } gen_count_t;

CORO__API int gen__count(gen_long *g)
{
    gen_count_t *f = GEN_SELF(gen_count_t, gen, g);
    GEN_BEGIN(g);
    for (;; f->next += f->step) {
        GEN_YIELD(g, f->next);
        if (gen__room(f->next, f->step > 0 ? LONG_MAX : LONG_MIN, f->step) < gen__stride(f->step))
            GEN_FAIL(g, GEN_ERROR_VALUE, CORO__MSG("count() would pass the range of long"));
    }
    GEN_END(g);
}

CORO__API gen_long *gen_count(gen_count_t *f, long start, long step)
{
    f->next = start;
    f->step = step;
    return gen_long_init(&f->gen, gen__count);
}

#endif /* GEN_NO_COMBINATORS */

#ifndef GEN_NO_ASYNC

/* ---- async generators ----------------------------------------------------------- */

/* GEN_AGEN_DECLARE(name, T): the port type of async generators of T: bodies
   that can await (GEN_SLEEP, GEN_AWAIT, GEN_QUEUE_GET...) and yield values of
   T with GEN_AYIELD. (The value travels in the port's result field: an async
   generator returns nothing, as in Python.) GEN_ASEND delivers a T too, in
   the port's sent field: GEN_AGEN_SEND_DECLARE(name, T, S) declares one that
   receives S instead. Consume one inside an async function with
   GEN_ASYNC_FOR or GEN_ANEXT; GEN_ASEND, GEN_ATHROW and GEN_ACLOSE mirror
   send, throw and close, and may await its finally section.
   The agen argument of these macros is evaluated more than once (when they
   start and when a value arrives): pass a plain pointer. */
#define GEN_AGEN_DECLARE(name, T) GEN__PORT(name, gen_await_t, T, T)
#define GEN_AGEN_SEND_DECLARE(name, T, S) GEN__PORT(name, gen_await_t, S, T)

/* async generator body: yield v to the consumer */
#define GEN_AYIELD(g, v) GEN__AYIELD_(CORO__ID, g, v)
#define GEN__AYIELD_(id, g, v) \
    do { \
        (g)->result = (v); \
        gen__ask((gen_await_t *)(void *)((char *)gen__self + gen__self->vt->value_off), GEN__VALUE, 0, 0, 0); \
        GEN__SUSPEND(id, 0) \
    } while (0)

CORO__API int gen__is_value(gen_t *sub)
{
    return ((gen_await_t *)gen__value_of(sub))->kind == GEN__VALUE;
}

/* Drive an async generator until it yields a value (then *out) or ends,
   delegating its awaits to our caller. After it: gen_state(agen) ==
   GEN_CLOSED when it is exhausted (StopAsyncIteration). */
#define GEN__ADRIVE_(id, g, agen, prepare, on_value) do { \
    gen__rc = (prepare); \
    if (gen__rc == GEN__GO) \
        gen__rc = gen__from_start(gen__self, &(agen)->base); \
    gen__clear_flag(&(agen)->base, GEN__F_SENT); /* delivered: once */ \
    while (gen__rc == GEN_YIELDED && !gen__is_value(gen__self->sub)) { \
        GEN__SUSPEND(id, GEN__F_DELEGATING) \
        gen__rc = gen__from_step(gen__self); \
    } \
    if (gen__rc == GEN_YIELDED) { \
        gen__self->sub = 0; \
        on_value; \
    } else if (gen__rc == GEN__CLOSED_SUB || \
               (gen__rc == GEN_ERROR && !gen__from_caught(gen__self, GEN__IN_TRY))) { \
        GEN__PROPAGATE(); \
    } \
    GEN__TRY_CAUGHT(0); \
} while (0)

#define GEN_ANEXT(g, agen, out) GEN__ADRIVE_(CORO__ID, g, agen, GEN__GO, *(out) = (agen)->result)
#define GEN_ASEND(g, agen, v, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, ((agen)->sent = (v), gen__prep_send(gen__self, &(agen)->base)), *(out) = (agen)->result)
#define GEN_ATHROW(g, agen, code, msg, out) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_throw(gen__self, &(agen)->base, (code), (msg)), *(out) = (agen)->result)
/* await agen.aclose(): its finally section may await; a value yielded
   instead raises GEN_ERROR_IGNORED_CLOSE here */
#define GEN_ACLOSE(g, agen) \
    GEN__ADRIVE_(CORO__ID, g, agen, gen__prep_close(gen__self, &(agen)->base), \
                 GEN_FAIL(g, GEN_ERROR_IGNORED_CLOSE, gen_strerror(GEN_ERROR_IGNORED_CLOSE)))

/* async for: GEN_ASYNC_FOR(g, agen, out) statement. Each pass awaits the
   next value into *out, then runs the statement (which may await, break or
   continue); the loop ends when agen is exhausted. The statement sits in
   the else branch, reached by goto, so that the await comes first. */
#define GEN_ASYNC_FOR(g, agen, out) GEN__AFOR(CORO__ID, g, agen, out)
/* one more macro level: pcc and chibicc expand __COUNTER__ again at each
   use of a parameter, but pass a literal on to the next macro */
#define GEN__AFOR(id, g, agen, out) GEN__AFOR_(id, g, agen, out)
#define GEN__AFOR_(id, g, agen, out) \
    for (;;) \
        if (1) { \
            GEN__ADRIVE_(id, g, agen, GEN__GO, *(out) = (agen)->result); \
            if (gen_state(agen) == GEN_CLOSED) \
                break; \
            goto CORO__CAT(gen__body, id); \
        } else \
            CORO__CAT(gen__body, id):

/* The first step of asend/athrow/aclose: GEN__GO to resume the async
   generator, or GEN_ERROR with the error to raise in self->exc; athrow
   and aclose of a suspended one take that step here (gen__from_start_as
   with the signal) and return what it returns. */
CORO__API int gen__prep_send(gen_t *self, gen_t *a)
{
    if (a->co.state == GEN_CREATED) { /* asyncio: TypeError, a stays new */
        self->exc.code = GEN_ERROR_NOT_STARTED;
        self->exc.msg = gen_strerror(GEN_ERROR_NOT_STARTED);
        return GEN_ERROR;
    }
    if (a->co.state == GEN_SUSPENDED)
        gen__set_flag(a, GEN__F_SENT);
    return GEN__GO;
}
CORO__API int gen__prep_throw(gen_t *self, gen_t *a, int code, const char *msg)
{
    int created = a->co.state == GEN_CREATED;
    if (gen__deliver(a, code, msg)) /* the first step, begun here */
        return gen__from_start_as(self, a, 1);
    if (!created) /* closed: CPython 3.11's athrow returns None */
        return GEN__GO;
    self->exc.code = code; /* never started: closed, raised straight back */
    self->exc.msg = msg;
    return GEN_ERROR;
}
CORO__API int gen__prep_close(gen_t *self, gen_t *a)
{
    if (a->co.state == GEN_SUSPENDED) {
        gen__set_flag(a, GEN__F_CLOSE);
        return gen__from_start_as(self, a, 1); /* the first step, begun here */
    }
    a->co.state = GEN_CLOSED;
    return GEN__GO;
}

#endif /* GEN_NO_ASYNC */

#endif /* GEN_H */
