extension Sketch {
    /// TF's limit on offsets, in raw data units, applied before normalising (docs/model.md §1).
    package static let offsetLimit: Float = 1000

    /// Offsets clipped to `[-limit, limit]`.
    package func clipped(to limit: Float = Sketch.offsetLimit) -> Sketch {
        Sketch(points: points.map {
            StrokePoint(dx: min(max($0.dx, -limit), limit), dy: min(max($0.dy, -limit), limit), penLifted: $0.penLifted)
        })
    }

    /// Offsets divided by the data set's scale factor (model units).
    package func normalized(by scaleFactor: Float) -> Sketch {
        scaled(x: 1 / scaleFactor, y: 1 / scaleFactor)
    }

    /// Offsets multiplied by the scale factor (back to data units).
    package func denormalized(by scaleFactor: Float) -> Sketch {
        scaled(x: scaleFactor, y: scaleFactor)
    }

    /// The normalising scale factor of a set of sketches: the standard deviation of all dx and dy
    /// values taken together, means not subtracted from the data (docs/model.md §1). 1 when there is no data.
    package static func scaleFactor<C: Collection>(of sketches: C) -> Float where C.Element == Sketch {
        var n = 0.0, sum = 0.0, sumSquares = 0.0
        for sketch in sketches {
            for p in sketch.points {
                let x = Double(p.dx), y = Double(p.dy)
                sum += x + y
                sumSquares += x * x + y * y
                n += 2
            }
        }
        guard n > 0 else { return 1 }
        let mean = sum / n
        let variance = max(sumSquares / n - mean * mean, 0)
        let deviation = Float(variance.squareRoot())
        return deviation > 0 ? deviation : 1
    }
}
