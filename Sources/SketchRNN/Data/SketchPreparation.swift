/// The one preparation between a file's raw stroke-3 sketches and the model's units (docs/model.md
/// §1, §5), the same for training, evaluation and encoding: sketches that are empty or longer than
/// Nmax are left out, offsets are clipped to ±`Sketch.offsetLimit`, and everything is divided by
/// the scale factor (the training split's, or the model's).
package struct SketchPreparation: Sendable {
    /// The longest sketch kept; nil keeps any length.
    package var nmax: Int?

    package init(nmax: Int?) { self.nmax = nmax }

    /// Whether a raw sketch takes part: at least one point and at most Nmax.
    package func keeps(_ sketch: Sketch) -> Bool { !sketch.isEmpty && sketch.count <= (nmax ?? .max) }

    /// The sketches kept, clipped, still in raw units (the scale factor is measured on these).
    package func clipped(_ sketches: [Sketch]) -> [Sketch] { sketches.filter(keeps).map { $0.clipped() } }

    /// The sketches kept, clipped and divided by `scaleFactor`.
    package func prepared(_ sketches: [Sketch], scaleFactor: Float) -> [Sketch] {
        clipped(sketches).map { $0.normalized(by: scaleFactor) }
    }

    /// One sketch in model units (clipped, divided by `scaleFactor`), whatever its length: the
    /// encoder reads its first Nmax points.
    package static func modelUnits(_ sketch: Sketch, scaleFactor: Float) -> Sketch {
        sketch.clipped().normalized(by: scaleFactor)
    }
}
