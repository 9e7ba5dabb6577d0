/// The VAE's bidirectional LSTM encoder over a batch of sketches of different lengths (docs/model.md §2):
/// the forward LSTM reads each sketch's real points in order, the backward LSTM reads them reversed,
/// and the output per sketch is `[h_fw_last; h_bw_last]`, each taken at the sketch's own last point.
///
/// Both directions run over the batch's longest sketch; rows past their own length compute values
/// that nothing reads, so they get no gradient and need no mask.
final class BiLSTMEncoder {
    let units: Int
    let maxRows: Int
    let maxSteps: Int
    /// The LSTM reading each sketch in order, and the one reading it reversed.
    let forwardDirection: LSTMSequence
    let backwardDirection: LSTMSequence
    /// `[rows, 2E]`: the encoder's output, and (filled by the caller) its gradient.
    let last: FloatBuffer
    let dLast: FloatBuffer
    private let reversed: FloatBuffer
    private var lengths: [Int]

    /// The buffers' sizes in floats (the directions': `LSTMSequence.Sizes`), as `LSTMActivations.Sizes`.
    struct Sizes<N: Numeric> {
        let direction: LSTMSequence.Sizes<N>
        let last, dLast, reversed: N

        init(units: N, maxRows: N, maxSteps: N, dropout: Bool) {
            direction = .init(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, layerNorm: false)
            last = maxRows * 2 * units
            dLast = maxRows * 2 * units
            reversed = maxRows * maxSteps * 5
        }

        var bytes: N { 2 * direction.bytes + 4 * (last + dLast + reversed) }
    }

    init(units: Int, maxRows: Int, maxSteps: Int, dropout: Bool, precision: ProductPrecision = .fp32) {
        self.units = units
        self.maxRows = maxRows
        self.maxSteps = maxSteps
        let size = Sizes(units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
        forwardDirection = LSTMSequence(inputSize: 5, units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, precision: precision)
        backwardDirection = LSTMSequence(inputSize: 5, units: units, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, precision: precision)
        last = FloatBuffer(count: size.last)
        dLast = FloatBuffer(count: size.dLast)
        reversed = FloatBuffer(count: size.reversed)
        lengths = [Int](repeating: 0, count: maxRows)
    }

    /// Steps the last call ran (its longest sketch).
    private(set) var steps = 0

    /// Encodes `rows` sketches given as time-major stroke-5 points `x [steps, rows, 5]` (real points
    /// first, padding after), with `lengths[r]` real points each.
    func forward(
        rows: Int, x: UnsafePointer<Float>, lengths: UnsafePointer<Int>, weights w: EncoderWeights,
        dropoutKeep: Float?, dropout: DropoutKey?
    ) {
        var longest = 0
        for r in 0..<rows {
            self.lengths[r] = min(max(lengths[r], 0), maxSteps)
            longest = max(longest, self.lengths[r])
        }
        steps = max(longest, 1)
        let T = steps, E = units
        // Each sketch's points in reverse order, zeros after its length.
        reversed.zero(count: T * rows * 5)
        for r in 0..<rows {
            let L = self.lengths[r]
            for t in 0..<L { (reversed.pointer + (t * rows + r) * 5).update(from: x + ((L - 1 - t) * rows + r) * 5, count: 5) }
        }
        // The directions are the pass's layers 1 and 2, whichever runs first.
        let forwardKey = dropout?.layer(1), backwardKey = dropout?.layer(2)
        let reversed = UnsafePointer(self.reversed.pointer)
        Self.bothDirections {
            forwardDirection.forward(steps: T, rows: rows, x: x, wxh: w.forward.wxh, whh: w.forward.whh,
                                     bias: w.forward.bias, rowBias: nil, initialH: nil, initialC: nil,
                                     dropoutKeep: dropoutKeep, dropout: forwardKey)
        } _: {
            backwardDirection.forward(steps: T, rows: rows, x: reversed, wxh: w.backward.wxh, whh: w.backward.whh,
                                      bias: w.backward.bias, rowBias: nil, initialH: nil, initialC: nil,
                                      dropoutKeep: dropoutKeep, dropout: backwardKey)
        }
        for r in 0..<rows {
            let L = self.lengths[r]
            (last.pointer + r * 2 * E).update(from: forwardDirection.h(L, rows: rows) + r * E, count: E)
            (last.pointer + r * 2 * E + E).update(from: backwardDirection.h(L, rows: rows) + r * E, count: E)
        }
    }

    /// Backpropagates `dLast` into the encoder's weight gradients.
    func backward(rows: Int, x: UnsafePointer<Float>, weights w: EncoderWeights, gradients dw: EncoderGradients) {
        let T = steps, E = units
        for (sequence, half) in [(forwardDirection, 0), (backwardDirection, 1)] {
            sequence.dOutputs.zero(count: T * rows * E)
            for r in 0..<rows where lengths[r] > 0 {
                (sequence.dOutputs.pointer + ((lengths[r] - 1) * rows + r) * E)
                    .update(from: dLast.pointer + r * 2 * E + half * E, count: E)
            }
        }
        let reversed = UnsafePointer(self.reversed.pointer)
        Self.bothDirections {
            forwardDirection.backward(steps: T, rows: rows, x: x, wxh: w.forward.wxh, whh: w.forward.whh,
                                      dWxh: dw.forward.wxh, dWhh: dw.forward.whh, dBias: dw.forward.bias,
                                      dRowBias: nil, dx: nil, dh0: nil, dc0: nil)
        } _: {
            backwardDirection.backward(steps: T, rows: rows, x: reversed, wxh: w.backward.wxh, whh: w.backward.whh,
                                       dWxh: dw.backward.wxh, dWhh: dw.backward.whh, dBias: dw.backward.bias,
                                       dRowBias: nil, dx: nil, dh0: nil, dc0: nil)
        }
    }

    /// Runs the two directions, which share nothing they write: side by side, each on one core, when
    /// there are two (no hand-off at every step, and each core keeps one direction's weights in its
    /// cache); otherwise one after the other with all cores. Results are the same bits either way.
    private static func bothDirections(_ first: () -> Void, _ second: () -> Void) {
        let workers = Parallel.workers
        guard workers > 1 else {
            first()
            second()
            return
        }
        Parallel.forEachChunk(2, minimumPerWorker: 1) { range in
            for direction in range {
                Parallel.withWorkers(max(1, workers / 2)) { direction == 0 ? first() : second() }
            }
        }
    }
}
