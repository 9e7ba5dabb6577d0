import Foundation
import SketchCheckpoints
import SketchRNN

/// The app's engine over a real model file: endings through the model core's `Completer`, the
/// latent grid and variations through its `LatentSpace`. Called from the app's one worker thread
/// only.
///
/// The canvas is fitted to the size the model draws at (`ModelDrawingSize`: stored in its file, or
/// measured from its own samples): a typical drawing of the model spans `drawingShareOfCanvas` of
/// the canvas's shorter side, so a person drawing a sheep body on the canvas is read by any sheep
/// model as a body, not as a head or a whole sheep.
package final class ModelEngine: SketchEngine, @unchecked Sendable {
    package let summary: ModelSummary
    package let model: ModelFile
    let completer: Completer
    private var space: LatentSpace?
    /// Most endings the app asks for at once (keys 1–9).
    package static let maxEndings = 9
    /// RDP epsilon for the user's strokes, in drawing units (about one Braille dot).
    package static let simplifyEpsilon: Float = 2
    /// How much of the canvas's shorter side a typical drawing of the model spans.
    package static let drawingShareOfCanvas: Float = 0.72
    /// The size the model draws at.
    package let drawingSize: ModelDrawingSize
    /// Model units across the canvas's shorter side.
    package var modelUnitsAcrossCanvas: Float { drawingSize.modelUnits / ModelEngine.drawingShareOfCanvas }
    /// Data pixels per drawing unit.
    package let dataPixelsPerUnit: Float

    package init(model: ModelFile, displayName: String) throws {
        self.model = model
        completer = try Completer(model: model, capacity: ModelEngine.maxEndings)
        drawingSize = try ModelDrawingSize.of(model)
        dataPixelsPerUnit = model.info.scaleFactor * drawingSize.modelUnits / ModelEngine.drawingShareOfCanvas / DrawingUnits.canvasSide
        summary = ModelEngine.summary(of: model, displayName: displayName, dataPixelsPerUnit: dataPixelsPerUnit)
    }

    /// Loads `choice.reference`: a file path or the short name of a shipped checkpoint.
    package static func load(_ choice: ModelChoice) throws -> ModelEngine {
        let url = try Checkpoints.resolve(choice.reference)
        return try ModelEngine(model: try ModelFile.load(url), displayName: choice.name)
    }

    /// A model's type in words, the one naming the title, the status bar and the picker use:
    /// "decoder-only LSTM 512", "VAE, LSTM 512, z 128".
    package static func kindName(of c: ModelConfig) -> String {
        let cell = c.cell.displayName
        return c.isVAE ? "VAE, \(cell) \(c.decoderSize), z \(c.latentSize)" : "decoder-only \(cell) \(c.decoderSize)"
    }

    static func summary(of model: ModelFile, displayName: String, dataPixelsPerUnit: Float) -> ModelSummary {
        let c = model.config
        let kind = kindName(of: c)
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

    /// The grid answers at once: the top-left cell (the drawing, encoded) is decoded alone first,
    /// then the corners drawn from the prior (their candidates as one batch), then every other
    /// cell as one batch, each shown as soon as it is decoded.
    package func latentGrid(_ request: LatentGridRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        let space = try latentSpace()
        var rng = SeededGenerator(seed: request.seed)
        let columns = request.columns, rows = request.rows
        let cornerCells = [0, columns - 1, (rows - 1) * columns, rows * columns - 1]
        var cells = [Sketch?](repeating: nil, count: columns * rows)
        var corners = [[Float]?](repeating: nil, count: 4)
        func options(_ k: UInt64) -> Sampler.Options {
            Sampler.Options(temperature: model.info.samplingStyle.temperature(request.temperature), seed: request.seed &+ k)
        }
        for (i, corner) in request.corners.prefix(4).enumerated() {
            if case .sketch(let sketch) = corner {
                corners[i] = try space.encode([modelUnits(sketch.polylines)]).mean(0, latentSize: space.latentSize)
            }
        }
        if let z = corners[0] {
            cells[0] = try space.decode([z], options: options(0)).first.map(toDrawingUnits)
            progress(cells)
        }
        if isCancelled() { return }
        let drawnCorners = corners.indices.filter { corners[$0] == nil }
        if !drawnCorners.isEmpty {
            let drawn = try drawnLatents(count: drawnCorners.count, space: space, temperature: request.temperature, rng: &rng,
                                         isCancelled: isCancelled)
            for (k, i) in drawnCorners.enumerated() {
                corners[i] = drawn[k].latent
                cells[cornerCells[i]] = toDrawingUnits(drawn[k].sketch)
            }
            progress(cells)
        }
        if isCancelled() { return }
        let latents = LatentSpace.grid(corners: corners.map { $0 ?? [] }, rows: rows, columns: columns)
        let rest = latents.indices.filter { cells[$0] == nil }
        try withoutActuallyEscaping(progress) { progress in
            try withoutActuallyEscaping(isCancelled) { isCancelled in
                let watch = Sampler.Watch(finished: { k, drawing in
                    cells[rest[k]] = self.toDrawingUnits(drawing.sketch)
                    progress(cells)
                }, isCancelled: isCancelled)
                _ = try space.decode(rest.map { latents[$0] }, options: options(1), watch: watch)
            }
        }
    }

    /// Candidates drawn from the prior per corner: some VAEs (the omniglot one among them) end at
    /// once from much of the prior.
    static let cornerCandidates = 12

    /// `count` latent vectors drawn from the prior whose decodings are drawings: every corner's
    /// candidates run as one batch, each corner takes its first candidate to finish with a
    /// drawing of 4 points or more, and the batch stops once every corner has one (a corner
    /// whose candidates all end at once takes its longest).
    func drawnLatents(count: Int, space: LatentSpace, temperature: Float, rng: inout SeededGenerator,
                      isCancelled: () -> Bool) throws -> [(latent: [Float], sketch: Sketch)] {
        let tries = ModelEngine.cornerCandidates
        let candidates = (0..<(count * tries)).map { _ in (0..<space.latentSize).map { _ in rng.nextGaussian() } }
        let options = Sampler.Options(temperature: model.info.samplingStyle.temperature(temperature), seed: rng.next())
        var chosen = [Int?](repeating: nil, count: count)
        let sketches = try withoutActuallyEscaping(isCancelled) { isCancelled in
            let watch = Sampler.Watch(finished: { i, drawing in
                if drawing.sketch.count >= 4, chosen[i / tries] == nil { chosen[i / tries] = i }
            }, isCancelled: { isCancelled() || chosen.allSatisfy { $0 != nil } })
            return try space.decode(candidates, options: options, watch: watch)
        }
        return (0..<count).map { corner in
            let own = (corner * tries)..<((corner + 1) * tries)
            let pick = chosen[corner] ?? own.max { sketches[$0].count < sketches[$1].count } ?? own.lowerBound
            return (candidates[pick], sketches[pick])
        }
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
