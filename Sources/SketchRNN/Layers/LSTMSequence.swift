/// An LSTM (SPEC §2; plain, or TF's LayerNorm LSTM when built with `layerNorm`) run over a whole
/// time-major batch, llm.c-style: forward saves what backward needs in buffers allocated once for
/// `(maxRows, maxSteps)`.
///
/// The input projections of all steps are one matrix product, only `h_{t-1} W_hh` runs step by step,
/// and the weight gradients are one matrix product each over all steps. Sequences of different
/// lengths share the run: a caller reads each row's last state at its own step and injects the
/// gradient there (steps after it then receive none).
final class LSTMSequence {
    let inputSize: Int
    let units: Int
    let maxRows: Int
    let maxSteps: Int

    /// Gate activations `[T, N, 4H]` after forward; gradients of the pre-activations after backward.
    let gates: FloatBuffer
    /// `h_0 ... h_T` and `c_0 ... c_T`, `[(T + 1), N, H]`; row block 0 is the initial state.
    let hs: FloatBuffer
    let cs: FloatBuffer
    let tanhC: FloatBuffer
    /// Recurrent dropout factors `[T, N, H]` (0 or 1/keep), when dropout ran.
    let masks: FloatBuffer
    /// Gradient reaching each output `h_1 ... h_T`, `[T, N, H]`: filled by the caller before
    /// `backward`, which adds the recurrent part in place.
    let dOutputs: FloatBuffer
    private let dc: FloatBuffer
    private var droppedOut = false
    /// LayerNorm LSTM only: normalised pre-activations `[T, N, 4H]`, their inverse deviations
    /// `[T, N, 4]`, the normalised cells `[T, N, H]` and theirs `[T, N]`, and backward's work space.
    let layerNorm: Bool
    private let norm, rstd, normC, rstdC, scratch, scratchC: FloatBuffer

    init(inputSize: Int, units: Int, maxRows: Int, maxSteps: Int, dropout: Bool, layerNorm: Bool = false) {
        self.inputSize = inputSize
        self.units = units
        self.maxRows = maxRows
        self.maxSteps = maxSteps
        let nh = maxRows * units
        gates = FloatBuffer(count: maxSteps * 4 * nh)
        hs = FloatBuffer(count: (maxSteps + 1) * nh)
        cs = FloatBuffer(count: (maxSteps + 1) * nh)
        tanhC = FloatBuffer(count: maxSteps * nh)
        masks = FloatBuffer(count: dropout ? maxSteps * nh : 0)
        dOutputs = FloatBuffer(count: maxSteps * nh)
        dc = FloatBuffer(count: nh)
        self.layerNorm = layerNorm
        let ln = layerNorm ? 1 : 0
        norm = FloatBuffer(count: ln * maxSteps * 4 * nh)
        rstd = FloatBuffer(count: ln * maxSteps * 4 * maxRows)
        normC = FloatBuffer(count: ln * maxSteps * nh)
        rstdC = FloatBuffer(count: ln * maxSteps * maxRows)
        scratch = FloatBuffer(count: ln * 4 * nh)
        scratchC = FloatBuffer(count: ln * nh)
    }

    /// The LayerNorm cell's saved activations of step t.
    private func lnStep(_ t: Int, rows n: Int, mask: UnsafePointer<Float>?) -> LayerNormLSTMCell.Step {
        let H = units
        return LayerNormLSTMCell.Step(
            gates: gates.pointer + t * n * 4 * H, norm: norm.pointer + t * n * 4 * H, rstd: rstd.pointer + t * n * 4,
            c: c(t + 1, rows: n), normC: normC.pointer + t * n * H, rstdC: rstdC.pointer + t * n,
            tanhC: tanhC.pointer + t * n * H, mask: mask)
    }

