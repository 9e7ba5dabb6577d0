/// A stroke as absolute points, drawn as one connected line.
public typealias Polyline = [SIMD2<Float>]

extension Sketch {
    /// The sketch as absolute polylines, one per stroke. The pen starts at the origin; the first
    /// offset moves it to the first point. A last stroke without a pen lift is kept.
    public var polylines: [Polyline] {
        Sketch.polylines(of: points, from: .zero, connected: false)
    }

    /// The absolute polylines of stroke-3 `points` that continue from `start`; when `connected`,
    /// the first point joins the stroke that ends at `start` (the pen was still down there), as a
    /// model's ending continues the user's unfinished stroke.
    package static func polylines(of points: [StrokePoint], from start: SIMD2<Float>, connected: Bool) -> [Polyline] {
        var lines: [Polyline] = []
        var current: Polyline = connected ? [start] : []
        var position = start
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
    ///
    /// With `omitFirstPoint`, the drawing's first point becomes the origin and is not stored, as
    /// magenta's `lines_to_strokes` made the sketch-rnn data sets: the first row is the offset from
    /// the first point to the second, so sketches carry no absolute position. Leading one-point
    /// strokes are dropped first (their pen lift would otherwise be lost with them).
    public init(polylines: [Polyline], omitFirstPoint: Bool = false) {
        var lines = polylines.filter { !$0.isEmpty }
        var previous = SIMD2<Float>(0, 0)
        if omitFirstPoint, let start = lines.firstIndex(where: { $0.count > 1 }) {
            lines.removeFirst(start)
            previous = lines[0].removeFirst()
        }
        var points: [StrokePoint] = []
        for line in lines {
            for (i, p) in line.enumerated() {
                let d = p - previous
                points.append(StrokePoint(dx: d.x, dy: d.y, penLifted: i == line.count - 1))
                previous = p
            }
        }
        self.init(points: points)
    }
}
