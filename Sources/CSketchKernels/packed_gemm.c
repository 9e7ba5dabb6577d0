#include "sketch_kernels.h"
#include "panel_store.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SK_X86 1
#endif

enum { ISA_PORTABLE = SK_ISA_PORTABLE, ISA_AVX2 = SK_ISA_AVX2, ISA_AVX512 = SK_ISA_AVX512 };

int sk_processor_features(void) {
    int features = 0;
#if SK_X86
    __builtin_cpu_init();
    // The run-time library checks that the operating system saves the vector state too (XGETBV).
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) features |= SK_FEATURE_AVX2_FMA;
    if (__builtin_cpu_supports("avx512f")) features |= SK_FEATURE_AVX512F;
    if (__builtin_cpu_supports("avx512bf16")) features |= SK_FEATURE_AVX512_BF16;
#endif
    return features;
}

int sk_isa_for_features(int features) {
    if (features & SK_FEATURE_AVX512F) return ISA_AVX512;
    if (features & SK_FEATURE_AVX2_FMA) return ISA_AVX2;
    return ISA_PORTABLE;
}

int sk_bf16_for_features(int features) {
    return (features & SK_FEATURE_AVX512F) && (features & SK_FEATURE_AVX512_BF16);
}

static int detect_isa(void) {
#if SK_X86
    return sk_isa_for_features(sk_processor_features());
#else
    return ISA_PORTABLE;
#endif
}

int sk_bf16_available(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
#if SK_X86
        value = sk_bf16_for_features(sk_processor_features());
#else
        value = 0;
#endif
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

static int isa(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        value = detect_isa();
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

int sk_panel_width(void) { return isa() == ISA_AVX512 ? 32 : 16; }

int sk_kernel_family(void) { return isa(); }

const char *sk_kernel_isa(void) {
    switch (isa()) {
    case ISA_AVX512: return "avx512";
    case ISA_AVX2: return "avx2";
    default: return "portable";
    }
}

size_t sk_packed_size(int k, int n) {
    size_t w = (size_t)sk_panel_width();
    return (size_t)k * (((size_t)n + w - 1) / w) * w;
}

void sk_pack(int k, int n, const float *b, int ldb, int trans_b, float *packed) {
    int w = sk_panel_width();
    for (int p0 = 0; p0 < n; p0 += w) {
        int width = n - p0 < w ? n - p0 : w;
        for (int kk = 0; kk < k; kk++) {
            float *row = packed + (size_t)p0 * k + (size_t)kk * w;
            for (int j = 0; j < width; j++) {
                row[j] = trans_b ? b[(size_t)(p0 + j) * ldb + kk] : b[(size_t)kk * ldb + p0 + j];
            }
            for (int j = width; j < w; j++) row[j] = 0;
        }
    }
}

// Most rows per micro-kernel call: two accumulators a row, plus two panel registers and a
// broadcast, within the instruction set's 32 (AVX-512) or 16 (AVX2) vector registers.
#define MR512 14
#define MR256 6

/// One block of `R` rows and one panel: C[R, width] (+)= A[R, k] P[k, panel width]. One function per
/// row count (a macro stamps them out): with the count fixed, every accumulator stays in a register.
#if SK_X86
#define BLOCK512(R)                                                                                   \
    __attribute__((target("avx512f"))) static void block512_##R(                                      \
        int k, const float *a, int lda, const float *panel, int width, float beta, float *c, int ldc) { \
        __m512 acc0[R], acc1[R];                                                                      \
        const float *ar[R];                                                                           \
        for (int r = 0; r < R; r++) {                                                                 \
            acc0[r] = _mm512_setzero_ps();                                                            \
            acc1[r] = _mm512_setzero_ps();                                                            \
            ar[r] = a + (size_t)r * lda;                                                              \
        }                                                                                             \
        for (int kk = 0; kk < k; kk++) {                                                              \
            __m512 b0 = _mm512_loadu_ps(panel + (size_t)kk * 32);                                     \
            __m512 b1 = _mm512_loadu_ps(panel + (size_t)kk * 32 + 16);                                \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                          \
                __m512 x = _mm512_set1_ps(ar[r][kk]);                                                 \
                acc0[r] = _mm512_fmadd_ps(x, b0, acc0[r]);                                            \
                acc1[r] = _mm512_fmadd_ps(x, b1, acc1[r]);                                            \
            }                                                                                         \
        }                                                                                             \
        for (int r = 0; r < R; r++) sk_store_row512(acc0[r], acc1[r], width, beta, c + (size_t)r * ldc); \
    }

