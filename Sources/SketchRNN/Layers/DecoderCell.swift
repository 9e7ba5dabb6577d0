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
func makeDecoderCell(config: ModelConfig, maxRows: Int, maxSteps: Int, dropout: Bool) throws -> DecoderCell {
    let layout = ParameterLayout(config: config)
    switch config.cell {
    case .lstm:
        return LSTMDecoderCell(config: config, layout: layout, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
    case .layerNorm, .hyper:
        throw ModelConfigError.invalid("the \(config.cell) cell is not available yet")
    }
}

/// The plain LSTM decoder: state `[c; h]` (TF and sketch-rnn-js order).
final class LSTMDecoderCell: DecoderCell {
    let units: Int
    var stateSize: Int { 2 * units }
    var dOutputs: FloatBuffer { sequence.dOutputs }
    private let sequence: LSTMSequence
    private let latentSize: Int
    private let wxh: Int, whh: Int, bias: Int
    private let rowBias: FloatBuffer, dRowBias: FloatBuffer, dh0: FloatBuffer, dc0: FloatBuffer

    init(config: ModelConfig, layout: ParameterLayout, maxRows: Int, maxSteps: Int, dropout: Bool) {
        units = config.decoderSize
        latentSize = config.isVAE ? config.latentSize : 0
        sequence = LSTMSequence(inputSize: 5, units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
        wxh = layout.offset("decoder.wxh")
        whh = layout.offset("decoder.whh")
        bias = layout.offset("decoder.bias")
        rowBias = FloatBuffer(count: latentSize > 0 ? maxRows * 4 * units : 0)
        dRowBias = FloatBuffer(count: latentSize > 0 ? maxRows * 4 * units : 0)
        dh0 = FloatBuffer(count: maxRows * units)
        dc0 = FloatBuffer(count: maxRows * units)
    }

    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, parameters p: UnsafePointer<Float>, dropoutKeep: Float?,
        rng: inout SeededGenerator
    ) {
        let H = units, G = 4 * H
        if let z, latentSize > 0, !reuseLatentProjection {
            Linear.forward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: p + wxh + 5 * G,
                           bias: p + bias, y: rowBias.pointer)
        }
        let useRowBias = z != nil && latentSize > 0
        sequence.forward(steps: steps, rows: rows, x: x, wxh: p + wxh, whh: p + whh,
                         bias: useRowBias ? nil : p + bias, rowBias: useRowBias ? UnsafePointer(rowBias.pointer) : nil,
                         initialH: initialState.map { $0 + H }, initialC: initialState, initialStride: 2 * H,
                         dropoutKeep: dropoutKeep, rng: &rng)
    }

    func outputs(rows: Int) -> UnsafePointer<Float> { UnsafePointer(sequence.h(1, rows: rows)) }

    func state(afterStep step: Int, rows: Int, into s: UnsafeMutablePointer<Float>) {
        let H = units
        let h = sequence.h(step, rows: rows), c = sequence.c(step, rows: rows)
        for r in 0..<rows {
            (s + r * 2 * H).update(from: c + r * H, count: H)
            (s + r * 2 * H + H).update(from: h + r * H, count: H)
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
                          dBias: useRowBias ? nil : g + bias, dRowBias: useRowBias ? dRowBias.pointer : nil,
                          dx: nil, dh0: dInitialState == nil ? nil : dh0.pointer,
                          dc0: dInitialState == nil ? nil : dc0.pointer)
        if let z, useRowBias {
            Linear.backward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: p + wxh + 5 * G,
                            dy: dRowBias.pointer, dWeight: g + wxh + 5 * G, dBias: g + bias,
                            dx: dz, accumulateInput: true)
        }
        if let s = dInitialState {
            for r in 0..<rows {
                (s + r * 2 * H).update(from: dc0.pointer + r * H, count: H)
                (s + r * 2 * H + H).update(from: dh0.pointer + r * H, count: H)
            }
        }
    }
}
