import SketchTestSupport
import Testing
@testable import SketchRNN

@Suite struct BatcherTests {
    /// Sketches of lengths 1...40, each stroke 6 points long.
    static let sketches: [Sketch] = (1...40).map { (n: Int) -> Sketch in
        let points = (0..<n).map { (i: Int) -> StrokePoint in
            StrokePoint(dx: Float(i + 1), dy: Float(n), penLifted: i % 6 == 5 || i == n - 1)
        }
        return Sketch(points: points)
    }

    @Test func randomBatchLayoutIsTimeMajorWithStartTokenAndPadding() throws {
        var batcher = try Batcher(sketches: Self.sketches, nmax: 40, options: BatcherOptions(batchSize: 8, scaleRange: 0), seed: 1)
        let batch = batcher.randomBatch()
        #expect(batch.batchSize == 8 && batch.steps == 40 && batch.nmax == 40)
        #expect(Set(batch.indices).count == 8)
        for b in 0..<8 {
            let sketch = Self.sketches[batch.indices[b]]
            #expect(batch.lengths[b] == sketch.count)
            #expect(Array(batch.strokes[batch.offset(step: 0, sketch: b)..<batch.offset(step: 0, sketch: b) + 5]) == [0, 0, 1, 0, 0])
            let rows = (1...40).flatMap { t in batch.strokes[batch.offset(step: t, sketch: b)..<batch.offset(step: t, sketch: b) + 5] }
            #expect(rows == sketch.stroke5(rows: 40))
        }
        var zeros = try Batcher(sketches: Self.sketches, nmax: 40, options: BatcherOptions(batchSize: 2, startToken: .zeros), seed: 1)
        #expect(zeros.randomBatch().strokes[0..<10].allSatisfy { $0 == 0 })
    }

    @Test func scaleAugmentationIsIndependentPerAxisWithinRange() throws {
        var batcher = try Batcher(sketches: Self.sketches, nmax: 40, options: BatcherOptions(batchSize: 40, scaleRange: 0.1), seed: 3)
        let batch = batcher.randomBatch()
        var ratios: [(Float, Float)] = []
        for b in 0..<40 {
            let sketch = Self.sketches[batch.indices[b]]
            let o = batch.offset(step: 1, sketch: b)
            let sx = batch.strokes[o] / sketch.points[0].dx, sy = batch.strokes[o + 1] / sketch.points[0].dy
            #expect((0.9...1.1).contains(sx) && (0.9...1.1).contains(sy))
            let last = batch.offset(step: sketch.count, sketch: b)
            #expect(abs(batch.strokes[last] / sketch.points[sketch.count - 1].dx - sx) < 1e-5)
            ratios.append((sx, sy))
        }
        #expect(ratios.contains { abs($0.0 - $0.1) > 0.01 })
        #expect(ratios.map(\.0).max()! - ratios.map(\.0).min()! > 0.1)
    }

    @Test func sameSeedSameBatchesAndSavedStateResumesExactly() throws {
        let options = BatcherOptions(batchSize: 6, scaleRange: 0.15, dropProbability: 0.1, bucketPoolBatches: 2)
        var a = try Batcher(sketches: Self.sketches, nmax: 40, options: options, seed: 42)
        var b = try Batcher(sketches: Self.sketches, nmax: 40, options: options, seed: 42)
        for _ in 0..<5 {
            #expect(a.randomBatch().strokes == b.randomBatch().strokes)
            #expect(a.bucketedBatch().strokes == b.bucketedBatch().strokes)
        }
        var other = try Batcher(sketches: Self.sketches, nmax: 40, options: options, seed: 43)
        #expect(other.randomBatch().strokes != a.randomBatch().strokes)

        // Save mid-epoch, run on past an epoch boundary, restore into a fresh batcher: same sequence.
        let saved = a.state
        let expected = (0..<20).map { _ in (a.bucketedBatch().strokes, a.randomBatch().strokes) }
        var resumed = try Batcher(sketches: Self.sketches, nmax: 40, options: options, seed: 999)
        resumed.state = saved
        for (bucketed, random) in expected {
            #expect(resumed.bucketedBatch().strokes == bucketed)
            #expect(resumed.randomBatch().strokes == random)
        }
        #expect(resumed.state == a.state && a.state.epoch > 0)
    }

