/// What a person sees in a set of drawings, beyond their lengths: how many strokes they
/// are drawn in, how many of those are dashes, how large they are, and how often their longest
/// stroke is an outline that closes on itself. A loss or an end rate alone once hid that a model's
/// sheep were hatched with dashes and shrank at low τ; these figures show it, for the model's
/// drawings and the data's side by side.
package struct DrawingFigures: Equatable, Sendable, Codable {
    package var count: Int
    /// Pen-down strokes per drawing (mean).
    package var strokes: Double
    /// Strokes per drawing (mean) whose path is shorter than `dashFraction` of the drawing's larger side.
    package var dashes: Double
    /// Median of the drawings' larger sides, in the units the figures were made with times `unit`.
    package var medianSize: Double
    /// Share of the drawings whose longest stroke closes on itself (see `closes`).
    package var closedShare: Double

    /// A stroke shorter than this share of its drawing's larger side is a dash.
    package static let dashFraction: Float = 0.05
    /// A stroke closes when the gap between its ends is at most this share of the drawing's larger
    /// side and of its own path length: an outline drawn round, not a short tick.
    package static let closingFraction: Float = 0.1

    /// - Parameter unit: what one unit of the sketches' offsets is worth in the reported size (the
    ///   model's scale factor for sketches in model units, so that sizes are in data pixels).
    package init(sketches: [Sketch], unit: Float = 1) {
        count = sketches.count
        var strokeTotal = 0, dashTotal = 0, closed = 0
        var sizes: [Float] = []
        for sketch in sketches {
            let shape = Shape(sketch)
            strokeTotal += shape.strokes
            dashTotal += shape.dashes
            if shape.longestCloses { closed += 1 }
            sizes.append(shape.size * unit)
        }
        let n = Double(max(count, 1))
        strokes = Double(strokeTotal) / n
        dashes = Double(dashTotal) / n
        closedShare = Double(closed) / n
        sizes.sort()
        medianSize = sizes.isEmpty ? .nan
            : Double(sizes.count % 2 == 1 ? sizes[sizes.count / 2] : (sizes[sizes.count / 2 - 1] + sizes[sizes.count / 2]) / 2)
    }

    /// One drawing's strokes, dashes, larger side and whether its longest stroke closes.
    package struct Shape: Equatable, Sendable {
        package var strokes = 0
        package var dashes = 0
        package var size: Float = 0
        package var longestCloses = false

        package init(_ sketch: Sketch) {
            let lines = sketch.polylines.filter { !$0.isEmpty }
            strokes = lines.count
            guard let box = BoundingBox(around: lines.joined()) else { return }
            size = max(box.width, box.height)
            var longest: Float = -1
            var longestGap: Float = 0
            for line in lines {
                var length: Float = 0
                for i in line.indices.dropFirst() {
                    let d = line[i] - line[i - 1]
                    length += (d.x * d.x + d.y * d.y).squareRoot()
                }
                if length < Self.dash(size) { dashes += 1 }
                if length > longest {
                    longest = length
                    let gap = line[line.count - 1] - line[0]
                    longestGap = (gap.x * gap.x + gap.y * gap.y).squareRoot()
                }
            }
            let fraction = DrawingFigures.closingFraction
            longestCloses = longest > 0 && longestGap <= fraction * size && longestGap <= fraction * longest
        }

        static func dash(_ size: Float) -> Float { DrawingFigures.dashFraction * size }
    }
}
