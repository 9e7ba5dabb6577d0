/// Builds padded stroke-5 batches (`StrokeBatch`) from one split: random mini-batches with
/// augmentation as TF trains, length-bucketed batches, and in-order batches for evaluation.
/// Everything random comes from `state`, so a saved state resumes the exact sequence.
package struct Batcher: Sendable {
    package let nmax: Int
    package let options: BatcherOptions
    package var state: BatcherState {
        didSet { if state.epochSeed != oldValue.epochSeed { plan = Self.plan(seed: state.epochSeed, lengths: lengths, options: options) } }
    }

    /// All sketches' `(dx, dy, p)` values back to back, so batching reads one flat buffer.
    private let values: [Float]
    private let starts: [Int]
    /// Points per sketch.
    package let lengths: [Int]
    /// Index swaps of the partial shuffle, undone after each random batch so the scratch order
    /// never becomes state.
    private var scratch: [Int]
    private var plan: [[Int]]

    package var count: Int { lengths.count }

    /// `sketches` longer than `nmax` are cut to `nmax` (a data set has already filtered them).
    package init(sketches: [Sketch], nmax: Int, options: BatcherOptions = BatcherOptions(), seed: UInt64) throws {
        guard !sketches.isEmpty else { throw DataSetError("cannot batch an empty split") }
        guard options.batchSize >= 1 else { throw DataSetError("batch size must be at least 1, not \(options.batchSize)") }
        guard nmax >= 1 else { throw DataSetError("Nmax must be at least 1, not \(nmax)") }
        guard options.scaleRange >= 0, options.scaleRange < 1 else { throw DataSetError("scale augmentation range must be in [0, 1), not \(options.scaleRange)") }
        guard (0...1).contains(options.dropProbability) else { throw DataSetError("point-drop probability must be in [0, 1], not \(options.dropProbability)") }
        self.nmax = nmax
        self.options = options
        var values: [Float] = []
        var starts: [Int] = []
        var lengths: [Int] = []
        for sketch in sketches {
            starts.append(values.count / 3)
            let n = min(sketch.count, nmax)
            lengths.append(n)
            for p in sketch.points.prefix(n) {
                values.append(p.dx)
                values.append(p.dy)
                values.append(p.penLifted ? 1 : 0)
            }
        }
        self.values = values
        self.starts = starts
        self.lengths = lengths
        self.scratch = Array(0..<sketches.count)
        var generator = SeededGenerator(seed: seed)
        let epochSeed = generator.next()
        self.state = BatcherState(generator: generator, epochSeed: epochSeed, cursor: 0, epoch: 0)
        self.plan = Self.plan(seed: epochSeed, lengths: lengths, options: options)
    }

    /// A batcher over one split of a data set, padded to the set's Nmax.
    package init(dataSet: SketchDataSet, split: Split, options: BatcherOptions = BatcherOptions(), seed: UInt64) throws {
        try self.init(sketches: dataSet.sketches(split), nmax: dataSet.nmax, options: options, seed: seed)
    }

    // MARK: training batches

    /// A random mini-batch of distinct sketches (TF's `random_batch`), padded to Nmax, augmented.
    /// `rows` picks a rank's share of it (docs/distributed.md): the same rows of the same batch
    /// whatever the share.
    package mutating func randomBatch(rows: Range<Int>? = nil) -> StrokeBatch {
        let indices = drawIndices()
        return makeBatch(indices: indices, rows: rows, steps: nmax)
    }

    /// The next batch of the current epoch's bucket plan: sketches of similar length, `steps` cut
    /// to the batch's longest sketch (`nmax` unchanged for the loss), augmented.
    package mutating func bucketedBatch(rows: Range<Int>? = nil) -> StrokeBatch {
        if state.cursor >= plan.count {
            var next = state
            next.epochSeed = next.generator.next()
            next.cursor = 0
            next.epoch += 1
            state = next
        }
        let indices = plan[state.cursor]
        state.cursor += 1
        let longest = indices.map { lengths[$0] }.max() ?? 1
        return makeBatch(indices: indices, rows: rows, steps: max(longest, 1))
    }

    /// The next training batch as `options.mode` asks: a random batch padded to Nmax (`.full`), or
    /// a length bucket cut to its longest sketch plus `endRows` end rows (`.masked`). `rows` picks a
    /// rank's share, cut at the whole batch's length.
    package mutating func trainingBatch(rows: Range<Int>? = nil) -> StrokeBatch {
        guard options.mode == .masked else { return randomBatch(rows: rows) }
        let batch = bucketedBatch(rows: rows)
        return batch.extended(toSteps: min(batch.steps + options.endRows, nmax))
    }

    /// Bucketed batches per epoch.
    package var batchesPerEpoch: Int { plan.count }

    // MARK: evaluation batches

    /// The split in order, in batches of `batchSize` (the last may be smaller), without
    /// augmentation. `cutToLongest` cuts each batch's steps to its longest sketch. For a large
    /// split, `orderedBatch(_:)` builds one at a time instead of holding them all.
    package func orderedBatches(cutToLongest: Bool = false) -> [StrokeBatch] {
        (0..<orderedBatchCount).map { orderedBatch($0, cutToLongest: cutToLongest) }
    }

    /// In-order batches over the split, the last partial one included.
    package var orderedBatchCount: Int { (count + options.batchSize - 1) / options.batchSize }

    /// In-order batch `number` (0-based), as `orderedBatches` holds it.
    package func orderedBatch(_ number: Int, cutToLongest: Bool = false) -> StrokeBatch {
        let start = min(max(number, 0) * options.batchSize, count)
        let indices = Array(start..<min(start + options.batchSize, count))
        let steps = cutToLongest ? max(indices.map { lengths[$0] }.max() ?? 1, 1) : nmax
        return fill(indices: indices, firstRow: 0, steps: steps, augmentation: nil)
    }

    // MARK: building

    private mutating func drawIndices() -> [Int] {
        let n = count, b = options.batchSize
        var generator = state.generator
        defer { state.generator = generator }
        if b > n {  // too few sketches for distinct picks: draw with replacement
            return (0..<b).map { _ in Int.random(in: 0..<n, using: &generator) }
        }
        var swaps: [(Int, Int)] = []
        swaps.reserveCapacity(b)
        for i in 0..<b {
            let j = Int.random(in: i..<n, using: &generator)
            scratch.swapAt(i, j)
            swaps.append((i, j))
        }
        let picked = Array(scratch[0..<b])
        for (i, j) in swaps.reversed() { scratch.swapAt(i, j) }
        return picked
    }

    /// Rows `rows` (all when nil) of the batch of `indices`, augmented. Each sketch's augmentation
    /// draws from a stream of its own, keyed by the batch and its row, so a row is augmented alike
    /// whichever rank builds it; the batcher's generator advances by one draw per batch.
    private mutating func makeBatch(indices: [Int], rows: Range<Int>?, steps: Int) -> StrokeBatch {
        let key = NoiseKey(state.generator.next())
        let rows = rows ?? indices.indices
        return fill(indices: Array(indices[rows]), firstRow: rows.lowerBound, steps: steps, augmentation: key)
    }

    /// `indices` are rows `firstRow...` of their batch; `augmentation` keys their augmentation (none when nil).
    private func fill(indices: [Int], firstRow: Int, steps: Int, augmentation: NoiseKey?) -> StrokeBatch {
        let start = options.startToken.row
        let range = augmentation == nil ? 0 : options.scaleRange
        let dropProbability = augmentation == nil ? 0 : options.dropProbability
        return StrokeBatch(batchSize: indices.count, steps: steps, nmax: nmax, indices: indices) { out in
            values.withUnsafeBufferPointer { source in
                indices.indices.map { b in
                    out.setStart(sketch: b, start)
                    let index = indices[b]
                    let n = min(lengths[index], steps)
                    var generator = (augmentation ?? NoiseKey(0)).child(firstRow + b).generator()
                    var sx: Float = 1, sy: Float = 1
                    if range > 0 {
                        sx = 1 + range * (2 * generator.nextUniform() - 1)
                        sy = 1 + range * (2 * generator.nextUniform() - 1)
                    }
                    var rows = 0
                    var lastPen: Float = 1  // TF starts from a virtual pen-up point
                    var counter = 0
                    var p = starts[index] * 3
                    for _ in 0..<n {
                        let dx = source[p] * sx, dy = source[p + 1] * sy, pen = source[p + 2]
                        p += 3
                        if dropProbability > 0 {
                            // docs/model.md §1: the counter resets at pen-ups and counts every point,
                            // dropped ones too; a point may go only inside a stroke, past its third point.
                            counter = (pen == 1 || lastPen == 1) ? 0 : counter + 1
                            let u = generator.nextUniform()
                            if pen == 0 && lastPen == 0 && counter > 2 && u < dropProbability {
                                out.addOffset(step: rows, sketch: b, dx: dx, dy: dy)  // row `rows` holds the last kept point
                                continue
                            }
                        }
                        rows += 1
                        out.setPoint(step: rows, sketch: b, dx: dx, dy: dy, pen: pen)
                        lastPen = pen
                    }
                    out.setEnd(sketch: b, after: rows, through: steps)
                    return rows
                }
            }
        }
    }

    /// One epoch of length buckets: shuffle, sort each pool of `bucketPoolBatches` batches by
    /// length, cut into batches, shuffle the batches. A remainder smaller than a batch waits for a
    /// later epoch.
    static func plan(seed: UInt64, lengths: [Int], options: BatcherOptions) -> [[Int]] {
        var generator = SeededGenerator(seed: seed)
        let b = options.batchSize
        var order = Array(lengths.indices).shuffled(using: &generator)
        while order.count < b { order += Array(lengths.indices).shuffled(using: &generator) }
        let pool = b * max(options.bucketPoolBatches, 1)
        var batches: [[Int]] = []
        for poolStart in stride(from: 0, to: order.count - b + 1, by: pool) {
            let members = order[poolStart..<min(poolStart + pool, order.count)]
                .enumerated().sorted { (lengths[$0.element], $0.offset) < (lengths[$1.element], $1.offset) }.map(\.element)
            for batchStart in stride(from: 0, through: members.count - b, by: b) {
                batches.append(Array(members[batchStart..<(batchStart + b)]))
            }
        }
        batches.shuffle(using: &generator)
        return batches
    }
}
