// The end of an AVX-512 packed micro-kernel, shared by the fp32 and bf16 products: one row's two
// accumulators (32 columns of a panel) into C, its first `width` columns, added to C when `beta` is 1.
#ifndef SK_PANEL_STORE_H
#define SK_PANEL_STORE_H

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"), always_inline)) static inline void sk_store_row512(__m512 v0, __m512 v1, int width,
                                                                                     float beta, float *cr) {
    __mmask16 m0 = width >= 16 ? 0xFFFF : (__mmask16)((1u << width) - 1);
    __mmask16 m1 = width >= 32 ? 0xFFFF : width <= 16 ? 0 : (__mmask16)((1u << (width - 16)) - 1);
    if (beta != 0) {
        v0 = _mm512_add_ps(_mm512_maskz_loadu_ps(m0, cr), v0);
        v1 = _mm512_add_ps(_mm512_maskz_loadu_ps(m1, cr + 16), v1);
    }
    _mm512_mask_storeu_ps(cr, m0, v0);
    _mm512_mask_storeu_ps(cr + 16, m1, v1);
}
#endif

#endif
