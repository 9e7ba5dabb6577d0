/// A decoder's recurrent cell run over a time-major batch, forward and backward, with its own
/// parameters found by name in the flat buffer. The same object serves training (many steps, saved
/// activations) and inference (one step at a time, see `DecoderStepper`).
///
/// The decoder's input at step t is `[S_{t-1}; z]`: the stroke part `x [steps * rows, 5]` changes
/// every step, the latent part `z [rows, nz]` (VAE only) does not, so its projection is computed once
/// per sequence and added like a per-row bias.
protocol DecoderCell: AnyObject {
    var units: Int { get }
    /// Floats per row of the whole state, in the layout of the initial-state layer's output.
    var stateSize: Int { get }
    /// Gradient reaching each output `h_1 ... h_T`, `[T, rows, H]`, filled by the caller before
    /// `backward`.
    var dOutputs: FloatBuffer { get }

    /// Runs `steps` steps. `initialState [rows, stateSize]` or nil for zeros. With
    /// `reuseLatentProjection` the projection of `z` from the previous call is kept (same z rows).
    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, parameters: UnsafePointer<Float>, dropoutKeep: Float?,
        rng: inout SeededGenerator
    )
    /// Prepares for forward calls that all pass these parameters (inference): weights that never
    /// change are packed once rather than at every call.
    func freezeWeights(parameters: UnsafePointer<Float>)
    /// `h_1 ... h_T` of the last forward call as one `[T * rows, H]` block.
    func outputs(rows: Int) -> UnsafePointer<Float>
    /// Writes the state after `step` steps of the last forward call into `[rows, stateSize]`.
    func state(afterStep step: Int, rows: Int, into: UnsafeMutablePointer<Float>)
    /// Backpropagates `dOutputs`; accumulates parameter gradients into `gradients` (same layout),
    /// adds the gradient of z into `dz [rows, nz]` and writes that of the initial state into
    /// `dInitialState [rows, stateSize]` when given.
    func backward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?,
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    )
}

