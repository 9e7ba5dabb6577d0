/// What a person sees of a model's drawings at one temperature: how many end before Nmax, on the
/// first draw and after redraws, and how long they are, beside the lengths of the data's own
/// sketches.
package struct SampleFigures: Equatable, Sendable {
    package var samples: Int
    /// Drawings that drew their end state before running out of steps (after redraws).
    package var ended: Int
    /// Drawings whose first draw ended: the model's own share, as without redraws.
    package var endedFirstDraw: Int
    /// Draws made in all (`samples` when nothing was redrawn).
    package var draws: Int
    package var maxSteps: Int
    /// Lengths of the drawings shown, in stroke-3 points (one that ran out counts `maxSteps`).
    package var lengths: LengthFigures
    /// The same figures of the reference sketches (the data's test split), when given.
    package var reference: LengthFigures?
    /// Strokes, dashes, size and outlines of the drawings shown.
    package var shapes: DrawingFigures
    /// The same of the reference sketches, when given.
    package var referenceShapes: DrawingFigures?

    /// - Parameter unit: the model's scale factor, so that sizes are in data pixels.
    package init(drawings: [Sampler.Drawing], maxSteps: Int, reference: [Sketch]? = nil, unit: Float = 1) {
        samples = drawings.count
        ended = drawings.filter(\.ended).count
        endedFirstDraw = drawings.filter { $0.ended && $0.draws == 1 }.count
        draws = drawings.map(\.draws).reduce(0, +)
        self.maxSteps = maxSteps
        lengths = LengthFigures(lengths: drawings.map(\.sketch.count))
        self.reference = reference.map { LengthFigures(lengths: $0.map(\.count)) }
        shapes = DrawingFigures(sketches: drawings.map(\.sketch), unit: unit)
        referenceShapes = reference.map { DrawingFigures(sketches: $0, unit: unit) }
    }

    package var endedShare: Double { samples == 0 ? 0 : Double(ended) / Double(samples) }
}
