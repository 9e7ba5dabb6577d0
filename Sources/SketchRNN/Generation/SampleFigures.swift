/// What a person sees of a model's drawings at one temperature: how many end on their own before
/// Nmax, and how long they are, beside the lengths of the data's own sketches (issue 13).
package struct SampleFigures: Equatable, Sendable {
    package var samples: Int
    /// Drawings that drew their end state before running out of steps.
    package var ended: Int
    package var maxSteps: Int
    /// Lengths of all drawings in stroke-3 points (one that ran out counts `maxSteps`).
    package var lengths: LengthFigures
    /// The same figures of the reference sketches (the data's test split), when given.
    package var reference: LengthFigures?

    /// `sketches` drawn by `Sampler` with at most `maxSteps` steps: one without an end state has
    /// exactly `maxSteps` points, one that ended has fewer (its end row is not a point).
    package init(sketches: [Sketch], maxSteps: Int, reference: [Sketch]? = nil) {
        samples = sketches.count
        ended = sketches.filter { $0.count < maxSteps }.count
        self.maxSteps = maxSteps
        lengths = LengthFigures(lengths: sketches.map(\.count))
        self.reference = reference.map { LengthFigures(lengths: $0.map(\.count)) }
    }

    package var endedShare: Double { samples == 0 ? 0 : Double(ended) / Double(samples) }
}
