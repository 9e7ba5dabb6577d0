// Recurrent dropout's keep bytes in C: each is a splitmix64 hash of (row key, unit), as
// `NoiseKey.uniform` computes it in Swift, eight 64-bit lanes at a time where AVX-512 has the
// 64-bit multiply. Drawing the masks one unit at a time in Swift took a twelfth of a decoder
// training step.
#include "sketch_kernels.h"

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SK_X86 1
#endif

#define GOLDEN 0x9E3779B97F4A7C15ull

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void fill_row_portable(uint64_t key, int units, uint64_t limit, uint8_t *mask) {
    for (int k = 0; k < units; k++) mask[k] = (mix(key + ((uint64_t)k + 1) * GOLDEN) >> 40) < limit;
}

#if SK_X86
__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))) static void fill_row_avx512(uint64_t key, int units,
                                                                                           uint64_t limit, uint8_t *mask) {
    const __m512i m1 = _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull);
    const __m512i m2 = _mm512_set1_epi64((long long)0x94D049BB133111EBull);
    const __m512i golden = _mm512_set1_epi64((long long)GOLDEN);
    const __m512i lim = _mm512_set1_epi64((long long)limit);
    const __m512i lanes = _mm512_set_epi64(8, 7, 6, 5, 4, 3, 2, 1);
    const __m512i base = _mm512_set1_epi64((long long)key);
    int k = 0;
    for (; k + 8 <= units; k += 8) {
        __m512i counter = _mm512_add_epi64(_mm512_set1_epi64(k), lanes);
        __m512i z = _mm512_add_epi64(base, _mm512_mullo_epi64(counter, golden));
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), m1);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), m2);
        z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
        __mmask8 keep = _mm512_cmplt_epu64_mask(_mm512_srli_epi64(z, 40), lim);
        _mm_storel_epi64((__m128i *)(mask + k), _mm_maskz_set1_epi8(keep, 1));
    }
    fill_row_portable(key + (uint64_t)k * GOLDEN, units - k, limit, mask + k);
}
#endif

void sk_dropout_keep(uint64_t step_key, uint64_t first_row, int rows, int units, int first, int count, uint64_t limit,
                     unsigned char *mask) {
#if SK_X86
    __builtin_cpu_init();
    int wide = __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
#else
    int wide = 0;
#endif
    for (int r = 0; r < rows; r++) {
        // NoiseKey.child: mix(key ^ mix(index + golden)).
        uint64_t row_key = mix(step_key ^ mix(first_row + (uint64_t)r + GOLDEN));
        // Counter k of a row is unit k: start the row's counters at `first`.
        uint64_t key = row_key + (uint64_t)first * GOLDEN;
        uint8_t *m = mask + (size_t)r * units + first;
#if SK_X86
        if (wide) { fill_row_avx512(key, count, limit, m); continue; }
#endif
        fill_row_portable(key, count, limit, m);
    }
}
