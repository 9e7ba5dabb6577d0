// The weight gradients of a narrow input (an LSTM's five stroke values) and of its biases, in one
// pass over the pre-activation gradients `dA`: as general products and sums they read the largest
// array of a training step (steps × rows × 4H) three times, on one core.
#include "sketch_kernels.h"

#pragma clang fp contract(off)

static void columns(int rows, int period, int inputs, int outputs, const float *restrict x, const float *restrict dy,
                    int c0, int c1, float *restrict dw, float *restrict db, float *restrict drow) {
    for (int row = 0; row < rows; row++) {
        const float *restrict d = dy + (size_t)row * outputs;
        const float *restrict xr = x + (size_t)row * inputs;
        float *restrict target = drow ? drow + (size_t)(row % period) * outputs : db;
        if (target) {
            for (int c = c0; c < c1; c++) target[c] += d[c];
        }
        for (int k = 0; k < inputs; k++) {
            float a = xr[k];
            float *restrict w = dw + (size_t)k * outputs;
            for (int c = c0; c < c1; c++) w[c] += a * d[c];
        }
    }
}

void sk_narrow_gradients(int rows, int period, int inputs, int outputs, const float *x, const float *dy, int c0, int c1,
                         float *dw, float *db, float *drow) {
    // Blocks of columns whose accumulators stay in the first-level cache while the rows stream by.
    enum { BLOCK = 512 };
    for (int b = c0; b < c1; b += BLOCK) {
        columns(rows, period, inputs, outputs, x, dy, b, b + BLOCK < c1 ? b + BLOCK : c1, dw, db, drow);
    }
}
