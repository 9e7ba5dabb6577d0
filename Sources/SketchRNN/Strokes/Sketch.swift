/// One point of a sketch in stroke-3 form: an offset from the previous point, and whether the pen
/// lifts after this point (docs/model.md §1).
public struct StrokePoint: Equatable, Hashable, Sendable, Codable {
    public var dx: Float
    public var dy: Float
    /// True when the pen lifts after this point (stroke-3 `p = 1`).
    public var penLifted: Bool

    public init(dx: Float, dy: Float, penLifted: Bool) {
        self.dx = dx
        self.dy = dy
        self.penLifted = penLifted
    }
}

/// A drawing as a sequence of stroke-3 points, in whatever units it was made in (data pixels,
/// screen pixels, or model units after normalisation).
public struct Sketch: Equatable, Hashable, Sendable, Codable {
    public var points: [StrokePoint]

    public init(points: [StrokePoint] = []) {
        self.points = points
    }

    public var count: Int { points.count }
    public var isEmpty: Bool { points.isEmpty }
}
