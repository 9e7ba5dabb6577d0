/// One point of a sketch in stroke-3 form: an offset from the previous point, and whether the pen
/// lifts after this point (docs/model.md §1).
public struct StrokePoint: Equatable, Hashable, Sendable, Codable {
    /// Horizontal offset from the previous point (x grows to the right).
    public var dx: Float
    /// Vertical offset from the previous point (y grows downwards).
    public var dy: Float
    /// True when the pen lifts after this point (stroke-3 `p = 1`).
    public var penLifted: Bool

    /// A point from its offset and pen state.
    public init(dx: Float, dy: Float, penLifted: Bool) {
        self.dx = dx
        self.dy = dy
        self.penLifted = penLifted
    }
}

/// A drawing as a sequence of stroke-3 points, in whatever units it was made in (data pixels,
/// screen pixels, or model units after normalisation).
public struct Sketch: Equatable, Hashable, Sendable, Codable {
    /// The points in drawing order; the first is an offset from the origin.
    public var points: [StrokePoint]

    /// A drawing of `points` (none by default).
    public init(points: [StrokePoint] = []) {
        self.points = points
    }

    /// The number of points.
    public var count: Int { points.count }
    /// True for a drawing without points.
    public var isEmpty: Bool { points.isEmpty }
}
