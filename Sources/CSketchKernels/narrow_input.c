// An LSTM's narrow input (the five stroke values) in C, forward and backward, for a range of
// columns: the projection `base + x W_xh` and the gradients of `W_xh` and of the biases. Run step by
// step inside the recurrent loop, each core on its own gate columns, so that they touch a step's
// pre-activations while those are in its cache, instead of three passes over the largest array of
// a training step. Products are rounded before their sums (no fused multiply-adds), as the Swift
// code this replaces.
#include "kernel_dispatch.h"

#pragma clang fp contract(off)

#define NARROW_KERNELS(SUFFIX, TARGET)                                                                \
    TARGET static void projection_##SUFFIX(int rows, int first_row, int period, int inputs, int outputs, \
                                           const float *restrict x, const float *restrict w,          \
                                           const float *restrict bias, const float *restrict row_bias,\
                                           int c0, int c1, float *restrict y) {                       \
        for (int r = 0; r < rows; r++) {                                                              \
            float *restrict dst = y + (size_t)r * outputs;                                            \
            const float *restrict base =                                                              \
                row_bias ? row_bias + (size_t)((first_row + r) % period) * outputs : bias;            \
            if (base) {                                                                               \
                for (int c = c0; c < c1; c++) dst[c] = base[c];                                       \
            } else {                                                                                  \
                for (int c = c0; c < c1; c++) dst[c] = 0;                                             \
            }                                                                                         \
            for (int k = 0; k < inputs; k++) {                                                        \
                float a = x[(size_t)r * inputs + k];                                                  \
                if (a == 0) continue;                                                                 \
                const float *restrict wk = w + (size_t)k * outputs;                                   \
                for (int c = c0; c < c1; c++) dst[c] += a * wk[c];                                    \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    TARGET static void gradients_##SUFFIX(int rows, int period, int inputs, int outputs,              \
                                          const float *restrict x, const float *restrict dy, int c0,  \
                                          int c1, float *restrict dw, float *restrict db,             \
                                          float *restrict drow) {                                     \
        for (int r = 0; r < rows; r++) {                                                              \
            const float *restrict d = dy + (size_t)r * outputs;                                       \
            float *restrict target = drow ? drow + (size_t)(r % period) * outputs : db;               \
            if (target) {                                                                             \
                for (int c = c0; c < c1; c++) target[c] += d[c];                                      \
            }                                                                                         \
            for (int k = 0; k < inputs; k++) {                                                        \
                float a = x[(size_t)r * inputs + k];                                                  \
                float *restrict wk = dw + (size_t)k * outputs;                                        \
                for (int c = c0; c < c1; c++) wk[c] += a * d[c];                                      \
            }                                                                                         \
        }                                                                                             \
    }

#if defined(__x86_64__)
NARROW_KERNELS(avx512, __attribute__((target("avx512f"))))
NARROW_KERNELS(avx2, __attribute__((target("avx2"))))
#endif
NARROW_KERNELS(portable, )

void sk_narrow_projection(int rows, int first_row, int period, int inputs, int outputs, const float *x, const float *w,
                          const float *bias, const float *row_bias, int c0, int c1, float *y) {
    SK_DISPATCH(projection, rows, first_row, period, inputs, outputs, x, w, bias, row_bias, c0, c1, y);
}

void sk_narrow_gradients(int rows, int period, int inputs, int outputs, const float *x, const float *dy, int c0, int c1,
                         float *dw, float *db, float *drow) {
    SK_DISPATCH(gradients, rows, period, inputs, outputs, x, dy, c0, c1, dw, db, drow);
}
