// The LSTM's fused elementwise step (docs/model.md §2) in C, so that it runs on the processor's
// widest vectors: the Swift target is built for baseline x86-64, where its eight-lane loops run as
// pairs of four-lane SSE instructions. Each element gets exactly the operations of
// `LSTMCell`/`FastMath` in Swift, in the same order and without fused multiply-adds, so every
// instruction set gives the same bits as the Swift code (which the LayerNorm cell still uses).
#include "kernel_dispatch.h"

#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

// Cephes' expf polynomial with the 1.5·2²³ rounding trick, as FastMath.exp.
static inline __attribute__((always_inline)) float sk_exp(float x) {
    x = x < -87.3f ? -87.3f : x;
    x = x > 88.3f ? 88.3f : x;
    float shifted = x * 1.44269504f + 12582912.0f;
    float fx = shifted - 12582912.0f;
    float r = x - fx * 0.693359375f;
    r = r + fx * 2.1219444e-4f;
    float y = 1.98756915e-4f;
    y = y * r + 1.39819995e-3f;
    y = y * r + 8.3334519e-3f;
    y = y * r + 4.16657959e-2f;
    y = y * r + 1.66666655e-1f;
    y = y * r + 5.00000012e-1f;
    y = y * (r * r) + r + 1.0f;
    int32_t bits;
    memcpy(&bits, &shifted, 4);
    uint32_t n = ((uint32_t)bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &n, 4);
    return y * scale;
}

static inline __attribute__((always_inline)) float sk_sigmoid(float x) { return 1.0f / (1.0f + sk_exp(-x)); }
static inline __attribute__((always_inline)) float sk_tanh(float x) { return 1.0f - 2.0f / (1.0f + sk_exp(x + x)); }

// One row; `MASKED` picks the formula with the dropout factor (a separate loop, so that each
// vectorises without a per-element branch). Pointers are parameters so that `restrict` holds.
#define LSTM_ROWS(SUFFIX, TARGET)                                                                     \
    TARGET static inline void forward_row_##SUFFIX(                                                   \
        int units, float *restrict gi, float *restrict gj, float *restrict gf, float *restrict go,    \
        const float *restrict cp, float *restrict cr, float *restrict hr, const uint8_t *restrict m,  \
        float scale) {                                                                                \
        if (m) {                                                                                      \
            _Pragma("clang loop vectorize(enable) interleave_count(1)")                                                 \
            for (int k = 0; k < units; k++) {                                                         \
                float si = sk_sigmoid(gi[k]), tj = sk_tanh(gj[k]);                                    \
                float sf = sk_sigmoid(gf[k] + 1.0f), so = sk_sigmoid(go[k]);                          \
                gi[k] = si; gj[k] = tj; gf[k] = sf; go[k] = so;                                       \
                float ck = cp[k] * sf + si * tj * ((float)m[k] * scale);                               \
                cr[k] = ck;                                                                           \
                hr[k] = sk_tanh(ck) * so;                                                             \
            }                                                                                         \
        } else {                                                                                      \
            _Pragma("clang loop vectorize(enable) interleave_count(1)")                                                 \
            for (int k = 0; k < units; k++) {                                                         \
                float si = sk_sigmoid(gi[k]), tj = sk_tanh(gj[k]);                                    \
                float sf = sk_sigmoid(gf[k] + 1.0f), so = sk_sigmoid(go[k]);                          \
                gi[k] = si; gj[k] = tj; gf[k] = sf; go[k] = so;                                       \
                float ck = cp[k] * sf + si * tj;                                                      \
                cr[k] = ck;                                                                           \
                hr[k] = sk_tanh(ck) * so;                                                             \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    TARGET static inline void backward_row_##SUFFIX(                                                  \
        int units, float *restrict gi, float *restrict gj, float *restrict gf, float *restrict go,    \
        const float *restrict cp, const float *restrict cr, const float *restrict d,                  \
        float *restrict dcr, const uint8_t *restrict m, float scale) {                                \
        if (m) {                                                                                      \
            _Pragma("clang loop vectorize(enable) interleave_count(1)")                                                 \
            for (int k = 0; k < units; k++) {                                                         \
                float i = gi[k], j = gj[k], f = gf[k], o = go[k];                                     \
                float dk = d[k], t = sk_tanh(cr[k]);                                                  \
                float dct = dcr[k] + dk * o * (1.0f - t * t);                                         \
                float mk = (float)m[k] * scale;                                                       \
                gi[k] = dct * j * mk * i * (1.0f - i);                                                \
                gj[k] = dct * i * mk * (1.0f - j * j);                                                \
                gf[k] = dct * cp[k] * f * (1.0f - f);                                                 \
                go[k] = dk * t * o * (1.0f - o);                                                      \
                dcr[k] = dct * f;                                                                     \
            }                                                                                         \
        } else {                                                                                      \
            _Pragma("clang loop vectorize(enable) interleave_count(1)")                                                 \
            for (int k = 0; k < units; k++) {                                                         \
                float i = gi[k], j = gj[k], f = gf[k], o = go[k];                                     \
                float dk = d[k], t = sk_tanh(cr[k]);                                                  \
                float dct = dcr[k] + dk * o * (1.0f - t * t);                                         \
                gi[k] = dct * j * i * (1.0f - i);                                                     \
                gj[k] = dct * i * (1.0f - j * j);                                                     \
                gf[k] = dct * cp[k] * f * (1.0f - f);                                                 \
                go[k] = dk * t * o * (1.0f - o);                                                      \
                dcr[k] = dct * f;                                                                     \
            }                                                                                         \
        }                                                                                             \
    }

#define LSTM_FORWARD_BODY(SUFFIX)                                                                     \
    for (int r = 0; r < rows; r++) {                                                                  \
        float *g = gates + (size_t)r * 4 * units + first;                                             \
        size_t at = (size_t)r * units + first;                                                        \
        forward_row_##SUFFIX(count, g, g + units, g + 2 * units, g + 3 * units, c_prev + at, c + at,   \
                             h + at, mask ? mask + at : 0, mask_scale);                               \
    }

#define LSTM_BACKWARD_BODY(SUFFIX)                                                                    \
    for (int r = 0; r < rows; r++) {                                                                  \
        float *g = gates + (size_t)r * 4 * units + first;                                             \
        size_t at = (size_t)r * units + first;                                                        \
        backward_row_##SUFFIX(count, g, g + units, g + 2 * units, g + 3 * units, c_prev + at, c + at,  \
                              dh + at, dc + at, mask ? mask + at : 0, mask_scale);                    \
    }

