#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The decoder run one step at a time for a batch of independent streams: the engine of sampling,
/// completion and the app.
///
/// Usage: `start(rows:latent:)` sets every stream's initial state (`tanh(W_z z + b_z)` for a VAE,
/// zeros for a decoder-only model); each `step(_:)` feeds one stroke-5 row per stream (`[rows, 5]`;
/// the model's first input is `config.firstInput.row`) and leaves the raw output parameters of every
/// stream in `outputs` (`[rows, 6M + 3]`, laid out as `outputLayout` says: pen logits, pi logits,
/// mu_x, mu_y, log sigma_x, log sigma_y, raw rho). `replicate(row:count:)` copies one stream's state
/// (and z) to streams `0..<count`, e.g. to sample many endings from one prefix. One matrix product
/// per step serves all streams (a matrix-vector product for one stream); nothing is allocated per step.
package final class DecoderStepper {
    package let config: ModelConfig
    package let capacity: Int
    /// Streams currently running.
    package private(set) var rows = 0
    package let outputLayout: OutputLayout

    private let parameters: Parameters
    private let cell: DecoderCell
    private let state: FloatBuffer
    private let latent: FloatBuffer
    private let output: FloatBuffer
    private var latentProjectionValid = false
    private let tensors: ModelTensors<Int>

    /// - Throws: `ParameterError` when `parameters` do not have the layout `config` implies.
    package init(parameters: Parameters, config: ModelConfig, capacity: Int) throws {
        try config.validate()
        let layout = ParameterLayout(config: config)
        guard parameters.layout == layout else {
            throw ParameterError.shapeMismatch(name: "(whole model)", expected: [layout.totalCount],
                                               got: [parameters.layout.totalCount])
        }
        self.config = config
        self.capacity = max(1, capacity)
        self.parameters = parameters
        outputLayout = OutputLayout(mixtures: config.mixtures)
        cell = makeDecoderCell(config: config, maxRows: self.capacity, maxSteps: 1, dropout: false)
        state = FloatBuffer(count: self.capacity * cell.stateSize)
        latent = FloatBuffer(count: config.isVAE ? self.capacity * config.latentSize : 0)
        output = FloatBuffer(count: self.capacity * config.outputSize)
        let tensors = ModelTensors(config: config)
        self.tensors = tensors
        parameters.values.withUnsafeBufferPointer { p in cell.freezeWeights(tensors.decoder.map { p.baseAddress! + $0 }) }
    }

    /// Floats in one stream's state (`[c; h]` for the LSTM, `[h; c]` for LayerNorm LSTM,
    /// `[h, h_hyper, c, c_hyper]` for HyperLSTM).
    package var stateSize: Int { cell.stateSize }

    /// Starts `rows` streams. A VAE needs `latent` (`[rows, nz]`); a decoder-only model ignores it.
    package func start(rows: Int, latent z: [Float]? = nil) {
        precondition(rows >= 1 && rows <= capacity, "rows \(rows) outside 1...\(capacity)")
        self.rows = rows
        latentProjectionValid = false
        guard config.isVAE, let initialState = tensors.initialState else {
            state.zero(count: rows * cell.stateSize)
            return
        }
        let nz = config.latentSize
        precondition(z?.count == rows * nz, "a VAE needs z of size rows × \(nz)")
        z?.withUnsafeBufferPointer { latent.pointer.update(from: $0.baseAddress!, count: rows * nz) }
        setInitialStates(rows: 0..<rows, initialState: initialState)
    }

    /// Starts stream `r` again from its beginning while the others go on; a VAE's stream takes the
    /// new `latent` z (`nz` values), or keeps its own when it is nil.
    package func restart(row r: Int, latent z: [Float]? = nil) {
        precondition(r < rows, "row \(r) is not running")
        guard config.isVAE, let initialState = tensors.initialState else {
            (state.pointer + r * cell.stateSize).update(repeating: 0, count: cell.stateSize)
            return
        }
        if let z {
            let nz = config.latentSize
            precondition(z.count == nz, "a VAE's z has \(nz) values")
            z.withUnsafeBufferPointer { (latent.pointer + r * nz).update(from: $0.baseAddress!, count: nz) }
            latentProjectionValid = false
        }
        setInitialStates(rows: r..<(r + 1), initialState: initialState)
    }

    /// The state a VAE's streams start from: tanh(W z + b) of each stream's z.
    private func setInitialStates(rows range: Range<Int>, initialState: LinearTensors<Int>) {
        let nz = config.latentSize, s = cell.stateSize
        // Old sketch-rnn-js models squash z before the initial-state layer (only there).
        var squashed = latent.array(count: range.count * nz, from: range.lowerBound * nz)
        if config.latentThroughTanh { for i in squashed.indices { squashed[i] = tanhf(squashed[i]) } }
        parameters.values.withUnsafeBufferPointer { p in
            squashed.withUnsafeBufferPointer { zp in
                let w = initialState.map { p.baseAddress! + $0 }
                Linear.forward(rows: range.count, inputs: nz, outputs: s, x: zp.baseAddress!,
                               weight: w.weight, bias: w.bias, y: state.pointer + range.lowerBound * s)
            }
        }
        for i in (range.lowerBound * s)..<(range.upperBound * s) { state[i] = tanhf(state[i]) }
    }

    /// Advances every stream by one step; `inputs` holds `[rows, 5]` stroke-5 rows.
    package func step(inputs: UnsafePointer<Float>) {
        precondition(rows > 0, "start() the streams first")
        parameters.values.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            cell.forward(steps: 1, rows: rows, x: inputs, z: config.isVAE ? UnsafePointer(latent.pointer) : nil,
                         reuseLatentProjection: latentProjectionValid, initialState: state.pointer,
                         weights: tensors.decoder.map { p + $0 }, dropoutKeep: nil, dropout: nil)
            latentProjectionValid = true
            cell.state(afterStep: 1, rows: rows, into: state.pointer)
            Linear.forward(rows: rows, inputs: cell.units, outputs: config.outputSize, x: cell.outputs(rows: rows),
                           weight: p + tensors.output.weight, bias: tensors.output.bias.map { p + $0 }, y: output.pointer)
        }
    }

    /// Starts one stream and reads the start of a drawing (`config.firstInput`): its output is
    /// then the distribution of the drawing's first point.
    package func startDrawing(latent z: [Float]? = nil) {
        start(rows: 1, latent: z)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 5) { row in
            config.firstInput.write(to: row.baseAddress!)
            step(inputs: row.baseAddress!)
        }
    }

    /// The one loop that reads a drawing into a single stream (points in model units, each fed as
    /// its stroke-5 row): `afterPoint(i)` runs once point `i` is read. Stops early, returning
    /// false, once `isCancelled()` is true (checked before every point).
    @discardableResult
    package func read<C: Collection<StrokePoint>>(_ points: C, isCancelled: () -> Bool = { false },
                                                  afterPoint: (Int) -> Void = { _ in }) -> Bool {
        precondition(rows == 1, "a drawing is read into one stream")
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: 5) { row in
            for (i, point) in points.enumerated() {
                if isCancelled() { return false }
                point.writeStroke5(to: row.baseAddress!)
                step(inputs: row.baseAddress!)
                afterPoint(i)
            }
            return true
        }
    }

    /// Makes stream 0 the only stream, in `state` with latent vector `z` (a VAE's) and last output
    /// `output`: a caller's saved decoder state, taken up again.
    package func load(state values: [Float], latent z: [Float]?, output last: [Float]) {
        precondition(values.count == cell.stateSize && last.count == config.outputSize)
        rows = 1
        values.withUnsafeBufferPointer { state.pointer.update(from: $0.baseAddress!, count: values.count) }
        last.withUnsafeBufferPointer { output.pointer.update(from: $0.baseAddress!, count: last.count) }
        if config.isVAE, let z {
            precondition(z.count == config.latentSize)
            // The latent projection is kept while the same z comes back, as in a caller's loop.
            let same = latentProjectionValid && z.withUnsafeBufferPointer { zb in
                (0..<zb.count).allSatisfy { latent.pointer[$0] == zb[$0] }
            }
            if !same {
                z.withUnsafeBufferPointer { latent.pointer.update(from: $0.baseAddress!, count: z.count) }
                latentProjectionValid = false
            }
        }
    }

    /// Copies stream 0's state and last output into `values` and `last` (sized as `load` takes
    /// them), allocating nothing when they are.
    package func save(state values: inout [Float], output last: inout [Float]) {
        let s = cell.stateSize, o = config.outputSize
        if values.count != s { values = [Float](repeating: 0, count: s) }
        if last.count != o { last = [Float](repeating: 0, count: o) }
        values.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: state.pointer, count: s) }
        last.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: output.pointer, count: o) }
    }

    package func step(_ inputs: [Float]) {
        precondition(inputs.count == rows * 5, "step needs rows × 5 inputs")
        inputs.withUnsafeBufferPointer { step(inputs: $0.baseAddress!) }
    }

    /// Raw output parameters of the last step, `[rows, 6M + 3]`; valid until the next call.
    package var outputs: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: output.pointer, count: rows * config.outputSize)
    }

    /// A copy of one stream's raw outputs.
    package func output(row r: Int) -> [Float] {
        output.array(count: config.outputSize, from: r * config.outputSize)
    }

    /// Copies stream `row`'s state and z to streams `0..<count` (which become the running streams).
    package func replicate(row: Int, count: Int) {
        precondition(row < rows && count >= 1 && count <= capacity)
        let s = cell.stateSize
        for r in 0..<count where r != row { (state.pointer + r * s).update(from: state.pointer + row * s, count: s) }
        if config.isVAE {
            let nz = config.latentSize
            for r in 0..<count where r != row {
                (latent.pointer + r * nz).update(from: latent.pointer + row * nz, count: nz)
            }
        }
        rows = count
        latentProjectionValid = false
    }

    /// One stream's whole state vector (layout as `stateSize` says).
    package func state(row r: Int) -> [Float] { state.array(count: cell.stateSize, from: r * cell.stateSize) }

    /// Overwrites one stream's state vector.
    package func setState(row r: Int, _ values: [Float]) {
        precondition(r < rows && values.count == cell.stateSize)
        values.withUnsafeBufferPointer { (state.pointer + r * cell.stateSize).update(from: $0.baseAddress!, count: values.count) }
    }
}
