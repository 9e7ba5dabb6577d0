// Matrix products with a pre-packed right-hand matrix, for the recurrent products of an LSTM:
// the same weights multiply a small batch of rows at every time step, so packing them once per
// training step (instead of once per product, as a general sgemm must) removes a memory pass per
// step, and each core's share of the packed weights stays in its own cache from step to step.
#ifndef SKETCH_KERNELS_H
#define SKETCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Columns per packed panel on this processor (32 with AVX-512, 16 otherwise). Column ranges handed
/// to `sk_packed_gemm` start at multiples of it.
int sk_panel_width(void);

/// The instruction set the kernels use here: "avx512", "avx2" or "portable".
const char *sk_kernel_isa(void);

/// Floats needed to pack a `k × n` matrix.
size_t sk_packed_size(int k, int n);

/// Packs `op(B)` (`k × n`; `B` row-major with leading dimension `ldb`, read transposed when
/// `trans_b`) into panels of `sk_panel_width()` columns, each `k` rows deep, zero-padded on the right.
void sk_pack(int k, int n, const float *b, int ldb, int trans_b, float *packed);

/// `C[:, n0..<n1] = A B_packed[:, n0..<n1] + beta * C[:, n0..<n1]` for `A` row-major `m × k`
/// (leading dimension `lda`), `C` row-major (`ldc`), `beta` 0 or 1. Each element is the sum over
/// `k` in order, fused multiply-adds from zero, then added to `C`: the same bits on every
/// instruction set and for any split of the columns.
void sk_packed_gemm(int m, int k, const float *a, int lda, const float *packed, int n, int n0, int n1,
                    float beta, float *c, int ldc);

/// Instruction-set features the kernels can use, as bits (`sk_processor_features`).
enum { SK_FEATURE_AVX2_FMA = 1, SK_FEATURE_AVX512F = 2, SK_FEATURE_AVX512_BF16 = 4 };
/// Kernel families, as `sk_isa_for_features` returns them.
enum { SK_ISA_PORTABLE = 0, SK_ISA_AVX2 = 1, SK_ISA_AVX512 = 2 };
/// The kernel family used here (one of `SK_ISA_*`; `sk_kernel_isa` is its name).
int sk_kernel_family(void);

/// This processor's features (with the operating system's support for their registers).
int sk_processor_features(void);

/// The fp32 kernels for a processor with `features`: a pure decision, so that tests can check it
/// for processors other than this one.
int sk_isa_for_features(int features);

/// Whether a processor with `features` runs the bf16 products (AVX-512 with AVX512-BF16).
int sk_bf16_for_features(int features);

/// Whether this processor runs the bf16 products.
int sk_bf16_available(void);

/// `value` rounded to bfloat16 (to nearest, ties to even; denormals to zero, NaN kept), as the
/// processor's VCVTNEPS2BF16 rounds.
uint16_t sk_round_bf16(float value);

/// bf16 values needed to pack a `k × n` matrix for `sk_packed_gemm_bf16`.
size_t sk_packed_size_bf16(int k, int n);

/// Packs `op(B)` (as `sk_pack`) rounded to bf16, in panels of 32 columns: for each pair of rows
/// (2p, 2p + 1) the 32 columns' two values side by side (zero-padded past `k` and `n`).
void sk_pack_bf16(int k, int n, const float *b, int ldb, int trans_b, uint16_t *packed);

/// `C[:, n0..<n1] = A B[:, n0..<n1] + beta * C[:, n0..<n1]` with `A` rounded to bf16 and `B` packed by
/// `sk_pack_bf16`: each element is the sum over the pairs of `k` in order of both bf16 products, in
/// fp32 (VDPBF16PS), then added to `C`; any split of the columns gives the same bits on one processor.
/// `n0` is a multiple of 32. Returns -1 (and computes nothing) where `sk_bf16_available()` is 0.
int sk_packed_gemm_bf16(int m, int k, const float *a, int lda, const uint16_t *packed, int n, int n0, int n1,
                        float beta, float *c, int ldc);

