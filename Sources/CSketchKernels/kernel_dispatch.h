// Runs the variant of a kernel built for this processor's widest vectors: `name##_avx512`,
// `name##_avx2` or `name##_portable`, all taking the same arguments.
#ifndef SK_KERNEL_DISPATCH_H
#define SK_KERNEL_DISPATCH_H

#include "sketch_kernels.h"

#if defined(__x86_64__)
#define SK_DISPATCH(name, ...)                                                                        \
    do {                                                                                              \
        switch (sk_kernel_family()) {                                                                 \
        case SK_ISA_AVX512: name##_avx512(__VA_ARGS__); break;                                        \
        case SK_ISA_AVX2: name##_avx2(__VA_ARGS__); break;                                            \
        default: name##_portable(__VA_ARGS__); break;                                                 \
        }                                                                                             \
    } while (0)
#else
#define SK_DISPATCH(name, ...) name##_portable(__VA_ARGS__)
#endif

#endif