/// Builds the decoder cell a configuration names, sized for `maxRows` streams and `maxSteps` steps.
func makeDecoderCell(config: ModelConfig, maxRows: Int, maxSteps: Int, dropout: Bool) -> DecoderCell {
    let layout = ParameterLayout(config: config)
    switch config.cell {
    case .lstm, .layerNorm:
        return LSTMDecoderCell(config: config, layout: layout, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
    case .hyper:
        return HyperLSTMDecoderCell(config: config, layout: layout, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
    }
}

/// The plain LSTM decoder (state `[c; h]`, TF's and sketch-rnn-js's order) or the LayerNorm LSTM
/// decoder (no bias, state `[h; c]` as TF keeps it).
final class LSTMDecoderCell: DecoderCell {
    let units: Int
    var stateSize: Int { 2 * units }
    var dOutputs: FloatBuffer { sequence.dOutputs }
    private let sequence: LSTMSequence
    private let latentSize: Int
    private let layerNorm: Bool
    private let wxh: Int, whh: Int, bias: Int?, norms: (gamma: Int, beta: Int, gammaC: Int, betaC: Int)?
    private let rowBias: FloatBuffer, dRowBias: FloatBuffer, dh0: FloatBuffer, dc0: FloatBuffer
    /// Offsets of c and h within a state row.
    private var cAt: Int { layerNorm ? units : 0 }
    private var hAt: Int { layerNorm ? 0 : units }

    init(config: ModelConfig, layout: ParameterLayout, maxRows: Int, maxSteps: Int, dropout: Bool) {
        units = config.decoderSize
        latentSize = config.isVAE ? config.latentSize : 0
        layerNorm = config.cell == .layerNorm
        sequence = LSTMSequence(inputSize: 5, units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout,
                                layerNorm: layerNorm)
        wxh = layout.offset("decoder.wxh")
        whh = layout.offset("decoder.whh")
        bias = layout.entry("decoder.bias")?.offset
        norms = layerNorm
            ? (layout.offset("decoder.ln.gamma"), layout.offset("decoder.ln.beta"),
               layout.offset("decoder.lnc.gamma"), layout.offset("decoder.lnc.beta"))
            : nil
        rowBias = FloatBuffer(count: latentSize > 0 ? maxRows * 4 * units : 0)
        dRowBias = FloatBuffer(count: latentSize > 0 ? maxRows * 4 * units : 0)
        dh0 = FloatBuffer(count: maxRows * units)
        dc0 = FloatBuffer(count: maxRows * units)
    }

    private func norms(_ p: UnsafePointer<Float>) -> LayerNormLSTMCell.Norms? {
        norms.map { .init(gamma: p + $0.gamma, beta: p + $0.beta, gammaC: p + $0.gammaC, betaC: p + $0.betaC) }
    }

    private func dNorms(_ g: UnsafeMutablePointer<Float>) -> LayerNormLSTMCell.NormGradients? {
        norms.map { .init(gamma: g + $0.gamma, beta: g + $0.beta, gammaC: g + $0.gammaC, betaC: g + $0.betaC) }
    }

    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, parameters p: UnsafePointer<Float>, dropoutKeep: Float?,
        rng: inout SeededGenerator
    ) {
        let H = units, G = 4 * H
        let useRowBias = z != nil && latentSize > 0
        if let z, useRowBias, !reuseLatentProjection {
            Linear.forward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: p + wxh + 5 * G,
                           bias: bias.map { p + $0 }, y: rowBias.pointer)
        }
        sequence.forward(steps: steps, rows: rows, x: x, wxh: p + wxh, whh: p + whh,
                         bias: useRowBias ? nil : bias.map { p + $0 },
                         rowBias: useRowBias ? UnsafePointer(rowBias.pointer) : nil,
                         initialH: initialState.map { $0 + hAt }, initialC: initialState.map { $0 + cAt },
                         initialStride: 2 * H, dropoutKeep: dropoutKeep, norms: norms(p), rng: &rng)
    }

    func freezeWeights(parameters p: UnsafePointer<Float>) { sequence.freeze(whh: p + whh) }

    func outputs(rows: Int) -> UnsafePointer<Float> { UnsafePointer(sequence.h(1, rows: rows)) }

    func state(afterStep step: Int, rows: Int, into s: UnsafeMutablePointer<Float>) {
        let H = units
        let h = sequence.h(step, rows: rows), c = sequence.c(step, rows: rows)
        for r in 0..<rows {
            (s + r * 2 * H + cAt).update(from: c + r * H, count: H)
            (s + r * 2 * H + hAt).update(from: h + r * H, count: H)
        }
    }

    func backward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?,
        parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    ) {
        let H = units, G = 4 * H
        let useRowBias = z != nil && latentSize > 0
        if useRowBias { dRowBias.zero(count: rows * G) }
        sequence.backward(steps: steps, rows: rows, x: x, wxh: p + wxh, whh: p + whh, dWxh: g + wxh, dWhh: g + whh,
                          dBias: useRowBias ? nil : bias.map { g + $0 }, dRowBias: useRowBias ? dRowBias.pointer : nil,
                          dx: nil, dh0: dInitialState == nil ? nil : dh0.pointer,
                          dc0: dInitialState == nil ? nil : dc0.pointer, norms: norms(p), dNorms: dNorms(g))
        if let z, useRowBias {
            Linear.backward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: p + wxh + 5 * G,
                            dy: dRowBias.pointer, dWeight: g + wxh + 5 * G, dBias: bias.map { g + $0 },
                            dx: dz, accumulateInput: true)
        }
        if let s = dInitialState {
            for r in 0..<rows {
                (s + r * 2 * H + cAt).update(from: dc0.pointer + r * H, count: H)
                (s + r * 2 * H + hAt).update(from: dh0.pointer + r * H, count: H)
            }
        }
    }
}
