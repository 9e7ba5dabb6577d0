/// What an LSTM (plain or LayerNorm) saves over `maxSteps` steps of `maxRows` rows, and the step
/// kernels over it: shared by `LSTMSequence` and the two cells inside `HyperLSTMDecoderCell`.
final class LSTMActivations {
    let units: Int
    let layerNorm: Bool
    /// Pre-activations `[T, N, 4H]` before a step, gate activations after it, gradients of the
    /// pre-activations after the step's backward.
    let gates: FloatBuffer
    /// `h_0 ... h_T` and `c_0 ... c_T`, `[(T + 1), N, H]`; block 0 is the initial state.
    let hs: FloatBuffer
    let cs: FloatBuffer
    /// LayerNorm only: `tanh(LN(c_t))` (the plain cell recomputes `tanh(c_t)` in backward instead).
    let tanhC: FloatBuffer
    /// Recurrent dropout masks `[T, N, H]` (1 keep, 0 drop).
    let masks: UnsafeMutablePointer<UInt8>
    private let maskCount: Int
    private var keepScale: Float = 1
    /// The running gradient of `c` during backward, `[N, H]`.
    let dc: FloatBuffer
    /// LayerNorm only: normalised pre-activations `[T, N, 4H]`, their inverse deviations `[T, N, 4]`,
    /// the normalised cells `[T, N, H]` and theirs `[T, N]`, and backward's work space.
    private let norm, rstd, normC, rstdC, scratch, scratchC: FloatBuffer
    private(set) var droppedOut = false

    /// The size of each buffer above, in floats (`masks` in bytes), counted in `N`: `Int` to allocate
    /// them, `Double` to weigh a training graph before anything is allocated (`ActivationMemory`).
    struct Sizes<N: Numeric> {
        let gates, hs, cs, tanhC, dc, norm, rstd, normC, rstdC, scratch, scratchC: N
        let masks: N

        init(units: N, maxRows: N, maxSteps: N, dropout: Bool, layerNorm: Bool) {
            let nh = maxRows * units, ln: N = layerNorm ? 1 : 0
            gates = maxSteps * 4 * nh
            hs = (maxSteps + 1) * nh
            cs = (maxSteps + 1) * nh
            tanhC = ln * maxSteps * nh
            masks = dropout ? maxSteps * nh : 0
            dc = nh
            norm = ln * maxSteps * 4 * nh
            rstd = ln * maxSteps * 4 * maxRows
            normC = ln * maxSteps * nh
            rstdC = ln * maxSteps * maxRows
            scratch = ln * 4 * nh
            scratchC = ln * nh
        }

        var bytes: N { 4 * (gates + hs + cs + tanhC + dc + norm + rstd + normC + rstdC + scratch + scratchC) + masks }
    }

    init(units: Int, maxRows: Int, maxSteps: Int, dropout: Bool, layerNorm: Bool) {
        self.units = units
        self.layerNorm = layerNorm
        let size = Sizes(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, layerNorm: layerNorm)
        gates = FloatBuffer(count: size.gates)
        hs = FloatBuffer(count: size.hs)
        cs = FloatBuffer(count: size.cs)
        tanhC = FloatBuffer(count: size.tanhC)
        maskCount = size.masks
        masks = .allocate(capacity: max(maskCount, 1))
        masks.initialize(repeating: 0, count: max(maskCount, 1))
        dc = FloatBuffer(count: size.dc)
        norm = FloatBuffer(count: size.norm)
        rstd = FloatBuffer(count: size.rstd)
        normC = FloatBuffer(count: size.normC)
        rstdC = FloatBuffer(count: size.rstdC)
        scratch = FloatBuffer(count: size.scratch)
        scratchC = FloatBuffer(count: size.scratchC)
    }

    deinit { masks.deallocate() }

