/// The decoder's first input `S0` (docs/model.md §1): the row batches start with and models are fed first;
/// saved in model files.
package enum FirstInput: String, Codable, Sendable, CaseIterable {
    /// `(0, 0, 1, 0, 0)`, as TF trains.
    case penDown
    /// `(0, 0, 0, 0, 0)`, the sketch-rnn-js convention for Google's pretrained models.
    case zeros

    /// The stroke-5 row fed at step 0.
    package var row: [Float] { self == .penDown ? [0, 0, 1, 0, 0] : [0, 0, 0, 0, 0] }
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
