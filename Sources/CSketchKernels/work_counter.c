// A shared counter from which threads take the next piece of work, so that a core slowed by its
// neighbours on a shared host takes fewer pieces instead of holding the others up at every step.
#include "sketch_kernels.h"

long sk_take_next(long *counter) { return __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED); }
