/// How large a Quick, Draw! drawing may be before it is taken for damage or an attack: a raw
/// drawing of the data set has a few thousand points and resamples to some ten thousand. One line
/// of 1 M zig-zag points once made `data convert` resample 2.1 GB; a drawing past a limit is now
/// refused as it is read, naming the number. `DrawingLimits.lifted` (`--huge-drawings`) lifts them.
package struct DrawingLimits: Sendable, Equatable {
    /// Points of one drawing, all strokes together, as stored.
    package var maxPoints: Int
    /// Points of a raw drawing once resampled at one unit of the 0–255 frame (its arc length there).
    package var maxResampledPoints: Int
    /// Bytes of one ndjson line, checked before it is parsed: `maxPoints` raw points with their
    /// times take some 3 MB, and parsing a 66 MB line only to refuse it took seconds.
    package var maxLineBytes: Int

    package init(maxPoints: Int = 100_000, maxResampledPoints: Int = 200_000, maxLineBytes: Int = 16 << 20) {
        self.maxPoints = maxPoints
        self.maxResampledPoints = maxResampledPoints
        self.maxLineBytes = maxLineBytes
    }

    package static let standard = DrawingLimits()
    package static let lifted = DrawingLimits(maxPoints: .max, maxResampledPoints: .max, maxLineBytes: .max)

    /// Throws when `drawing` is past a limit.
    package func check(_ drawing: QuickDrawDrawing, file: String, record: String) throws {
        let points = drawing.strokes.reduce(0) { $0 + $1.count }
        guard points <= maxPoints else {
            throw FormatError(file: file, record: record, problem:
                "the drawing has \(points) points, above the limit of \(maxPoints) (Quick, Draw! drawings have a few thousand; data convert --huge-drawings lifts it)")
        }
        guard drawing.isRaw, let box = BoundingBox(around: drawing.strokes.joined()) else { return }
        let extent = Double(max(box.width, box.height))
        guard extent > 0 else { return }
        // `QuickDraw.preprocessRaw` scales the larger side to 255 and resamples every unit.
        var length = 0.0
        for stroke in drawing.strokes where stroke.count > 1 {
            for i in 1..<stroke.count {
                let d = stroke[i] - stroke[i - 1]
                length += Double((d.x * d.x + d.y * d.y).squareRoot())
            }
        }
        let resampled = length * 255 / extent + Double(drawing.strokes.count)
        guard resampled <= Double(maxResampledPoints) else {
            throw FormatError(file: file, record: record, problem:
                "the raw drawing resamples to \(Int(resampled)) points, above the limit of \(maxResampledPoints) (data convert --huge-drawings lifts it)")
        }
    }
}
