/// A mini-batch of padded stroke-5 sequences, laid out time-major so that each time step's inputs
/// for the whole batch are one contiguous `[batchSize, 5]` block (one matrix product per step).
///
/// Every batch the model reads is built here: the batcher's (through `init(batchSize:steps:nmax:
/// indices:write:)` and `Stroke5Rows`, with augmentation), the encoder's and the latent space's
/// (`init(sketches:steps:startToken:)`), and masked training's end rows (`extended(toSteps:)`).
package struct StrokeBatch: Sendable {
    /// Sketches in the batch.
    package var batchSize: Int
    /// Target steps held per sketch: Nmax in the paper's faithful mode, or the longest sketch of a
    /// length bucket in length-aware mode.
    package var steps: Int
    /// The Nmax that losses are divided by (docs/model.md §3), whatever `steps` is.
    package var nmax: Int
    /// stroke-5 rows, time-major: `[(steps + 1), batchSize, 5]`. Row `t = 0` holds the start token
    /// `S0` of every sketch; rows `1...steps` hold the targets, padded with `(0, 0, 0, 0, 1)`.
    package var strokes: [Float]
    /// Real points of each sketch (before padding), each `<= steps`.
    package var lengths: [Int]
    /// Position of each sketch in its split, for reproducibility and debugging.
    package var indices: [Int]

    package init(batchSize: Int, steps: Int, nmax: Int, strokes: [Float], lengths: [Int], indices: [Int]) {
        precondition(strokes.count == (steps + 1) * batchSize * 5, "stroke-5 storage does not match [steps+1, batch, 5]")
        precondition(lengths.count == batchSize && indices.count == batchSize)
        self.batchSize = batchSize
        self.steps = steps
        self.nmax = nmax
        self.strokes = strokes
        self.lengths = lengths
        self.indices = indices
    }

    /// Builds a batch in zeroed storage: `write` fills it through `Stroke5Rows` and returns each
    /// sketch's length (the rows it wrote after the start token).
    init(batchSize: Int, steps: Int, nmax: Int, indices: [Int], write: (Stroke5Rows) -> [Int]) {
        var strokes = [Float](repeating: 0, count: (steps + 1) * batchSize * 5)
        let lengths = strokes.withUnsafeMutableBufferPointer { write(Stroke5Rows(base: $0.baseAddress!, batchSize: batchSize)) }
        self.init(batchSize: batchSize, steps: steps, nmax: nmax, strokes: strokes, lengths: lengths, indices: indices)
    }

    /// `sketches` as they are (no augmentation), each cut to `steps` points and padded with end
    /// rows after its last point; `nmax` defaults to `steps`.
    package init(sketches: [Sketch], steps: Int, nmax: Int? = nil, startToken: FirstInput) {
        let start = startToken.row
        self.init(batchSize: sketches.count, steps: steps, nmax: nmax ?? steps, indices: Array(sketches.indices)) { rows in
            sketches.enumerated().map { b, sketch in
                rows.setStart(sketch: b, start)
                let n = min(sketch.count, steps)
                for t in 0..<n { rows.setPoint(step: t + 1, sketch: b, sketch.points[t]) }
                rows.setEnd(sketch: b, after: n, through: steps)
                return n
            }
        }
    }

    /// Offset of row `[t, b, 0]` in `strokes`.
    @inline(__always)
    package func offset(step t: Int, sketch b: Int) -> Int { (t * batchSize + b) * 5 }

    /// The same batch with end rows `(0, 0, 0, 0, 1)` appended up to `newSteps` steps.
    ///
    /// Length-aware training cuts batches to their longest sketch; a few end rows after it let the
    /// model learn what follows the end token (more end tokens), which the paper's `L_p` scores over
    /// all Nmax steps. Without them, the first input after an end row is never seen in training and
    /// the test `L_p` grows several-fold.
    package func extended(toSteps newSteps: Int) -> StrokeBatch {
        guard newSteps > steps else { return self }
        let old = strokes, oldSteps = steps
        return StrokeBatch(batchSize: batchSize, steps: newSteps, nmax: nmax, indices: indices) { rows in
            old.withUnsafeBufferPointer { rows.base.update(from: $0.baseAddress!, count: $0.count) }
            for b in 0..<batchSize { rows.setEnd(sketch: b, after: oldSteps, through: newSteps) }
            return lengths
        }
    }
}

/// Writes rows of time-major stroke-5 storage `[steps + 1, batchSize, 5]` (zeroed to begin with):
/// the one place that knows how a stroke-3 point, the start token and the end rows become stroke-5.
struct Stroke5Rows {
    let base: UnsafeMutablePointer<Float>
    let batchSize: Int

    @inline(__always)
    func row(_ t: Int, _ b: Int) -> UnsafeMutablePointer<Float> { base + (t * batchSize + b) * 5 }

    /// Row 0 of sketch `b`: the decoder's first input (`FirstInput.row`).
    func setStart(sketch b: Int, _ start: [Float]) {
        row(0, b).update(from: start, count: 5)
    }

    /// Row `t` of sketch `b`: `(dx, dy, 1 - pen, pen, 0)` with `pen` 1 where the pen lifts after the point.
    @inline(__always)
    func setPoint(step t: Int, sketch b: Int, dx: Float, dy: Float, pen: Float) {
        Stroke5.write(dx: dx, dy: dy, pen: PenState(lifted: pen == 1), to: row(t, b))
    }

    func setPoint(step t: Int, sketch b: Int, _ p: StrokePoint) {
        p.writeStroke5(to: row(t, b))
    }

    /// Adds an offset to row `t` of sketch `b` (a dropped point's offset joins the point kept before it).
    @inline(__always)
    func addOffset(step t: Int, sketch b: Int, dx: Float, dy: Float) {
        let r = row(t, b)
        r[0] += dx; r[1] += dy
    }

    /// End rows `(0, 0, 0, 0, 1)` for sketch `b` at steps `length + 1 ... steps`.
    @inline(__always)
    func setEnd(sketch b: Int, after length: Int, through steps: Int) {
        guard length < steps else { return }
        for t in (length + 1)...steps { row(t, b)[4] = 1 }
    }
}
