/// A mini-batch of padded stroke-5 sequences, laid out time-major so that each time step's inputs
/// for the whole batch are one contiguous `[batchSize, 5]` block (one matrix product per step).
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

    /// Offset of row `[t, b, 0]` in `strokes`.
    @inline(__always)
    package func offset(step t: Int, sketch b: Int) -> Int { (t * batchSize + b) * 5 }
}
