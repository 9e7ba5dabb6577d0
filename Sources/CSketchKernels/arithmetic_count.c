#include "sketch_kernels.h"

// One relaxed atomic addition per product: a benchmark reads the step's arithmetic from the
// products that actually ran, whichever thread ran them.
static unsigned long long total;

unsigned long long sk_multiply_adds(void) { return __atomic_load_n(&total, __ATOMIC_RELAXED); }

void sk_count_multiply_adds(unsigned long long count) { __atomic_fetch_add(&total, count, __ATOMIC_RELAXED); }
