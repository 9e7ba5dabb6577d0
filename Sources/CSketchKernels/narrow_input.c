// An LSTM's narrow input (the five stroke values) in C, forward and backward, for a range of
// columns: the projection `base + x W_xh` and the gradients of `W_xh` and of the biases. Run step by
// step inside the recurrent loop, each core on its own gate columns, so that they touch a step's
// pre-activations while those are in its cache, instead of three passes over the largest array of
// a training step. Sixteen columns at a time with the weights (or the sums) held in registers
// while the rows stream by: a core's share of a step is often only 32 columns wide, too short for
// loops over columns inside a loop over rows. Products are rounded before their sums (no fused
// multiply-adds), so every instruction set and every split of the columns gives the same bits.
// Zero inputs (most pen bits) are multiplied like the others: a branch on them per row and block
// mispredicts more than the products cost.
#include <string.h>

#include "kernel_dispatch.h"

#pragma clang fp contract(off)

typedef float v16 __attribute__((vector_size(64), aligned(4)));

// Inputs whose weights or sums stay in registers; wider inputs take the column-by-column path.
#define NARROW_MAX 8

#define NARROW_KERNELS(SUFFIX, TARGET)                                                                \
    TARGET static inline v16 load_##SUFFIX(const float *p) { v16 v; memcpy(&v, p, sizeof v); return v; } \
    TARGET static inline void store_##SUFFIX(float *p, v16 v) { memcpy(p, &v, sizeof v); }            \
                                                                                                      \
    /* One column: the same sums, in the same order, as a lane of the blocks. */                      \
    TARGET static void projection_column_##SUFFIX(int rows, int first_row, int period, int inputs,    \
                                                  int outputs, const float *x, const float *w,        \
                                                  const float *bias, const float *row_bias, int c,    \
                                                  float *y) {                                         \
        for (int r = 0; r < rows; r++) {                                                              \
            float acc = row_bias ? row_bias[(size_t)((first_row + r) % period) * outputs + c]         \
                        : bias   ? bias[c] : 0.0f;                                                    \
            for (int k = 0; k < inputs; k++) acc += x[(size_t)r * inputs + k] * w[(size_t)k * outputs + c]; \
            y[(size_t)r * outputs + c] = acc;                                                         \
        }                                                                                             \
    }                                                                                                 \
                                                                                                      \
    TARGET static void projection_##SUFFIX(int rows, int first_row, int period, int inputs, int outputs, \
                                           const float *x, const float *w, const float *bias,         \
                                           const float *row_bias, int c0, int c1, float *y) {         \
        int c = c0;                                                                                   \
        if (inputs <= NARROW_MAX) {                                                                   \
            for (; c + 16 <= c1; c += 16) {                                                           \
                v16 wk[NARROW_MAX], base = {0};                                                       \
                for (int k = 0; k < inputs; k++) wk[k] = load_##SUFFIX(w + (size_t)k * outputs + c);  \
                if (!row_bias && bias) base = load_##SUFFIX(bias + c);                                \
                for (int r = 0; r < rows; r++) {                                                      \
                    v16 acc = row_bias                                                                \
                        ? load_##SUFFIX(row_bias + (size_t)((first_row + r) % period) * outputs + c)  \
                        : base;                                                                       \
                    for (int k = 0; k < inputs; k++) acc += x[(size_t)r * inputs + k] * wk[k];        \
                    store_##SUFFIX(y + (size_t)r * outputs + c, acc);                                 \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
        for (; c < c1; c++)                                                                           \
            projection_column_##SUFFIX(rows, first_row, period, inputs, outputs, x, w, bias, row_bias, c, y); \
    }                                                                                                 \
                                                                                                      \
    /* One column: Σ_r x[r, k] dy[r, c] from zero in row order, then added to dw (and so the bias). */ \
    TARGET static void gradients_column_##SUFFIX(int rows, int period, int inputs, int outputs,       \
                                                 const float *x, const float *dy, int c, float *dw,   \
                                                 float *db, float *drow) {                            \
        float sum = 0;                                                                                \
        for (int r = 0; r < rows; r++) {                                                              \
            float d = dy[(size_t)r * outputs + c];                                                    \
            if (drow) drow[(size_t)(r % period) * outputs + c] += d;                                  \
            sum += d;                                                                                 \
        }                                                                                             \
        if (db && !drow) db[c] += sum;                                                                \
        for (int k = 0; k < inputs; k++) {                                                            \
            float acc = 0;                                                                            \
            for (int r = 0; r < rows; r++) acc += x[(size_t)r * inputs + k] * dy[(size_t)r * outputs + c]; \
            dw[(size_t)k * outputs + c] += acc;                                                       \
        }                                                                                             \
    }                                                                                                 \
                                                                                                      \
    TARGET static void gradients_##SUFFIX(int rows, int period, int inputs, int outputs, const float *x, \
                                          const float *dy, int c0, int c1, float *dw, float *db,      \
                                          float *drow) {                                              \
        int c = c0;                                                                                   \
        if (inputs <= NARROW_MAX) {                                                                   \
            for (; c + 16 <= c1; c += 16) {                                                           \
                v16 acc[NARROW_MAX], sum = {0};                                                       \
                for (int k = 0; k < inputs; k++) acc[k] = (v16){0};                                   \
                for (int r = 0; r < rows; r++) {                                                      \
                    v16 d = load_##SUFFIX(dy + (size_t)r * outputs + c);                              \
                    if (drow) {                                                                       \
                        float *t = drow + (size_t)(r % period) * outputs + c;                         \
                        store_##SUFFIX(t, load_##SUFFIX(t) + d);                                      \
                    }                                                                                 \
                    sum += d;                                                                         \
                    for (int k = 0; k < inputs; k++) acc[k] += x[(size_t)r * inputs + k] * d;         \
                }                                                                                     \
                if (db && !drow) store_##SUFFIX(db + c, load_##SUFFIX(db + c) + sum);                 \
                for (int k = 0; k < inputs; k++) {                                                    \
                    float *t = dw + (size_t)k * outputs + c;                                          \
                    store_##SUFFIX(t, load_##SUFFIX(t) + acc[k]);                                     \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
        for (; c < c1; c++) gradients_column_##SUFFIX(rows, period, inputs, outputs, x, dy, c, dw, db, drow); \
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
