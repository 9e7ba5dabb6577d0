/// The VAE's encoder for inference: sketches → `mu` and `presig` of their latent distribution
/// (`sigma = exp(presig / 2)`). Reads each sketch's real points only, no start token.
package final class SketchEncoder {
    package let config: ModelConfig
    private let parameters: Parameters
    private let layout: ParameterLayout

    /// - Throws: `ModelConfigError` for a decoder-only model, `ParameterError` for parameters of
    ///   another shape.
    package init(parameters: Parameters, config: ModelConfig) throws {
        try config.validate()
        guard config.isVAE else { throw ModelConfigError.invalid("a decoder-only model has no encoder") }
        layout = ParameterLayout(config: config)
        guard parameters.layout == layout else {
            throw ParameterError.shapeMismatch(name: "(whole model)", expected: [layout.totalCount],
                                               got: [parameters.layout.totalCount])
        }
        self.config = config
        self.parameters = parameters
    }

    /// `mu` and `presig`, each `[batchSize, nz]`, of every sketch in the batch (rows `1...length`).
    package func encode(_ batch: StrokeBatch) -> (mu: [Float], presig: [Float]) {
        let N = batch.batchSize, nz = config.latentSize, E = config.encoderSize
        let longest = max(1, batch.lengths.max() ?? 1)
        let encoder = BiLSTMEncoder(units: E, maxRows: N, maxSteps: longest, dropout: false)
        let tensors = ModelTensors(config: config).encoder!
        var mu = [Float](repeating: 0, count: N * nz), presig = [Float](repeating: 0, count: N * nz)
        parameters.values.withUnsafeBufferPointer { pb in
            batch.strokes.withUnsafeBufferPointer { sb in
                batch.lengths.withUnsafeBufferPointer { lb in
                    let w = tensors.map { pb.baseAddress! + $0 }
                    encoder.forward(rows: N, x: sb.baseAddress! + N * 5, lengths: lb.baseAddress!, weights: w,
                                    dropoutKeep: nil, dropout: nil)
                    Linear.forward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer,
                                   weight: w.mu.weight, bias: w.mu.bias, y: &mu)
                    Linear.forward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer,
                                   weight: w.presig.weight, bias: w.presig.bias, y: &presig)
                }
            }
        }
        return (mu, presig)
    }

    /// `mu` and `presig` of each sketch (model units, real points only, at most Nmax of them), as
    /// one batch.
    package func encode(sketches: [Sketch]) -> (mu: [Float], presig: [Float]) {
        let steps = max(1, min(config.nmax, sketches.map(\.count).max() ?? 1))
        // The start token (row 0) is not read by the encoder.
        return encode(StrokeBatch(sketches: sketches, steps: steps, startToken: .zeros))
    }
}