#define BLOCK256(R)                                                                                   \
    __attribute__((target("avx2,fma"))) static void block256_##R(                                     \
        int k, const float *a, int lda, const float *panel, int width, float beta, float *c, int ldc) { \
        __m256 acc0[R], acc1[R];                                                                      \
        const float *ar[R];                                                                           \
        for (int r = 0; r < R; r++) {                                                                 \
            acc0[r] = _mm256_setzero_ps();                                                            \
            acc1[r] = _mm256_setzero_ps();                                                            \
            ar[r] = a + (size_t)r * lda;                                                              \
        }                                                                                             \
        for (int kk = 0; kk < k; kk++) {                                                              \
            __m256 b0 = _mm256_loadu_ps(panel + (size_t)kk * 16);                                     \
            __m256 b1 = _mm256_loadu_ps(panel + (size_t)kk * 16 + 8);                                 \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                          \
                __m256 x = _mm256_broadcast_ss(ar[r] + kk);                                           \
                acc0[r] = _mm256_fmadd_ps(x, b0, acc0[r]);                                            \
                acc1[r] = _mm256_fmadd_ps(x, b1, acc1[r]);                                            \
            }                                                                                         \
        }                                                                                             \
        float out[16];                                                                                \
        for (int r = 0; r < R; r++) {                                                                 \
            float *cr = c + (size_t)r * ldc;                                                          \
            _mm256_storeu_ps(out, acc0[r]);                                                           \
            _mm256_storeu_ps(out + 8, acc1[r]);                                                       \
            for (int j = 0; j < width; j++) cr[j] = beta != 0 ? cr[j] + out[j] : out[j];              \
        }                                                                                             \
    }

typedef void (*block_fn)(int, const float *, int, const float *, int, float, float *, int);

BLOCK512(1) BLOCK512(2) BLOCK512(3) BLOCK512(4) BLOCK512(5) BLOCK512(6)
BLOCK512(7) BLOCK512(8) BLOCK512(9) BLOCK512(10) BLOCK512(11) BLOCK512(12) BLOCK512(13) BLOCK512(14)
static const block_fn blocks512[MR512 + 1] = {
    0, block512_1, block512_2, block512_3, block512_4, block512_5, block512_6, block512_7,
    block512_8, block512_9, block512_10, block512_11, block512_12, block512_13, block512_14};

BLOCK256(1) BLOCK256(2) BLOCK256(3) BLOCK256(4) BLOCK256(5) BLOCK256(6)
static const block_fn blocks256[MR256 + 1] = {0, block256_1, block256_2, block256_3, block256_4, block256_5, block256_6};
#endif

static void block_portable(int rows, int k, const float *a, int lda, const float *panel, int width,
                           float beta, float *c, int ldc) {
    for (int r = 0; r < rows; r++) {
        float acc[16] = {0};
        const float *ar = a + (size_t)r * lda;
        for (int kk = 0; kk < k; kk++) {
            const float *p = panel + (size_t)kk * 16;
            for (int j = 0; j < 16; j++) acc[j] = fmaf(ar[kk], p[j], acc[j]);
        }
        float *cr = c + (size_t)r * ldc;
        for (int j = 0; j < width; j++) cr[j] = beta != 0 ? cr[j] + acc[j] : acc[j];
    }
}

void sk_packed_gemm(int m, int k, const float *a, int lda, const float *packed, int n, int n0, int n1,
                    float beta, float *c, int ldc) {
    int w = sk_panel_width();
    int kind = isa();
    int mr = kind == ISA_AVX512 ? MR512 : kind == ISA_AVX2 ? MR256 : 1;
    if (n1 > n) n1 = n;
    // Rows in as few blocks as the registers allow, of sizes differing by at most one: every block
    // reads the whole panel, so a short last block (100 = 8 x 12 + 4) would cost nearly a full one.
    int blocks = (m + mr - 1) / mr;
    for (int p0 = n0; p0 < n1; p0 += w) {
        const float *panel = packed + (size_t)p0 * k;
        int width = n1 - p0 < w ? n1 - p0 : w;
        for (int b = 0; b < blocks; b++) {
            int r0 = (int)((long)m * b / blocks), rows = (int)((long)m * (b + 1) / blocks) - r0;
            const float *ab = a + (size_t)r0 * lda;
            float *cb = c + (size_t)r0 * ldc + p0;
#if SK_X86
            if (kind == ISA_AVX512) { blocks512[rows](k, ab, lda, panel, width, beta, cb, ldc); continue; }
            if (kind == ISA_AVX2) { blocks256[rows](k, ab, lda, panel, width, beta, cb, ldc); continue; }
#endif
            block_portable(rows, k, ab, lda, panel, width, beta, cb, ldc);
        }
    }
}
