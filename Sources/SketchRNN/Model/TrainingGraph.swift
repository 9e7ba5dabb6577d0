#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole sketch-rnn model as a training graph: forward pass, losses and hand-written backward
/// pass over a `StrokeBatch`, with every activation saved in buffers allocated once for
/// `(config, maxBatch, maxSteps)`.
///
/// Forward: encoder (VAE) → mu, presig → `z = mu + exp(presig / 2) ε` → initial state
/// `tanh(W_z z + b_z)` → decoder over `[S_{t-1}; z]` → output layer → mixture and pen losses (+ KL).
/// Backward runs the same chain in reverse.
package final class SketchRNNTrainingGraph {
    package let config: ModelConfig
    package let maxBatch: Int
    package let maxSteps: Int
    private let layout: ParameterLayout
    private let outputLayout: OutputLayout
    private let encoder: BiLSTMEncoder?
    private let decoder: DecoderCell
    private let mu, presig, eps, z, zInit, dz, dmu, dpresig: FloatBuffer
    private let initState, dInitState: FloatBuffer
    private let y, dy: FloatBuffer
    private let offsetLoss, penLoss: UnsafeMutablePointer<Double>
    private let tensors: ModelTensors<Int>

    /// The buffers' sizes (the layers': their own `Sizes`), as `LSTMActivations.Sizes`: the graph's
    /// own in floats, except `rowLosses` (doubles); `ActivationMemory` weighs a graph by them.
    struct Sizes<N: Numeric> {
        let encoder: BiLSTMEncoder.Sizes<N>?
        let decoderBytes: N
        /// mu, presig, eps, z, z in, and the gradients of z, mu and presig, each `[N, N_z]`.
        let latent: N
        /// The initial state and its gradient, each `[N, S]`.
        let state: N
        /// y and dy, each `[T, N, 6M + 3]`.
        let output: N
        /// The offset and pen losses of each row and step.
        let rowLosses: N

        init(config: ModelConfig, maxBatch: N, maxSteps: N) {
            let dropout = config.recurrentDropoutKeep < 1, vae: N = config.isVAE ? 1 : 0
            encoder = config.isVAE
                ? BiLSTMEncoder.Sizes(units: N(exactly: config.encoderSize)!, maxRows: maxBatch, maxSteps: maxSteps, dropout: dropout)
                : nil
            decoderBytes = decoderCellBytes(config: config, maxRows: maxBatch, maxSteps: maxSteps, dropout: dropout)
            latent = vae * maxBatch * N(exactly: config.latentSize)!
            state = vae * maxBatch * N(exactly: config.decoderStateSize)!
            output = maxSteps * maxBatch * N(exactly: config.outputSize)!
            rowLosses = maxSteps * maxBatch
        }

        var bytes: N { (encoder?.bytes ?? 0) + decoderBytes + 4 * (8 * latent + 2 * state + 2 * output) + 8 * 2 * rowLosses }
    }

    /// `precision`: the LSTMs' recurrent products (`ProductPrecision`); everything else is fp32.
    package init(config: ModelConfig, maxBatch: Int, maxSteps: Int, precision: ProductPrecision = .fp32) throws {
        try config.validate()
        try ActivationMemory.check(config: config, maxBatch: maxBatch, maxSteps: maxSteps)
        self.config = config
        self.maxBatch = maxBatch
        self.maxSteps = maxSteps
        layout = ParameterLayout(config: config)
        outputLayout = OutputLayout(mixtures: config.mixtures)
        let dropout = config.recurrentDropoutKeep < 1
        encoder = config.isVAE
            ? BiLSTMEncoder(units: config.encoderSize, maxRows: maxBatch, maxSteps: maxSteps, dropout: dropout, precision: precision)
            : nil
        decoder = makeDecoderCell(config: config, maxRows: maxBatch, maxSteps: maxSteps, dropout: dropout, precision: precision)
        let size = Sizes(config: config, maxBatch: maxBatch, maxSteps: maxSteps)
        let nz = size.latent
        (mu, presig, eps, z, zInit) = (FloatBuffer(count: nz), FloatBuffer(count: nz), FloatBuffer(count: nz),
                                       FloatBuffer(count: nz), FloatBuffer(count: nz))
        (dz, dmu, dpresig) = (FloatBuffer(count: nz), FloatBuffer(count: nz), FloatBuffer(count: nz))
        initState = FloatBuffer(count: size.state)
        dInitState = FloatBuffer(count: size.state)
        y = FloatBuffer(count: size.output)
        dy = FloatBuffer(count: size.output)
        offsetLoss = .allocate(capacity: size.rowLosses)
        penLoss = .allocate(capacity: size.rowLosses)
        tensors = ModelTensors(config: config)
    }

    deinit {
        offsetLoss.deallocate()
        penLoss.deallocate()
    }

    /// One training step's forward and backward pass. `gradients` is overwritten with the gradient
    /// of `Losses.total`. One draw from `rng` keys ε and the dropout masks, each row's from its row
    /// in the global batch. With a `shard`, `batch` is this rank's rows of the global batch: the
    /// losses returned are the global batch's, the gradients this rank's part of its gradient.
    package func forwardBackward(
        parameters: Parameters, gradients: inout Parameters, batch: StrokeBatch, options: TrainingOptions,
        rng: inout SeededGenerator, shard: BatchShard? = nil
    ) -> Losses {
        precondition(gradients.layout == layout && parameters.layout == layout, "parameters of another model")
        let keep: Float? = options.recurrentDropout && config.recurrentDropoutKeep < 1 ? config.recurrentDropoutKeep : nil
        return parameters.values.withUnsafeBufferPointer { pb in
            gradients.values.withUnsafeMutableBufferPointer { gb in
                batch.strokes.withUnsafeBufferPointer { sb in
                    batch.lengths.withUnsafeBufferPointer { lb in
                        let p = pb.baseAddress!, g = gb.baseAddress!
                        g.update(repeating: 0, count: gb.count)
                        let w = tensors.map { p + $0 }
                        let terms = forward(w, batch: batch, strokes: sb.baseAddress!, lengths: lb.baseAddress!,
                                            penRows: options.penRows, keep: keep, zMean: false, withGradient: true,
                                            key: NoiseKey(rng.next()), firstRow: shard?.firstRow ?? 0, shard: shard)
                        let klActive = config.isVAE && terms.kl > options.klMin
                        backward(w, tensors.map { g + $0 }, batch: batch, strokes: sb.baseAddress!,
                                 klWeight: klActive ? options.klWeight : 0, globalRows: shard?.globalRows ?? batch.batchSize)
                        return terms.losses(klTerm: config.isVAE ? options.klWeight * max(terms.kl, options.klMin) : 0)
                    }
                }
            }
        }
    }

    /// The losses of a batch without gradients and without dropout: the paper's evaluation
    /// (`total = L_R + w_KL · L_KL` with the weight given, unfloored). z is sampled with `rng` unless
    /// `zMean` (z = mu), row r's ε keyed by one draw from `rng` and `firstRow + r`.
    package func evaluate(
        parameters: Parameters, batch: StrokeBatch, zMean: Bool, klWeight: Float = 1,
        penRows: PenLossRows = .allSteps, rng: inout SeededGenerator, firstRow: Int = 0
    ) -> Losses {
        precondition(parameters.layout == layout, "parameters of another model")
        return parameters.values.withUnsafeBufferPointer { pb in
            batch.strokes.withUnsafeBufferPointer { sb in
                batch.lengths.withUnsafeBufferPointer { lb in
                    let terms = forward(tensors.map { pb.baseAddress! + $0 }, batch: batch, strokes: sb.baseAddress!,
                                        lengths: lb.baseAddress!, penRows: penRows, keep: nil, zMean: zMean, withGradient: false,
                                        key: NoiseKey(rng.next()), firstRow: firstRow, shard: nil)
                    return terms.losses(klTerm: config.isVAE ? klWeight * terms.kl : 0)
                }
            }
        }
    }

    // MARK: - Forward

    private func forward(
        _ w: ModelWeights, batch: StrokeBatch, strokes: UnsafePointer<Float>, lengths: UnsafePointer<Int>,
        penRows: PenLossRows, keep: Float?, zMean: Bool, withGradient: Bool, key: NoiseKey, firstRow: Int,
        shard: BatchShard?
    ) -> LossTerms {
        let N = batch.batchSize, T = batch.steps
        precondition(N <= maxBatch && T <= maxSteps, "batch \(N)×\(T) exceeds the graph's \(maxBatch)×\(maxSteps)")
        let globalRows = shard?.globalRows ?? N
        let dropout = DropoutKey(pass: key.child(1), firstRow: UInt64(firstRow))
        let epsKey = key.child(2)
        var kl = 0.0
        if let encoder, let we = w.encoder, let wi = w.initialState {
            let nz = config.latentSize, E = config.encoderSize
            encoder.forward(rows: N, x: strokes + N * 5, lengths: lengths, weights: we, dropoutKeep: keep, dropout: dropout)
            Linear.forward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer, weight: we.mu.weight,
                           bias: we.mu.bias, y: mu.pointer)
            Linear.forward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer, weight: we.presig.weight,
                           bias: we.presig.bias, y: presig.pointer)
            for i in 0..<(N * nz) {
                let e: Float = zMean ? 0 : epsKey.child(firstRow + i / nz).gaussian(i % nz)
                eps[i] = e
                z[i] = mu[i] + expf(presig[i] / 2) * e
                zInit[i] = config.latentThroughTanh ? tanhf(z[i]) : z[i]
                kl += Double(1 + presig[i] - mu[i] * mu[i] - expf(presig[i]))
            }
            let S = config.decoderStateSize
            Linear.forward(rows: N, inputs: nz, outputs: S, x: zInit.pointer, weight: wi.weight, bias: wi.bias,
                           y: initState.pointer)
            for i in 0..<(N * S) { initState[i] = tanhf(initState[i]) }
        }
        decoder.forward(steps: T, rows: N, x: strokes, z: encoder == nil ? nil : UnsafePointer(z.pointer),
                        reuseLatentProjection: false, initialState: encoder == nil ? nil : UnsafePointer(initState.pointer),
                        weights: w.decoder, dropoutKeep: keep,
                        dropout: dropout.layer(encoder == nil ? 1 : 3))
        let H = config.decoderSize, K = config.outputSize
        Linear.forward(rows: T * N, inputs: H, outputs: K, x: decoder.outputs(rows: N), weight: w.output.weight,
                       bias: w.output.bias, y: y.pointer)
        // Reconstruction loss, row by row (rows are independent: split over the cores).
        let weight = Float(1 / Double(globalRows * batch.nmax))
        let layout = outputLayout, yp = y.pointer, dyp = dy.pointer, ol = offsetLoss, pl = penLoss
        Parallel.forEachChunk(T * N, minimumPerWorker: 256) { range in
            for row in range {
                let t = row / N, n = row % N
                let L = lengths[n]
                let (a, b) = MixtureDensityLoss.row(
                    y: yp + row * K, target: strokes + (row + N) * 5, layout: layout,
                    countOffset: t < L, countPen: penRows == .allSteps || t <= L, weight: weight,
                    dy: withGradient ? dyp + row * K : nil)
                ol[row] = a
                pl[row] = b
            }
        }
        var sums = (offset: 0.0, pen: 0.0, kl: kl)
        for row in 0..<(T * N) {
            sums.offset += offsetLoss[row]
            sums.pen += penLoss[row]
        }
        if let shard {
            withUnsafeMutablePointer(to: &sums) { $0.withMemoryRebound(to: Double.self, capacity: 3) { shard.communicator.sum($0, count: 3) } }
        }
        let scale = 1 / Double(globalRows * batch.nmax)
        let ls = Float(sums.offset * scale), lp = Float(sums.pen * scale)
        let klMean = config.isVAE ? -sums.kl / Double(2 * config.latentSize * globalRows) : 0
        return LossTerms(offset: ls, pen: lp, kl: Float(klMean), sketches: globalRows)
    }

    /// A batch's loss terms before the KL term's weighting, which training and evaluation choose.
    private struct LossTerms {
        var offset, pen, kl: Float
        var sketches: Int

        func losses(klTerm: Float) -> Losses {
            let reconstruction = offset + pen
            return Losses(total: reconstruction + klTerm, reconstruction: reconstruction, offset: offset, pen: pen, kl: kl,
                          sketches: sketches)
        }
    }

    // MARK: - Backward

    private func backward(_ w: ModelWeights, _ dw: ModelGradients, batch: StrokeBatch,
                          strokes: UnsafePointer<Float>, klWeight: Float, globalRows: Int) {
        let N = batch.batchSize, T = batch.steps, H = config.decoderSize, K = config.outputSize
        Linear.backward(rows: T * N, inputs: H, outputs: K, x: decoder.outputs(rows: N), weight: w.output.weight,
                        dy: dy.pointer, dWeight: dw.output.weight, dBias: dw.output.bias, dx: decoder.dOutputs.pointer)
        guard let encoder, let we = w.encoder, let dwe = dw.encoder, let wi = w.initialState, let dwi = dw.initialState else {
            decoder.backward(steps: T, rows: N, x: strokes, z: nil, weights: w.decoder, gradients: dw.decoder, dz: nil,
                             dInitialState: nil)
            return
        }
        let nz = config.latentSize, E = config.encoderSize, S = config.decoderStateSize
        dz.zero(count: N * nz)
        decoder.backward(steps: T, rows: N, x: strokes, z: UnsafePointer(z.pointer), weights: w.decoder,
                         gradients: dw.decoder, dz: dz.pointer, dInitialState: dInitState.pointer)
        // Initial state: s = tanh(W_z z + b_z).
        for i in 0..<(N * S) { dInitState[i] *= 1 - initState[i] * initState[i] }
        if config.latentThroughTanh {
            dmu.zero(count: N * nz)
            Linear.backward(rows: N, inputs: nz, outputs: S, x: zInit.pointer, weight: wi.weight, dy: dInitState.pointer,
                            dWeight: dwi.weight, dBias: dwi.bias, dx: dmu.pointer)
            for i in 0..<(N * nz) { dz[i] += dmu[i] * (1 - zInit[i] * zInit[i]) }
        } else {
            Linear.backward(rows: N, inputs: nz, outputs: S, x: zInit.pointer, weight: wi.weight, dy: dInitState.pointer,
                            dWeight: dwi.weight, dBias: dwi.bias, dx: dz.pointer, accumulateInput: true)
        }
        // z = mu + exp(presig / 2) ε, and the KL term's own gradient when above its floor.
        let klScale = klWeight / Float(globalRows * nz)
        for i in 0..<(N * nz) {
            let sigma = expf(presig[i] / 2)
            dmu[i] = dz[i] + klScale * mu[i]
            dpresig[i] = dz[i] * 0.5 * sigma * eps[i] + klScale * 0.5 * (sigma * sigma - 1)
        }
        Linear.backward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer, weight: we.mu.weight, dy: dmu.pointer,
                        dWeight: dwe.mu.weight, dBias: dwe.mu.bias, dx: encoder.dLast.pointer)
        Linear.backward(rows: N, inputs: 2 * E, outputs: nz, x: encoder.last.pointer, weight: we.presig.weight,
                        dy: dpresig.pointer, dWeight: dwe.presig.weight, dBias: dwe.presig.bias, dx: encoder.dLast.pointer,
                        accumulateInput: true)
        encoder.backward(rows: N, x: strokes + N * 5, weights: we, gradients: dwe)
    }
}