    /// `h_t` (t = 0 is the initial state) for `rows` rows; from t = 1 on, the outputs of all later
    /// steps follow contiguously (`[T * rows, H]`).
    @inline(__always)
    func h(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { hs.pointer + t * rows * units }
    @inline(__always)
    func c(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { cs.pointer + t * rows * units }
    @inline(__always)
    func gates(_ t: Int, rows: Int) -> UnsafeMutablePointer<Float> { gates.pointer + t * rows * 4 * units }

    /// Copies `rows` rows of the initial state (`stride` floats apart), or zeros it.
    func setInitial(rows n: Int, h0: UnsafePointer<Float>?, c0: UnsafePointer<Float>?, stride: Int) {
        let H = units
        if let h0, let c0 {
            for r in 0..<n {
                (h(0, rows: n) + r * H).update(from: h0 + r * stride, count: H)
                (c(0, rows: n) + r * H).update(from: c0 + r * stride, count: H)
            }
        } else {
            h(0, rows: n).update(repeating: 0, count: n * H)
            c(0, rows: n).update(repeating: 0, count: n * H)
        }
    }

    /// Starts a forward pass: whether this one draws dropout masks.
    func beginForward(dropoutKeep: Float?) {
        droppedOut = drawsMasks(dropoutKeep: dropoutKeep)
        keepScale = 1 / (dropoutKeep ?? 1)
    }

    /// Whether a forward pass with this keep probability draws dropout masks (and so takes a layer
    /// number from the pass's dropout stream).
    func drawsMasks(dropoutKeep: Float?) -> Bool { maskCount > 0 && (dropoutKeep.map { $0 < 1 } ?? false) }

    private func mask(_ t: Int, rows n: Int) -> DropoutMask? {
        droppedOut ? DropoutMask(keep: masks + t * n * units, scale: keepScale) : nil
    }

    private func lnStep(_ t: Int, rows n: Int) -> LayerNormLSTMCell.Step {
        let H = units
        return LayerNormLSTMCell.Step(
            gates: gates(t, rows: n), norm: norm.pointer + t * n * 4 * H, rstd: rstd.pointer + t * n * 4,
            c: c(t + 1, rows: n), normC: normC.pointer + t * n * H, rstdC: rstdC.pointer + t * n,
            tanhC: tanhC.pointer + t * n * H, mask: mask(t, rows: n))
    }

    /// Step t's elementwise work, once `gates(t)` holds its pre-activations: draws the dropout mask
    /// (when dropping out) and writes `h_{t+1}`, `c_{t+1}`.
    func forwardStep(_ t: Int, rows n: Int, keep: Float?, norms: LayerNormLSTMCell.Norms?, dropout: DropoutKey?) {
        let H = units
        if droppedOut, let keep { RecurrentDropout.fill(masks + t * n * H, rows: n, units: H, step: t, keep: keep, key: dropout!) }
        if let norms {
            LayerNormLSTMCell.forward(rows: n, units: H, step: lnStep(t, rows: n), cPrev: c(t, rows: n),
                                      h: h(t + 1, rows: n), norms: norms)
        } else {
            LSTMCell.forward(rows: n, units: H, gates: gates(t, rows: n), cPrev: c(t, rows: n), c: c(t + 1, rows: n),
                             h: h(t + 1, rows: n), mask: mask(t, rows: n))
        }
    }

    /// The plain cell's step t for units `range` only, on the calling thread: one core's share of a
    /// step whose products it also computes (`LSTMSequence`). `dropout` keys the step's masks.
    func forwardUnits(_ t: Int, rows n: Int, range: Range<Int>, dropout: RecurrentDropout.StepKey?, keep: Float?) {
        let H = units
        if droppedOut, let dropout, let keep {
            RecurrentDropout.fill(masks + t * n * H, rows: n, units: H, range: range, step: dropout, keep: keep)
        }
        LSTMCell.forward(rows: n, units: H, range: range, gates: gates(t, rows: n), cPrev: c(t, rows: n),
                         c: c(t + 1, rows: n), h: h(t + 1, rows: n), mask: mask(t, rows: n))
    }

    /// The plain cell's backward step t for units `range` only, on the calling thread.
    func backwardUnits(_ t: Int, rows n: Int, range: Range<Int>, dh: UnsafePointer<Float>) {
        LSTMCell.backward(rows: n, units: units, range: range, gates: gates(t, rows: n), cPrev: c(t, rows: n),
                          c: c(t + 1, rows: n), mask: mask(t, rows: n), dh: dh, dc: dc.pointer)
    }

    /// Step t's elementwise backward: `dh` is the whole gradient reaching `h_{t+1}`, `dc` carries the
    /// cell's; leaves the gradient of the pre-activations in `gates(t)`.
    func backwardStep(_ t: Int, rows n: Int, dh: UnsafePointer<Float>, norms: LayerNormLSTMCell.Norms?,
                      dNorms: LayerNormLSTMCell.NormGradients?) {
        let H = units
        if let norms, let dNorms {
            LayerNormLSTMCell.backward(rows: n, units: H, step: lnStep(t, rows: n), cPrev: c(t, rows: n), norms: norms,
                                       dh: dh, dc: dc.pointer, dNorms: dNorms, scratch: scratch.pointer,
                                       scratchC: scratchC.pointer)
        } else {
            LSTMCell.backward(rows: n, units: H, gates: gates(t, rows: n), cPrev: c(t, rows: n), c: c(t + 1, rows: n),
                              mask: mask(t, rows: n), dh: dh, dc: dc.pointer)
        }
    }
}
