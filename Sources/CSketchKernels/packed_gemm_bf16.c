// The packed products in bfloat16 (products of bf16 inputs summed in fp32) for processors with
// AVX512-BF16: VDPBF16PS multiplies pairs of bf16 values and adds both products to an fp32 lane,
// twice the multiply-adds of an fp32 FMA per instruction. The weights are packed once per pass into
// panels of 32 columns holding, for each pair of rows (2p, 2p+1), the 32 columns' two values side by
// side; the rows of A are rounded to bf16 once per call. Where the instructions are missing the
// functions are never called (`sk_bf16_available`).
#include "sketch_kernels.h"
#include "panel_store.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define SK_BF16_X86 1
#endif

enum { BF16_PANEL = 32, MRBF = 14 };

uint16_t sk_round_bf16(float value) {
    uint32_t u;
    memcpy(&u, &value, 4);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x40);  // NaN stays NaN (quiet)
    if ((u & 0x7F800000u) == 0) u &= 0x80000000u;  // denormals to zero, as VCVTNEPS2BF16 does
    u += 0x7FFFu + ((u >> 16) & 1);                // to nearest, ties to even
    return (uint16_t)(u >> 16);
}

size_t sk_packed_size_bf16(int k, int n) {
    size_t pairs = ((size_t)k + 1) / 2, panels = ((size_t)n + BF16_PANEL - 1) / BF16_PANEL;
    return panels * pairs * 2 * BF16_PANEL;
}

void sk_pack_bf16(int k, int n, const float *b, int ldb, int trans_b, uint16_t *packed) {
    int pairs = (k + 1) / 2;
    for (int p0 = 0; p0 < n; p0 += BF16_PANEL) {
        int width = n - p0 < BF16_PANEL ? n - p0 : BF16_PANEL;
        for (int p = 0; p < pairs; p++) {
            uint16_t *row = packed + (size_t)p0 * 2 * pairs + (size_t)p * 2 * BF16_PANEL;
            for (int j = 0; j < BF16_PANEL; j++) {
                for (int e = 0; e < 2; e++) {
                    int kk = 2 * p + e;
                    float v = 0;
                    if (j < width && kk < k) v = trans_b ? b[(size_t)(p0 + j) * ldb + kk] : b[(size_t)kk * ldb + p0 + j];
                    row[2 * j + e] = sk_round_bf16(v);
                }
            }
        }
    }
}

#if SK_BF16_X86
/// C[R, width] (+)= A[R, 2 pairs] P[2 pairs, 32]: `a` holds each row's values as bf16 pairs (one
/// 32-bit word per pair, `lda` words apart), broadcast to all lanes for each pair.
#define BLOCKBF(R)                                                                                    \
    __attribute__((target("avx512f,avx512bf16"))) static void blockbf_##R(                            \
        int pairs, const uint32_t *a, int lda, const uint16_t *panel, int width, float beta, float *c, int ldc) { \
        __m512 acc0[R], acc1[R];                                                                      \
        for (int r = 0; r < R; r++) {                                                                 \
            acc0[r] = _mm512_setzero_ps();                                                            \
            acc1[r] = _mm512_setzero_ps();                                                            \
        }                                                                                             \
        for (int p = 0; p < pairs; p++) {                                                             \
            __m512bh b0 = (__m512bh)_mm512_loadu_si512(panel + (size_t)p * 64);                       \
            __m512bh b1 = (__m512bh)_mm512_loadu_si512(panel + (size_t)p * 64 + 32);                  \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                          \
                __m512bh x = (__m512bh)_mm512_set1_epi32((int)a[(size_t)r * lda + p]);                \
                acc0[r] = _mm512_dpbf16_ps(acc0[r], x, b0);                                           \
                acc1[r] = _mm512_dpbf16_ps(acc1[r], x, b1);                                           \
            }                                                                                         \
        }                                                                                             \
        for (int r = 0; r < R; r++) sk_store_row512(acc0[r], acc1[r], width, beta, c + (size_t)r * ldc); \
    }