/// Rounds `m` rows of `A` (`k` floats each, `lda` apart) to bf16 for `sk_packed_gemm_bf16_rounded`:
/// `m × 2⌈k/2⌉` values, a zero after an odd last one. Returns -1 where `sk_bf16_available()` is 0.
int sk_round_rows_bf16(int m, int k, const float *a, int lda, uint16_t *rounded);

/// `sk_packed_gemm_bf16` on rows rounded once by `sk_round_rows_bf16`: the pieces of one product share
/// one rounding (the same bits as rounding in each call).
int sk_packed_gemm_bf16_rounded(int m, int k, const uint16_t *rounded, const uint16_t *packed, int n, int n0, int n1,
                                float beta, float *c, int ldc);

/// Multiply-adds counted so far by `sk_count_multiply_adds` (a benchmark's arithmetic).
unsigned long long sk_multiply_adds(void);

/// Adds `count` to the running total; safe from any thread.
void sk_count_multiply_adds(unsigned long long count);

/// The LSTM's fused elementwise step for units `first ..< first + count` of `rows` rows of `units`
/// units (gates `[rows, 4 units]` in the order i, j, f, o; the other arrays `[rows, units]`; `mask`
/// the recurrent dropout's keep bytes or NULL, each kept unit scaled by `mask_scale`): the same
/// arithmetic as the Swift `LSTMCell`, bit for bit, on the widest vectors the processor has.
/// Forward overwrites the gates with their activations and writes `c` and `h`; backward overwrites
/// them with their gradients and `dc` (the gradient reaching `c_t` on entry) with that of `c_{t-1}`.
void sk_lstm_forward(int rows, int units, int first, int count, float *gates, const float *c_prev, float *c, float *h,
                     const unsigned char *mask, float mask_scale);
void sk_lstm_backward(int rows, int units, int first, int count, float *gates, const float *c_prev, const float *c,
                      const unsigned char *mask, float mask_scale, const float *dh, float *dc);

/// Recurrent dropout's keep bytes of units `first ..< first + count` of `rows` rows of `units` units:
/// byte k of row r is 1 when the top 24 bits of `NoiseKey(step_key).child(first_row + r).word(k)`
/// are below `limit`, else 0 — the same bytes as drawing `uniform(k) < keep` in Swift
/// (`RecurrentDropout.keepLimit`).
void sk_dropout_keep(uint64_t step_key, uint64_t first_row, int rows, int units, int first, int count, uint64_t limit,
                     unsigned char *mask);

/// For columns `c0 ..< c1` of `y [rows, outputs]` and a narrow input `x [rows, inputs]`:
/// `y[r, c] = base[c] + Σ_k x[r, k] w[k, c]` with `base` row `(first_row + r) % period` of
/// `row_bias`, else `bias`, else zero: the products added in order of k, each rounded first.
void sk_narrow_projection(int rows, int first_row, int period, int inputs, int outputs, const float *x, const float *w,
                          const float *bias, const float *row_bias, int c0, int c1, float *y);

/// Its gradients for columns `c0 ..< c1` of `dy [rows, outputs]`: `dw[k, c] += x[r, k] dy[r, c]` and,
/// when given, `db[c] += dy[r, c]` or `drow[r % period, c] += dy[r, c]` (a per-row bias), for r in
/// order, each product rounded first: any split of the columns gives the same bits.
void sk_narrow_gradients(int rows, int period, int inputs, int outputs, const float *x, const float *dy, int c0, int c1,
                         float *dw, float *db, float *drow);

/// Returns `*counter` and adds one to it, atomically: the next piece of work for whichever thread asks.
long sk_take_next(long *counter);

/// For two threads sharing pieces `0 ..< count` through `*state`, which starts as `count` (front 0,
/// back `count`): the next piece from the front or from the back, or -1 when none is left.
long sk_take_front(unsigned long long *state);
long sk_take_back(unsigned long long *state);

#ifdef __cplusplus
}
#endif

#endif
