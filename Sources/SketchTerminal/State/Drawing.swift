import SketchRNN

/// The user's drawing: finished strokes and the one being drawn, as absolute polylines in
/// drawing units (y down).
package struct Drawing: Equatable, Sendable {
    package private(set) var strokes: [[SIMD2<Float>]] = []
    /// The stroke being drawn, if the pen is down.
    package private(set) var current: [SIMD2<Float>]?
    /// Moves shorter than this (drawing units) are ignored, as the JS demos ignore tiny mouse moves.
    package var minimumStep: Float = 1

    package init(strokes: [[SIMD2<Float>]] = []) {
        self.strokes = strokes.filter { !$0.isEmpty }
    }

    package var isEmpty: Bool { strokes.isEmpty && current == nil }
    package var isPenDown: Bool { current != nil }

    /// Finished strokes plus the one being drawn.
    package var allStrokes: [[SIMD2<Float>]] { current.map { strokes + [$0] } ?? strokes }

    package var lastPoint: SIMD2<Float>? { allStrokes.last?.last }

    package mutating func penDown(at point: SIMD2<Float>) {
        if current != nil { penUp() }
        current = [point]
    }

    /// Adds a point to the stroke being drawn; returns false when it was too close to be kept.
    @discardableResult
    package mutating func extend(to point: SIMD2<Float>) -> Bool {
        guard var line = current, let last = line.last else { return false }
        let d = point - last
        guard (d * d).sum() >= minimumStep * minimumStep else { return false }
        line.append(point)
        current = line
        return true
    }

    /// Finishes the stroke being drawn. Returns false when no stroke was being drawn.
    @discardableResult
    package mutating func penUp() -> Bool {
        guard let line = current else { return false }
        current = nil
        strokes.append(line)
        return true
    }

    package mutating func clear() {
        strokes.removeAll()
        current = nil
    }

    /// The drawing as stroke-3 (drawing units), the pen lifting after each stroke.
    package var sketch: Sketch { Sketch(polylines: allStrokes) }
}
