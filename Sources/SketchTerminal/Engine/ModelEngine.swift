import Foundation
import SketchCheckpoints
import SketchRNN

/// The app's engine over a real model file: endings through the model core's `Completer`, the
/// latent grid and variations through its `LatentSpace`. Called from the app's one worker thread
/// only.
///
/// The canvas's shorter side stands for `modelUnitsAcrossCanvas` model units, whatever the model:
/// model units are normalised (offsets have unit spread), so a model's typical drawing then takes
/// a good part of the canvas, as in the sketch-rnn-js demos (whose ~600-pixel canvases, divided by
/// `scale_factor / pixel_factor`, span about 20 units for the QuickDraw models).
package final class ModelEngine: SketchEngine, @unchecked Sendable {
    package let summary: ModelSummary
    package let model: ModelFile
    let completer: Completer
    private var space: LatentSpace?
    /// Most endings the app asks for at once (keys 1–9).
    package static let maxEndings = 9
    /// RDP epsilon for the user's strokes, in drawing units (about one Braille dot).
    package static let simplifyEpsilon: Float = 2
    package static let modelUnitsAcrossCanvas: Float = 18
    /// Data pixels per drawing unit.
    package let dataPixelsPerUnit: Float

    package init(model: ModelFile, displayName: String) throws {
        self.model = model
        completer = try Completer(model: model, capacity: ModelEngine.maxEndings)
        dataPixelsPerUnit = model.info.scaleFactor * ModelEngine.modelUnitsAcrossCanvas / DrawingUnits.canvasSide
        summary = ModelEngine.summary(of: model, displayName: displayName, dataPixelsPerUnit: dataPixelsPerUnit)
    }

    /// Loads `choice.reference`: a file path or the short name of a shipped checkpoint.
    package static func load(_ choice: ModelChoice) throws -> ModelEngine {
        let url = try Checkpoints.resolve(choice.reference)
        return try ModelEngine(model: try ModelFile.load(url), displayName: choice.name)
    }

    static func summary(of model: ModelFile, displayName: String, dataPixelsPerUnit: Float) -> ModelSummary {
        let c = model.config
        let cell = c.cell.displayName
        let kind = c.isVAE ? "VAE, \(cell) \(c.decoderSize), z \(c.latentSize)" : "decoder-only \(cell) \(c.decoderSize)"
        // The class: the model's own name when it differs from the file's, else its data set.
        var className: String? = model.info.name
        if className == displayName || className?.isEmpty == true {
            className = model.info.dataSets.first.map { ($0 as NSString).deletingPathExtension }
        }
        return ModelSummary(name: displayName, className: className, kind: kind, isVAE: c.isVAE,
                            dataPixelsPerUnit: dataPixelsPerUnit)
    }

    func completerRequest(strokes: [[SIMD2<Float>]], penDown: Bool, count: Int, temperature: Float, seed: UInt64) -> Completer.Request {
        Completer.Request(polylines: strokes, dataPixelsPerUnit: dataPixelsPerUnit, penLifted: !penDown, count: count,
                          temperature: model.info.samplingStyle.temperature(temperature), seed: seed,
                          simplifyEpsilon: ModelEngine.simplifyEpsilon)
    }

    /// The drawing as the model sees it: simplified, stroke-3 in model units.
    package func modelUnits(_ strokes: [[SIMD2<Float>]], penDown: Bool = false) -> Sketch {
        completer.prefix(of: completerRequest(strokes: strokes, penDown: penDown, count: 1, temperature: 0.5, seed: 0))
    }

    package func generateEndings(_ request: EndingsRequest, isCancelled: () -> Bool, progress: (EndingsProgress) -> Void) throws {
        let r = completerRequest(strokes: request.strokes, penDown: request.penDown,
                                 count: min(request.count, ModelEngine.maxEndings), temperature: request.temperature, seed: request.seed)
        try completer.complete(r, isCancelled: isCancelled) { p in
            if !p.cancelled { progress(EndingsProgress(endings: p.endings, finished: p.finished)) }
        }
    }

    func latentSpace() throws -> LatentSpace {
        if let space { return space }
        let s = try LatentSpace(model: model)
        space = s
        return s
    }

    /// Model units to drawing units.
    func toDrawingUnits(_ sketch: Sketch) -> Sketch {
        let f = model.info.scaleFactor / dataPixelsPerUnit
        return sketch.scaled(x: f, y: f)
    }

    package func latentGrid(_ request: LatentGridRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        let space = try latentSpace()
        var rng = SeededGenerator(seed: request.seed)
        var corners: [[Float]] = []
        // Corners drawn from the prior keep the decoding that chose them (a fresh one may end at once).
        var drawnCorners: [Int: Sketch] = [:]
        for corner in request.corners.prefix(4) {
            switch corner {
            case .sketch(let sketch):
                let lines = sketch.polylines
                corners.append(try space.encode([modelUnits(lines)]).mean(0, latentSize: space.latentSize))
            case .random:
                let drawn = try drawnLatent(space: space, temperature: request.temperature, rng: &rng)
                corners.append(drawn.latent)
                drawnCorners[corners.count - 1] = drawn.sketch
            }
        }
        let latents = LatentSpace.grid(corners: corners, rows: request.rows, columns: request.columns)
        let cornerCells = [0, request.columns - 1, (request.rows - 1) * request.columns, request.rows * request.columns - 1]
        var cells = [Sketch?](repeating: nil, count: latents.count)
        // One batch per row, so the grid fills in row by row.
        for row in 0..<request.rows {
            if isCancelled() { return }
            let range = (row * request.columns)..<((row + 1) * request.columns)
            let options = Sampler.Options(temperature: model.info.samplingStyle.temperature(request.temperature), seed: request.seed &+ UInt64(row))
            let sketches = try space.decode(Array(latents[range]), options: options)
            for (i, s) in zip(range, sketches) { cells[i] = toDrawingUnits(s) }
            for (corner, sketch) in drawnCorners where range.contains(cornerCells[corner]) {
                cells[cornerCells[corner]] = toDrawingUnits(sketch)
            }
            progress(cells)
        }
    }

    /// A latent vector drawn from the prior whose decoding is a drawing: some VAEs (the omniglot
    /// one among them) end at once from much of the prior, so several are tried as one batch.
    func drawnLatent(space: LatentSpace, temperature: Float, rng: inout SeededGenerator) throws -> (latent: [Float], sketch: Sketch) {
        let tries = 12
        let candidates = (0..<tries).map { _ in (0..<space.latentSize).map { _ in rng.nextGaussian() } }
        let options = Sampler.Options(temperature: model.info.samplingStyle.temperature(temperature), seed: rng.next())
        let sketches = try space.decode(candidates, options: options)
        let best = sketches.indices.max { sketches[$0].count < sketches[$1].count } ?? 0
        let chosen = sketches.indices.first { sketches[$0].count >= 4 } ?? best
        return (candidates[chosen], sketches[chosen])
    }

    package func variations(_ request: VariationsRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        let space = try latentSpace()
        let z = try space.encode([modelUnits(request.sketch.polylines)]).mean(0, latentSize: space.latentSize)
        var cells = [Sketch?](repeating: nil, count: request.temperatures.count)
        for (i, t) in request.temperatures.enumerated() {
            if isCancelled() { return }
            let options = Sampler.Options(temperature: model.info.samplingStyle.temperature(t), seed: request.seed &+ UInt64(i))
            cells[i] = try space.decode([z], options: options).first.map(toDrawingUnits)
            progress(cells)
        }
    }
}