    /// `h_t` (t = 0 is the initial state) for `rows` rows; from t = 1 on, the outputs of all later
    /// steps follow contiguously (`[T * rows, H]`).
    func h(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { hs.pointer + t * rows * units }
    func c(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { cs.pointer + t * rows * units }

    /// Runs `steps` steps over `x [steps * rows, inputSize]`.
    /// - Parameters:
    ///   - bias: `[4H]` added at every step, or nil when `rowBias` carries it.
    ///   - rowBias: `[rows, 4H]` added at every step (bias plus the projection of an input that is
    ///     the same at every step, such as the decoder's z).
    ///   - initialH, initialC: rows of `h_0` and `c_0`, `initialStride` floats apart; nil starts
    ///     from zeros.
    ///   - dropoutKeep: keep probability of recurrent dropout, nil for none.
    ///   - norms: the LayerNorm cell's gammas and betas (required when built with `layerNorm`).
    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, wxh: UnsafePointer<Float>, whh: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, rowBias: UnsafePointer<Float>?,
        initialH: UnsafePointer<Float>?, initialC: UnsafePointer<Float>?, initialStride: Int = 0,
        dropoutKeep: Float?, norms: LayerNormLSTMCell.Norms? = nil, rng: inout SeededGenerator
    ) {
        precondition(rows <= maxRows && steps <= maxSteps && (norms != nil) == layerNorm)
        let H = units, G = 4 * H, n = rows
        let a = gates.pointer
        // Pre-activations of all steps: biases, then x W_xh in one product.
        for t in 0..<steps {
            for r in 0..<n {
                let src = rowBias.map { $0 + r * G } ?? bias
                let dst = a + (t * n + r) * G
                if let src { dst.update(from: src, count: G) } else { dst.update(repeating: 0, count: G) }
            }
        }
        Linear.matmul(rows: steps * n, inner: inputSize, columns: G, a: x, lda: inputSize, b: wxh, beta: 1, c: a)
        var zeroStart = true
        if let initialH, let initialC {
            for r in 0..<n {
                (h(0, rows: n) + r * H).update(from: initialH + r * initialStride, count: H)
                (c(0, rows: n) + r * H).update(from: initialC + r * initialStride, count: H)
            }
            zeroStart = false
        } else {
            h(0, rows: n).update(repeating: 0, count: n * H)
            c(0, rows: n).update(repeating: 0, count: n * H)
        }
        droppedOut = dropoutKeep.map { $0 < 1 } ?? false
        for t in 0..<steps {
            let at = a + t * n * G
            if t > 0 || !zeroStart {
                Linear.matmul(rows: n, inner: H, columns: G, a: h(t, rows: n), lda: H, b: whh, beta: 1, c: at)
            }
            var mask: UnsafeMutablePointer<Float>? = nil
            if droppedOut, let keep = dropoutKeep {
                let m = masks.pointer + t * n * H
                RecurrentDropout.fill(m, count: n * H, keep: keep, rng: &rng)
                mask = m
            }
            if let norms {
                LayerNormLSTMCell.forward(rows: n, units: H, step: lnStep(t, rows: n, mask: mask), cPrev: c(t, rows: n),
                                          h: h(t + 1, rows: n), norms: norms)
            } else {
                LSTMCell.forward(rows: n, units: H, gates: at, cPrev: c(t, rows: n), c: c(t + 1, rows: n),
                                 h: h(t + 1, rows: n), tanhC: tanhC.pointer + t * n * H, mask: mask)
            }
        }
    }

    /// Backpropagates `dOutputs` through the `steps` of the last forward call, accumulating weight
    /// gradients, and optionally returning the gradients of the inputs and of the initial state.
    /// - Parameters:
    ///   - dBias: accumulates `Σ_{t,rows} dA` when the forward pass used `bias`.
    ///   - dRowBias: accumulates `Σ_t dA` per row (`[rows, 4H]`) when it used `rowBias`.
    ///   - dx: receives `dA W_xhᵀ` as `[steps * rows, inputSize]`.
    ///   - dh0, dc0: receive the gradients of the initial state (`[rows, H]` each).
    ///   - norms, dNorms: the LayerNorm cell's gammas and betas and where their gradients accumulate.
    func backward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, wxh: UnsafePointer<Float>, whh: UnsafePointer<Float>,
        dWxh: UnsafeMutablePointer<Float>, dWhh: UnsafeMutablePointer<Float>,
        dBias: UnsafeMutablePointer<Float>?, dRowBias: UnsafeMutablePointer<Float>?,
        dx: UnsafeMutablePointer<Float>?, dh0: UnsafeMutablePointer<Float>?, dc0: UnsafeMutablePointer<Float>?,
        norms: LayerNormLSTMCell.Norms? = nil, dNorms: LayerNormLSTMCell.NormGradients? = nil
    ) {
        let H = units, G = 4 * H, n = rows
        let a = gates.pointer, dOut = dOutputs.pointer
        dc.zero(count: n * H)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let at = a + t * n * G
            let mask = droppedOut ? UnsafePointer(masks.pointer + t * n * H) : nil
            if let norms, let dNorms {
                LayerNormLSTMCell.backward(rows: n, units: H, step: lnStep(t, rows: n, mask: mask), cPrev: c(t, rows: n),
                                           norms: norms, dh: dOut + t * n * H, dc: dc.pointer, dNorms: dNorms,
                                           scratch: scratch.pointer, scratchC: scratchC.pointer)
            } else {
                LSTMCell.backward(rows: n, units: H, gates: at, cPrev: c(t, rows: n), tanhC: tanhC.pointer + t * n * H,
                                  mask: mask, dh: dOut + t * n * H, dc: dc.pointer)
            }
            if t > 0 {
                BLAS.gemm(transB: true, m: n, n: H, k: G, a: at, lda: G, b: whh, ldb: G, beta: 1,
                          c: dOut + (t - 1) * n * H, ldc: H)
            } else if let dh0 {
                BLAS.gemm(transB: true, m: n, n: H, k: G, a: at, lda: G, b: whh, ldb: G, beta: 0, c: dh0, ldc: H)
            }
        }
        if let dc0 { dc0.update(from: dc.pointer, count: n * H) }
        // Weight gradients over all steps at once.
        BLAS.gemm(transA: true, m: H, n: G, k: steps * n, a: h(0, rows: n), lda: H, b: a, ldb: G, beta: 1, c: dWhh, ldc: G)
        BLAS.gemm(transA: true, m: inputSize, n: G, k: steps * n, a: x, lda: inputSize, b: a, ldb: G, beta: 1,
                  c: dWxh, ldc: G)
        if let dBias { Linear.columnSums(rows: steps * n, columns: G, a, into: dBias) }
        if let dRowBias {
            for t in 0..<steps {
                let at = a + t * n * G
                for i in 0..<(n * G) { dRowBias[i] += at[i] }
            }
        }
        if let dx {
            BLAS.gemm(transB: true, m: steps * n, n: inputSize, k: G, a: a, lda: G, b: wxh, ldb: G, beta: 0,
                      c: dx, ldc: inputSize)
        }
    }
}

/// Recurrent dropout (Semeniuta et al.): inverted dropout factors for `tanh(j)`, fresh every step.
enum RecurrentDropout {
    static func fill(_ mask: UnsafeMutablePointer<Float>, count: Int, keep: Float, rng: inout SeededGenerator) {
        let scale = 1 / keep
        for i in 0..<count { mask[i] = rng.nextUniform() < keep ? scale : 0 }
    }
}