    @Test func bucketedBatchesCoverAnEpochWithSimilarLengths() throws {
        var batcher = try Batcher(sketches: Self.sketches, nmax: 40, options: BatcherOptions(batchSize: 5, scaleRange: 0, bucketPoolBatches: 8), seed: 7)
        #expect(batcher.batchesPerEpoch == 8)
        var seen: [Int] = []
        for _ in 0..<8 {
            let batch = batcher.bucketedBatch()
            #expect(batch.steps == batch.lengths.max() && batch.nmax == 40)
            #expect(batch.lengths.max()! - batch.lengths.min()! == 4)  // one pool: consecutive lengths
            seen += batch.indices
        }
        #expect(seen.sorted() == Array(0..<40))
        _ = batcher.bucketedBatch()
        #expect(batcher.state.epoch == 1)
    }

    @Test func orderedBatchesKeepOrderAndTheLastPartialBatch() throws {
        let batcher = try Batcher(sketches: Self.sketches, nmax: 40, options: BatcherOptions(batchSize: 16, scaleRange: 0.15, dropProbability: 0.5), seed: 1)
        let batches = batcher.orderedBatches()
        #expect(batches.map(\.batchSize) == [16, 16, 8] && batcher.orderedBatchCount == 3)
        #expect(batcher.orderedBatch(2).strokes == batches[2].strokes)
        #expect(batches.flatMap(\.indices) == Array(0..<40))
        #expect(batches.flatMap(\.lengths) == Array(1...40))  // no augmentation
        let cut = batcher.orderedBatches(cutToLongest: true)
        #expect(cut.map(\.steps) == [16, 32, 40])
        let rows = (1...16).flatMap { t in cut[0].strokes[cut[0].offset(step: t, sketch: 15)..<cut[0].offset(step: t, sketch: 15) + 5] }
        #expect(rows == Self.sketches[15].stroke5(rows: 16))
    }

    /// TF's rule, written out directly from docs/model.md §1 as a reference.
    static func referenceDrop(_ points: [(Float, Float, Float)], uniforms: [Float], probability: Float) -> [(Float, Float, Float)] {
        var result: [(Float, Float, Float)] = []
        var previousPen: Float = 1
        var count = 0
        for (i, candidate) in points.enumerated() {
            count = (candidate.2 == 1 || previousPen == 1) ? 0 : count + 1
            if candidate.2 == 0 && previousPen == 0 && count > 2 && uniforms[i] < probability {
                result[result.count - 1].0 += candidate.0
                result[result.count - 1].1 += candidate.1
            } else {
                result.append(candidate)
                previousPen = candidate.2
            }
        }
        return result
    }

    @Test func pointDroppingFollowsTheTFRule() throws {
        let long = Sketch(points: (0..<30).map { StrokePoint(dx: Float($0), dy: 1, penLifted: $0 == 9 || $0 == 29) })
        let probability: Float = 0.6
        var batcher = try Batcher(sketches: [long], nmax: 30, options: BatcherOptions(batchSize: 1, scaleRange: 0, dropProbability: probability), seed: 5)
        for _ in 0..<20 {
            // Replay the generator: one index draw, one key for the batch, then row 0's own stream,
            // one uniform per point.
            var replay = batcher.state.generator
            _ = Int.random(in: 0..<1, using: &replay)
            var row = NoiseKey(replay.next()).child(0).generator()
            let uniforms = (0..<30).map { _ in row.nextUniform() }
            let expected = Self.referenceDrop(long.points.map { ($0.dx, $0.dy, $0.penLifted ? 1 : 0) }, uniforms: uniforms, probability: probability)
            let batch = batcher.randomBatch()
            #expect(batch.lengths[0] == expected.count)
            for (t, row) in expected.enumerated() {
                let o = batch.offset(step: t + 1, sketch: 0)
                #expect(batch.strokes[o] == row.0 && batch.strokes[o + 1] == row.1 && batch.strokes[o + 3] == row.2)
            }
            // The first three points of each stroke stay (the third may absorb dropped offsets), and
            // every stroke's last point; the offsets still sum to the same end point.
            let kept = Sketch(stroke5: Array(batch.strokes[5...]))
            #expect(kept.points.filter(\.penLifted).count == 2)
            #expect(Array(kept.points.prefix(2).map(\.dx)) == [0, 1] && kept.points[2].dx >= 2)
            let secondStroke = (kept.points.firstIndex { $0.penLifted } ?? 0) + 1
            #expect(kept.points[secondStroke].dx == 10 && kept.points[secondStroke + 1].dx == 11)
            #expect(kept.points.map(\.dx).reduce(0, +) == long.points.map(\.dx).reduce(0, +))
        }
    }

