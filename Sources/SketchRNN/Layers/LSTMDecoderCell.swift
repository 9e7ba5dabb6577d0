/// The plain LSTM decoder (state `[c; h]`, TF's and sketch-rnn-js's order) or the LayerNorm LSTM
/// decoder (no bias, state `[h; c]` as TF keeps it): one `LSTMSequence` over the stroke rows, with
/// z's projection through the lower rows of `wxh` added as a per-row bias.
final class LSTMDecoderCell: DecoderCell {
    let units: Int
    var stateSize: Int { 2 * units }
    var dOutputs: FloatBuffer { sequence.dOutputs }
    private let sequence: LSTMSequence
    private let latentSize: Int
    private let layerNorm: Bool
    /// `[rows, 4H]`: the bias plus z's projection, and its gradient summed over steps.
    private let rowBias: FloatBuffer, dRowBias: FloatBuffer
    /// `[rows, H]` each: the gradients of the initial h and c.
    private let dh0: FloatBuffer, dc0: FloatBuffer
    /// Offsets of c and h within a state row.
    private var cAt: Int { layerNorm ? units : 0 }
    private var hAt: Int { layerNorm ? 0 : units }

    /// The buffers' sizes in floats (the sequence's: `LSTMSequence.Sizes`), as `LSTMActivations.Sizes`.
    struct Sizes<N: Numeric> {
        let sequence: LSTMSequence.Sizes<N>
        let rowBias, dRowBias, dh0, dc0: N

        init(config: ModelConfig, maxRows: N, maxSteps: N, dropout: Bool) {
            let units = N(exactly: config.decoderSize)!, z: N = config.isVAE && config.latentSize > 0 ? 1 : 0
            sequence = .init(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout,
                             layerNorm: config.cell == .layerNorm)
            rowBias = z * maxRows * 4 * units
            dRowBias = z * maxRows * 4 * units
            dh0 = maxRows * units
            dc0 = maxRows * units
        }

        var bytes: N { sequence.bytes + 4 * (rowBias + dRowBias + dh0 + dc0) }
    }

    init(config: ModelConfig, maxRows: Int, maxSteps: Int, dropout: Bool, precision: ProductPrecision = .fp32) {
        units = config.decoderSize
        latentSize = config.isVAE ? config.latentSize : 0
        layerNorm = config.cell == .layerNorm
        let size = Sizes(config: config, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
        sequence = LSTMSequence(inputSize: 5, units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout,
                                layerNorm: layerNorm, precision: precision)
        rowBias = FloatBuffer(count: size.rowBias)
        dRowBias = FloatBuffer(count: size.dRowBias)
        dh0 = FloatBuffer(count: size.dh0)
        dc0 = FloatBuffer(count: size.dc0)
    }

    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, weights w: DecoderWeights, dropoutKeep: Float?,
        dropout: DropoutKey?
    ) {
        let H = units, G = 4 * H
        let useRowBias = z != nil && latentSize > 0
        if let z, useRowBias, !reuseLatentProjection {
            // wxh's rows after the five stroke rows take z.
            Linear.forward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: w.cell.wxh + 5 * G,
                           bias: w.cell.bias, y: rowBias.pointer)
        }
        sequence.forward(steps: steps, rows: rows, x: x, wxh: w.cell.wxh, whh: w.cell.whh,
                         bias: useRowBias ? nil : w.cell.bias,
                         rowBias: useRowBias ? UnsafePointer(rowBias.pointer) : nil,
                         initialH: initialState.map { $0 + hAt }, initialC: initialState.map { $0 + cAt },
                         initialStride: 2 * H, dropoutKeep: dropoutKeep, norms: w.norms?.cellNorms, dropout: dropout)
    }

    func freezeWeights(_ w: DecoderWeights) { sequence.freeze(whh: w.cell.whh) }

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
        weights w: DecoderWeights, gradients dw: DecoderGradients,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    ) {
        let H = units, G = 4 * H
        let useRowBias = z != nil && latentSize > 0
        if useRowBias { dRowBias.zero(count: rows * G) }
        sequence.backward(steps: steps, rows: rows, x: x, wxh: w.cell.wxh, whh: w.cell.whh, dWxh: dw.cell.wxh,
                          dWhh: dw.cell.whh, dBias: useRowBias ? nil : dw.cell.bias,
                          dRowBias: useRowBias ? dRowBias.pointer : nil,
                          dx: nil, dh0: dInitialState == nil ? nil : dh0.pointer,
                          dc0: dInitialState == nil ? nil : dc0.pointer, norms: w.norms?.cellNorms,
                          dNorms: dw.norms?.cellGradients)
        if let z, useRowBias {
            Linear.backward(rows: rows, inputs: latentSize, outputs: G, x: z, weight: w.cell.wxh + 5 * G,
                            dy: dRowBias.pointer, dWeight: dw.cell.wxh + 5 * G, dBias: dw.cell.bias,
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
