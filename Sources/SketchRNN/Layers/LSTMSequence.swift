/// An LSTM (docs/model.md §2; plain, or TF's LayerNorm LSTM when built with `layerNorm`) run over a whole
/// time-major batch, llm.c-style: forward saves what backward needs in buffers allocated once for
/// `(maxRows, maxSteps)`.
///
/// The plain cell runs each step as one hand-off to the cores (`StepSplit`): each core owns a range
/// of units, computes their four gates' columns of the step's products (input projection and
/// `h_{t-1} W_hh`, or in backward `dh = dA W_hhᵀ`) and then their elementwise work, while those
/// columns are in its cache. `W_hh`'s gradient is one matrix product over all steps. Sequences of
/// different lengths share the run: a caller reads each row's last state at its own step and
/// injects the gradient there (steps after it then receive none).
final class LSTMSequence {
    let inputSize: Int
    let units: Int
    let maxRows: Int
    let maxSteps: Int

    let act: LSTMActivations
    /// `W_hh` for the forward steps and `W_hhᵀ` for the backward steps, packed once per pass (or,
    /// for inference, once for good by `freeze(whh:)`).
    private var packedWhh: PackedMatrix?
    private let packedWhhT: PackedMatrix?
    /// Whether `packedWhh` holds weights that no longer change (a model loaded for sampling).
    private var frozen = false
    /// Gradient reaching each output `h_1 ... h_T`, `[T, N, H]`: filled by the caller before
    /// `backward`, which adds the recurrent part in place.
    let dOutputs: FloatBuffer
    var layerNorm: Bool { act.layerNorm }

    /// The activations' sizes (`LSTMActivations.Sizes`); the packed weights, which do not grow with
    /// the batch, are left out.
    struct Sizes<N: Numeric> {
        let act: LSTMActivations.Sizes<N>
        let dOutputs: N

        init(units: N, maxRows: N, maxSteps: N, dropout: Bool, layerNorm: Bool) {
            act = .init(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, layerNorm: layerNorm)
            dOutputs = maxSteps * maxRows * units
        }

        var bytes: N { act.bytes + 4 * dOutputs }
    }

    /// `precision`: the recurrent step products' arithmetic (`.bf16` where the processor has it).
    init(inputSize: Int, units: Int, maxRows: Int, maxSteps: Int, dropout: Bool, layerNorm: Bool = false,
         precision: ProductPrecision = .fp32) {
        self.inputSize = inputSize
        self.units = units
        self.maxRows = maxRows
        self.maxSteps = maxSteps
        let size = Sizes(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, layerNorm: layerNorm)
        act = LSTMActivations(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, layerNorm: layerNorm)
        dOutputs = FloatBuffer(count: size.dOutputs)
        // A one-step run (the decoder while sampling) would pack the weights for a single product.
        let packs = PackedMatrix.isAvailable && maxSteps > 1
        packedWhh = packs ? PackedMatrix(maxInner: units, maxColumns: 4 * units, precision: precision) : nil
        packedWhhT = packs ? PackedMatrix(maxInner: 4 * units, maxColumns: units, precision: precision) : nil
    }

    /// Packs `W_hh` once for all later forward calls, which must then pass the same weights: the
    /// decoder of a loaded model, stepped one step at a time while sampling.
    func freeze(whh: UnsafePointer<Float>) {
        guard PackedMatrix.isAvailable else { return }
        // Sampling stays fp32 (bf16 there is not shown to be faster at batch 1-8, nor to draw alike).
        let packed = packedWhh.flatMap { $0.precision == .fp32 ? $0 : nil } ?? PackedMatrix(maxInner: units, maxColumns: 4 * units)
        packed.pack(whh, inner: units, columns: 4 * units, ldb: 4 * units, transposed: false)
        packedWhh = packed
        frozen = true
    }

