/// The decoder's first input `S0` (docs/model.md §1): the row batches start with and models are fed first;
/// saved in model files.
package enum FirstInput: String, Codable, Sendable, CaseIterable {
    /// `(0, 0, 1, 0, 0)`, as TF trains.
    case penDown
    /// `(0, 0, 0, 0, 0)`, the sketch-rnn-js convention for Google's pretrained models.
    case zeros

    /// The stroke-5 row fed at step 0.
    package var row: [Float] { self == .penDown ? [0, 0, 1, 0, 0] : [0, 0, 0, 0, 0] }

    /// Writes the row fed at step 0 at `row` (5 floats).
    @inline(__always)
    package func write(to row: UnsafeMutablePointer<Float>) {
        row[0] = 0; row[1] = 0; row[2] = self == .penDown ? 1 : 0; row[3] = 0; row[4] = 0
    }
}

/// The three pen states of a stroke-5 row, in the order of its one-hot `(p1, p2, p3)` and of the
/// decoder's pen logits.
package enum PenState: Int, Sendable, Equatable {
    /// The pen stays down after the point: the stroke goes on.
    case down = 0
    /// The pen lifts after the point.
    case up = 1
    /// The drawing has ended (no point).
    case end = 2

    package init(lifted: Bool) { self = lifted ? .up : .down }
}

/// The one place a stroke-5 row `[dx, dy, p1, p2, p3]` is written (docs/model.md §1).
package enum Stroke5 {
    @inline(__always)
    package static func write(dx: Float, dy: Float, pen: PenState, to row: UnsafeMutablePointer<Float>) {
        row[0] = dx; row[1] = dy
        row[2] = pen == .down ? 1 : 0; row[3] = pen == .up ? 1 : 0; row[4] = pen == .end ? 1 : 0
    }
}

extension StrokePoint {
    /// Writes this point as the stroke-5 row the decoder reads (5 floats at `row`).
    @inline(__always)
    package func writeStroke5(to row: UnsafeMutablePointer<Float>) {
        Stroke5.write(dx: dx, dy: dy, pen: PenState(lifted: penLifted), to: row)
    }
}

extension Sketch {
    /// The end-of-sketch row that pads stroke-5 sequences.
    package static let endRow: [Float] = [0, 0, 0, 0, 1]

    /// Reads flattened stroke-5 rows back, stopping at the first row whose pen state is "ended".
    /// The pen state is the largest of p1, p2, p3 (so a model's soft output reads as its argmax).
    package init(stroke5 values: [Float]) {
        var points: [StrokePoint] = []
        let rows = values.count / 5
        points.reserveCapacity(rows)
        for r in 0..<rows {
            let p1 = values[r * 5 + 2], p2 = values[r * 5 + 3], p3 = values[r * 5 + 4]
            if p3 > p1 && p3 > p2 { break }
            points.append(StrokePoint(dx: values[r * 5], dy: values[r * 5 + 1], penLifted: p2 > p1))
        }
        self.init(points: points)
    }
}
