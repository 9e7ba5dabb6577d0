// A shared counter from which threads take the next piece of work, so that a core slowed by its
// neighbours on a shared host takes fewer pieces instead of holding the others up at every step.
#include "sketch_kernels.h"

long sk_take_next(long *counter) { return __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED); }

// Two threads sharing a row of pieces: one takes from the front, the other from the back, until
// they meet. When the cores run at the same speed each keeps the same half from call to call (and
// so in its cache); when one is slower the other takes more. The state is (front << 32) | back.
long sk_take_front(unsigned long long *state) {
    unsigned long long s = __atomic_load_n(state, __ATOMIC_RELAXED);
    for (;;) {
        unsigned long long front = s >> 32, back = s & 0xFFFFFFFFull;
        if (front >= back) return -1;
        if (__atomic_compare_exchange_n(state, &s, ((front + 1) << 32) | back, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return (long)front;
    }
}

long sk_take_back(unsigned long long *state) {
    unsigned long long s = __atomic_load_n(state, __ATOMIC_RELAXED);
    for (;;) {
        unsigned long long front = s >> 32, back = s & 0xFFFFFFFFull;
        if (front >= back) return -1;
        if (__atomic_compare_exchange_n(state, &s, (front << 32) | (back - 1), 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return (long)(back - 1);
    }
}