    /// `h_t` (t = 0 is the initial state) for `rows` rows; from t = 1 on, the outputs of all later
    /// steps follow contiguously (`[T * rows, H]`).
    func h(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { act.h(t, rows: rows) }
    func c(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { act.c(t, rows: rows) }

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
        dropoutKeep: Float?, norms: LayerNormLSTMCell.Norms? = nil, dropout key: DropoutKey?
    ) {
        precondition(rows <= maxRows && steps <= maxSteps && (norms != nil) == layerNorm)
        let H = units, G = 4 * H, n = rows
        act.setInitial(rows: n, h0: initialH, c0: initialC, stride: initialStride)
        act.beginForward(dropoutKeep: dropoutKeep)
        let packed = frozen || steps > 1 ? packedWhh : nil
        if !frozen { packed?.pack(whh, inner: H, columns: G, ldb: G, transposed: false) }
        let split = StepSplit(units: H, rows: n, packed: packed != nil)
        // gates(t) += h_t W_hh, for gate columns `columns`.
        func addRecurrentProduct(_ t: Int, columns: Range<Int>) {
            let a = act.gates(t, rows: n)
            if let packed {
                packed.multiply(rows: n, a: h(t, rows: n), lda: H, beta: 1, c: a, ldc: G, columns: columns)
            } else {
                // Unpacked products are not split: these are all the columns.
                Linear.matmul(rows: n, inner: H, columns: G, a: h(t, rows: n), lda: H, b: whh, beta: 1, c: a)
            }
        }
        if layerNorm {
            // LayerNorm needs whole rows: the projections first, then per step the product and the rows.
            Linear.narrowProjection(rows: steps * n, inputs: inputSize, outputs: G, x: x, weight: wxh, bias: bias,
                                    rowBias: rowBias, period: n, y: act.gates.pointer)
            for t in 0..<steps {
                if t > 0 || initialH != nil {
                    split.run { units in split.forEachGateColumns(units) { addRecurrentProduct(t, columns: $0) } }
                }
                act.forwardStep(t, rows: n, keep: dropoutKeep, norms: norms, dropout: key)
            }
            return
        }
        for t in 0..<steps {
            let dropout = act.droppedOut ? key!.step(t) : nil
            let a = act.gates(t, rows: n), xt = x + t * n * inputSize
            let withRecurrence = t > 0 || initialH != nil
            withRoundedRows(packed, rows: n, of: h(t, rows: n), lda: H) {
                split.run { units in
                    split.forEachGateColumns(units) { columns in
                        Linear.narrowProjection(rows: n, inputs: inputSize, outputs: G, x: xt, weight: wxh, bias: bias,
                                                rowBias: rowBias, period: n, y: a, columns: columns)
                        if withRecurrence { addRecurrentProduct(t, columns: columns) }
                    }
                    act.forwardUnits(t, rows: n, range: units, dropout: dropout, keep: dropoutKeep)
                }
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
        let a = act.gates.pointer, dOut = dOutputs.pointer
        act.dc.zero(count: n * H)
        let packed = steps > 1 ? packedWhhT : nil
        packed?.pack(whh, inner: G, columns: H, ldb: G, transposed: true)
        // dh (units `columns`) = dA W_hhᵀ + beta dh.
        func recurrentGradient(_ dA: UnsafePointer<Float>, beta: Float, into dh: UnsafeMutablePointer<Float>,
                               columns: Range<Int>) {
            if let packed {
                packed.multiply(rows: n, a: dA, lda: G, beta: beta, c: dh, ldc: H, columns: columns)
            } else {
                // Unpacked products are not split: these are all the columns.
                Linear.inputGradient(rows: n, inputs: H, outputs: G, dy: dA, weight: whh, dx: dh, accumulate: beta != 0)
            }
        }
        // The stroke input's weight and bias gradients, step by step while dA_t is in the cache.
        func inputGradients(_ t: Int, columns: Range<Int>) {
            Linear.narrowGradients(rows: n, inputs: inputSize, outputs: G, x: x + t * n * inputSize, dy: a + t * n * G,
                                   dWeight: dWxh, dBias: dBias, dRowBias: dRowBias, period: n, columns: columns)
        }
        let split = StepSplit(units: H, rows: n, packed: packed != nil)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let dh = dOut + t * n * H
            if layerNorm {
                // dh_t += dA_{t+1} W_hhᵀ was added by step t + 1.
                act.backwardStep(t, rows: n, dh: dh, norms: norms, dNorms: dNorms)
                inputGradients(t, columns: 0..<G)
                if t > 0 {
                    split.run { recurrentGradient(act.gates(t, rows: n), beta: 1, into: dh - n * H, columns: $0) }
                }
                continue
            }
            withRoundedRows(t + 1 < steps ? packed : nil, rows: n, of: act.gates(t + 1, rows: n), lda: G) {
                split.run { units in
                    if t + 1 < steps { recurrentGradient(act.gates(t + 1, rows: n), beta: 1, into: dh, columns: units) }
                    act.backwardUnits(t, rows: n, range: units, dh: dh)
                    split.forEachGateColumns(units) { inputGradients(t, columns: $0) }
                }
            }
        }
        if let dh0 {
            withRoundedRows(packed, rows: n, of: act.gates(0, rows: n), lda: G) {
                split.run { units in recurrentGradient(act.gates(0, rows: n), beta: 0, into: dh0, columns: units) }
            }
        }
        if let dc0 { dc0.update(from: act.dc.pointer, count: n * H) }
        // W_hh's gradient over all steps at once.
        Linear.accumulateWeightGradient(rows: steps * n, inputs: H, outputs: G, x: h(0, rows: n), dy: a, dWeight: dWhh)
        if let dx { Linear.inputGradient(rows: steps * n, inputs: inputSize, outputs: G, dy: a, weight: wxh, dx: dx) }
    }

    /// Runs `body` (one step's pieces) with `a`'s rows rounded once for the bf16 products of `packed`;
    /// with fp32 or no packed weights it just runs `body`.
    @inline(__always)
    private func withRoundedRows(_ packed: PackedMatrix?, rows: Int, of a: UnsafePointer<Float>, lda: Int, _ body: () -> Void) {
        guard let packed, packed.precision == .bf16 else { return body() }
        packed.withRoundedRows(rows: rows, a: a, lda: lda, body)
    }
}