typedef void (*blockbf_fn)(int, const uint32_t *, int, const uint16_t *, int, float, float *, int);
BLOCKBF(1) BLOCKBF(2) BLOCKBF(3) BLOCKBF(4) BLOCKBF(5) BLOCKBF(6) BLOCKBF(7)
BLOCKBF(8) BLOCKBF(9) BLOCKBF(10) BLOCKBF(11) BLOCKBF(12) BLOCKBF(13) BLOCKBF(14)
static const blockbf_fn blocksbf[MRBF + 1] = {
    0, blockbf_1, blockbf_2, blockbf_3, blockbf_4, blockbf_5, blockbf_6, blockbf_7,
    blockbf_8, blockbf_9, blockbf_10, blockbf_11, blockbf_12, blockbf_13, blockbf_14};

__attribute__((target("avx512f,avx512bf16"))) static void round_rows(int m, int k, const float *a, int lda, uint16_t *out) {
    int pairs = (k + 1) / 2;
    for (int r = 0; r < m; r++) {
        const float *ar = a + (size_t)r * lda;
        uint16_t *o = out + (size_t)r * 2 * pairs;
        int kk = 0;
        for (; kk + 16 <= k; kk += 16) {
            __m256bh v = _mm512_cvtneps_pbh(_mm512_loadu_ps(ar + kk));
            memcpy(o + kk, &v, 32);
        }
        for (; kk < k; kk++) o[kk] = sk_round_bf16(ar[kk]);
        if (k % 2) o[k] = 0;
    }
}
#endif

int sk_round_rows_bf16(int m, int k, const float *a, int lda, uint16_t *rounded) {
#if SK_BF16_X86
    if (!sk_bf16_available()) return -1;
    round_rows(m, k, a, lda, rounded);
    return 0;
#else
    (void)m; (void)k; (void)a; (void)lda; (void)rounded;
    return -1;
#endif
}

int sk_packed_gemm_bf16_rounded(int m, int k, const uint16_t *rounded, const uint16_t *packed, int n, int n0, int n1,
                                float beta, float *c, int ldc) {
#if SK_BF16_X86
    if (!sk_bf16_available()) return -1;
    int pairs = (k + 1) / 2;
    if (n1 > n) n1 = n;
    // As in `sk_packed_gemm`: as few blocks of rows as the registers allow, of near-equal sizes.
    int blocks = (m + MRBF - 1) / MRBF;
    for (int p0 = n0; p0 < n1; p0 += BF16_PANEL) {
        const uint16_t *panel = packed + (size_t)p0 * 2 * pairs;
        int width = n1 - p0 < BF16_PANEL ? n1 - p0 : BF16_PANEL;
        for (int b = 0; b < blocks; b++) {
            int r0 = (int)((long)m * b / blocks), count = (int)((long)m * (b + 1) / blocks) - r0;
            blocksbf[count](pairs, (const uint32_t *)rounded + (size_t)r0 * pairs, pairs, panel, width, beta,
                            c + (size_t)r0 * ldc + p0, ldc);
        }
    }
    return 0;
#else
    (void)m; (void)k; (void)rounded; (void)packed; (void)n; (void)n0; (void)n1; (void)beta; (void)c; (void)ldc;
    return -1;
#endif
}

/// The calling thread's buffer for A's rounded rows, grown as needed and kept: the products run
/// at every step, and each worker thread keeps its own.
static uint16_t *row_scratch(size_t count) {
    static __thread uint16_t *buffer;
    static __thread size_t capacity;
    if (count > capacity) {
        free(buffer);
        buffer = aligned_alloc(64, (count * 2 + 63) / 64 * 64);
        capacity = buffer ? count : 0;
    }
    return buffer;
}

int sk_packed_gemm_bf16(int m, int k, const float *a, int lda, const uint16_t *packed, int n, int n0, int n1,
                        float beta, float *c, int ldc) {
    uint16_t *rows = row_scratch((size_t)m * 2 * (((size_t)k + 1) / 2));
    if (!rows || sk_round_rows_bf16(m, k, a, lda, rows) != 0) return -1;
    return sk_packed_gemm_bf16_rounded(m, k, rows, packed, n, n0, n1, beta, c, ldc);
}
