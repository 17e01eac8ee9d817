/* Must not compile when the compiler lacks labels as values and
   CORO_BACKEND_GOTO is forced (run.sh hides __GNUC__/__clang__ to pose as one). */
#include "coro.h"
int goto_without_labels;