    /// Issue 23: point dropping merges points inside strokes only; no pen lift is ever made or lost,
    /// and every stroke still ends where it did (so strokes are neither split into dashes nor joined).
    @Test(arguments: [PenLossMode.full, .masked])
    func pointDroppingKeepsEveryPenLiftAndStrokeEnd(penLoss: PenLossMode) throws {
        let options = BatcherOptions(batchSize: 40, scaleRange: 0, dropProbability: 0.9)
        var batcher = try Batcher(sketches: Self.sketches, nmax: 40, options: options, seed: 9)
        for _ in 0..<10 {
            let batch = penLoss == .full ? batcher.randomBatch() : batcher.bucketedBatch()
            for b in 0..<batch.batchSize {
                let rows = (1...batch.lengths[b]).flatMap { t in batch.strokes[batch.offset(step: t, sketch: b)..<batch.offset(step: t, sketch: b) + 5] }
                let kept = Sketch(stroke5: Array(rows))
                let original = Self.sketches[batch.indices[b]]
                #expect(kept.points.filter(\.penLifted).count == original.points.filter(\.penLifted).count)
                #expect(kept.polylines.map { $0.last! } == original.polylines.map { $0.last! })
            }
        }
    }

    @Test func badOptionsAreErrors() {
        #expect(throws: DataSetError.self) { try Batcher(sketches: [], nmax: 10, seed: 1) }
        #expect(throws: DataSetError.self) { try Batcher(sketches: Self.sketches, nmax: 10, options: BatcherOptions(batchSize: 0), seed: 1) }
        #expect(throws: DataSetError.self) { try Batcher(sketches: Self.sketches, nmax: 10, options: BatcherOptions(scaleRange: 2), seed: 1) }
    }

    @Test(arguments: [PenLossMode.full, .masked])
    func sharesOfABatchAreItsRows(penLoss: PenLossMode) throws {
        // Distributed training: each rank builds its rows of the same global batch, augmented alike.
        let sketches = TrainingFixtures.sketches(count: 50, seed: 9, maxLength: 20)
        var options = BatcherOptions(batchSize: 6, scaleRange: 0.15, dropProbability: 0.3, bucketPoolBatches: 2)
        options.mode = penLoss
        var whole = try Batcher(sketches: sketches, nmax: 20, options: options, seed: 4)
        var shares = [whole, whole, whole]
        for _ in 0..<12 {
            let batch = whole.trainingBatch()
            let parts = (0..<3).map { shares[$0].trainingBatch(rows: (2 * $0)..<(2 * $0 + 2)) }
            for (r, part) in parts.enumerated() {
                #expect(part.steps == batch.steps && part.batchSize == 2)
                #expect(part.indices == Array(batch.indices[(2 * r)..<(2 * r + 2)]))
                #expect(part.lengths == Array(batch.lengths[(2 * r)..<(2 * r + 2)]))
                for t in 0...batch.steps {
                    for b in 0..<2 {
                        let o = part.offset(step: t, sketch: b), w = batch.offset(step: t, sketch: 2 * r + b)
                        #expect(Array(part.strokes[o..<(o + 5)]) == Array(batch.strokes[w..<(w + 5)]))
                    }
                }
            }
            #expect(shares.allSatisfy { $0.state == whole.state })
        }
    }
}