#define LSTM_SIGNATURE_FORWARD(name)                                                                  \
    void name(int rows, int units, int first, int count, float *gates, const float *c_prev, float *c,  \
              float *h, const unsigned char *mask, float mask_scale)
#define LSTM_SIGNATURE_BACKWARD(name)                                                                 \
    void name(int rows, int units, int first, int count, float *gates, const float *c_prev,            \
              const float *c, const unsigned char *mask, float mask_scale, const float *dh, float *dc)

#if defined(__x86_64__)
LSTM_ROWS(avx512, __attribute__((target("avx512f"))))
LSTM_ROWS(avx2, __attribute__((target("avx2"))))
__attribute__((target("avx512f"))) static LSTM_SIGNATURE_FORWARD(forward_avx512) { LSTM_FORWARD_BODY(avx512) }
__attribute__((target("avx2"))) static LSTM_SIGNATURE_FORWARD(forward_avx2) { LSTM_FORWARD_BODY(avx2) }
__attribute__((target("avx512f"))) static LSTM_SIGNATURE_BACKWARD(backward_avx512) { LSTM_BACKWARD_BODY(avx512) }
__attribute__((target("avx2"))) static LSTM_SIGNATURE_BACKWARD(backward_avx2) { LSTM_BACKWARD_BODY(avx2) }
#endif
LSTM_ROWS(portable, )
static LSTM_SIGNATURE_FORWARD(forward_portable) { LSTM_FORWARD_BODY(portable) }
static LSTM_SIGNATURE_BACKWARD(backward_portable) { LSTM_BACKWARD_BODY(portable) }

LSTM_SIGNATURE_FORWARD(sk_lstm_forward) { SK_DISPATCH(forward, rows, units, first, count, gates, c_prev, c, h, mask, mask_scale); }

LSTM_SIGNATURE_BACKWARD(sk_lstm_backward) {
    SK_DISPATCH(backward, rows, units, first, count, gates, c_prev, c, mask, mask_scale, dh, dc);
}
