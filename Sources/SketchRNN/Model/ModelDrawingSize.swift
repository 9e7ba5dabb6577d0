/// The size a model draws at: the median, over its drawings, of the longer side of a drawing's
/// bounding box, in model units. Models differ here even in normalised units (Google's sheep
/// draws about as large in its units as ours, its kanji larger…), and a person's drawing is only
/// read as the model reads its own data when it is fitted to this size: the app maps its canvas,
/// and `sketch complete` a prefix drawn for another model, by it.
///
/// A model file may store it (metadata key `drawing_size`, measured on its data when shipped);
/// otherwise (an imported sketch-rnn-js model) it is measured from the model's own samples.
package struct ModelDrawingSize: Equatable, Sendable {
    /// The model file's metadata key (a note of `ModelInfo`).
    package static let metadataKey = "drawing_size"

    package enum Source: String, Sendable { case file = "stored in the file", samples = "measured from its samples" }

    /// Model units.
    package var modelUnits: Float
    package var source: Source

    package init(modelUnits: Float, source: Source) {
        self.modelUnits = modelUnits
        self.source = source
    }

    /// Samples drawn to measure a model that does not say (one batch, seeded: the same model
    /// always measures the same).
    package static let measuredSamples = 16

    /// The size stored in `model`'s file, or else measured from its samples.
    package static func of(_ model: ModelFile) throws -> ModelDrawingSize {
        if let stored = stored(in: model) { return stored }
        let sampler = try Sampler(model: model, capacity: measuredSamples)
        let sketches = sampler.sample(count: measuredSamples, options: Sampler.Options(temperature: SamplingTemperature(0.5), seed: 1))
        return ModelDrawingSize(modelUnits: median(of: sketches) ?? fallback, source: .samples)
    }

    /// What the file says, when it says something usable.
    package static func stored(in model: ModelFile) -> ModelDrawingSize? {
        guard let text = model.info.notes[metadataKey], let value = Float(text), value.isFinite, value > 0 else { return nil }
        return ModelDrawingSize(modelUnits: value, source: .file)
    }

    /// The median longer side of the sketches' bounding boxes (nil when none has an extent).
    package static func median(of sketches: [Sketch]) -> Float? {
        let sides = sketches.compactMap { $0.boundingBox.map { max($0.width, $0.height) } }.filter { $0 > 0 }.sorted()
        guard !sides.isEmpty else { return nil }
        let mid = sides.count / 2
        return sides.count % 2 == 1 ? sides[mid] : (sides[mid - 1] + sides[mid]) / 2
    }

    /// For a model whose samples all end at once: about the size of a QuickDraw model's drawings.
    static let fallback: Float = 14

    /// `model` with its drawing size measured on `sketches` (model units) stored in its notes.
    package static func storing(_ sketches: [Sketch], in model: ModelFile) -> ModelFile {
        guard let size = median(of: sketches) else { return model }
        var model = model
        model.info.notes[metadataKey] = "\(size)"
        return model
    }
}
