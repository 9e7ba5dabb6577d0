/// A stroke as absolute points, drawn as one connected line.
public typealias Polyline = [SIMD2<Float>]

extension Sketch {
    /// The sketch as absolute polylines, one per stroke. The pen starts at the origin; the first
    /// offset moves it to the first point. A last stroke without a pen lift is kept.
    public var polylines: [Polyline] {
        var lines: [Polyline] = []
        var current: Polyline = []
        var position = SIMD2<Float>(0, 0)
        for point in points {
            position += SIMD2(point.dx, point.dy)
            current.append(position)
            if point.penLifted {
                lines.append(current)
                current = []
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Builds stroke-3 from absolute polylines: each point is an offset from the previous one
    /// (the first from the origin), and the pen lifts after each polyline's last point.
    /// Empty polylines are skipped.
    public init(polylines: [Polyline]) {
        var points: [StrokePoint] = []
        var previous = SIMD2<Float>(0, 0)
        for line in polylines where !line.isEmpty {
            for (i, p) in line.enumerated() {
                let d = p - previous
                points.append(StrokePoint(dx: d.x, dy: d.y, penLifted: i == line.count - 1))
                previous = p
            }
        }
        self.init(points: points)
    }
}
