import Foundation
import SketchCheckpoints
import SketchRNN

/// The app's engine over a real model, through the library's face (`SketchModel`) alone: endings
/// by its completion (which keeps the drawing it read last, so a growing drawing costs its newest
/// stroke), the latent grid and variations by its latent space. Called from the app's one worker
/// thread only.
///
/// The canvas is fitted to the size the model draws at (`SketchModel.drawingSize()`): a typical
/// drawing of the model spans `drawingShareOfCanvas` of the canvas's shorter side, so a person
/// drawing a sheep body on the canvas is read by any sheep model as a body, not as a head or a
/// whole sheep. The model runs in drawing units: everything going in and out is in them.
package final class ModelEngine: SketchEngine, @unchecked Sendable {
    package let summary: ModelSummary
    /// The model, in drawing units.
    package let model: SketchModel
    /// Most endings the app asks for at once (keys 1–9).
    package static let maxEndings = 9
    /// RDP epsilon for the user's strokes, in drawing units (about one Braille dot).
    package static let simplifyEpsilon: Float = 2
    /// How much of the canvas's shorter side a typical drawing of the model spans.
    package static let drawingShareOfCanvas: Float = 0.72
    /// Data pixels per drawing unit.
    package var dataPixelsPerUnit: Float { model.units.dataPixelsPerCallerUnit }
    /// Model units across the canvas's shorter side.
    package var modelUnitsAcrossCanvas: Float { DrawingUnits.canvasSide * model.units.modelPerCaller }

    /// `model` (in any units) fitted to the canvas.
    package init(model: SketchModel, displayName: String) throws {
        let drawingPixels = try model.configured(SketchModel.Configuration()).drawingSize()
        let dataPixelsPerUnit = drawingPixels / ModelEngine.drawingShareOfCanvas / DrawingUnits.canvasSide
        self.model = try model.configured(SketchModel.Configuration(dataPixelsPerUnit: dataPixelsPerUnit))
        summary = ModelEngine.summary(of: self.model, displayName: displayName)
    }

    /// Loads `choice.reference`: a file path or the short name of a shipped checkpoint.
    package static func load(_ choice: ModelChoice) throws -> ModelEngine {
        let url = try Checkpoints.resolve(choice.reference)
        return try ModelEngine(model: try SketchModel(contentsOf: url), displayName: choice.name)
    }

    static func summary(of model: SketchModel, displayName: String) -> ModelSummary {
        // The class: the model's own name when it differs from the file's, else its data set.
        var className: String? = model.name
        if className == displayName || className?.isEmpty == true {
            className = model.dataSets.first.map { ($0 as NSString).deletingPathExtension }
        }
        return ModelSummary(name: displayName, className: className, kind: model.architecture, isVAE: model.kind == .vae,
                            units: model.units)
    }

    /// The drawing as the model reads it: simplified, stroke-3 in drawing units.
    package func reading(_ strokes: [[SIMD2<Float>]], penDown: Bool = false) -> Sketch {
        model.reading(of: strokes, penLifted: !penDown, simplification: ModelEngine.simplifyEpsilon)
    }

    package func generateEndings(_ request: EndingsRequest, isCancelled: () -> Bool, progress: (EndingsProgress) -> Void) throws {
        let options = CompletionOptions(count: min(request.count, ModelEngine.maxEndings),
                                        temperature: model.temperature(request.temperature), seed: request.seed,
                                        simplification: ModelEngine.simplifyEpsilon)
        try model.complete(request.strokes, penLifted: !request.penDown, options: options, isCancelled: isCancelled) { c in
            if !c.isCancelled { progress(EndingsProgress(endings: c.endings.map(\.points), finished: c.finished)) }
        }
    }

    /// The grid answers at once: the top-left cell (the drawing, encoded) is decoded alone first,
    /// then the corners drawn from the prior (their candidates as one batch), then every other
    /// cell as one batch, each shown as soon as it is decoded.
    package func latentGrid(_ request: LatentGridRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        var random = RandomStream(seed: request.seed)
        let columns = request.columns, rows = request.rows
        let cornerCells = [0, columns - 1, (rows - 1) * columns, rows * columns - 1]
        var cells = [Sketch?](repeating: nil, count: columns * rows)
        var corners = [LatentVector?](repeating: nil, count: 4)
        func options(_ k: UInt64) -> SamplingOptions {
            SamplingOptions(temperature: model.temperature(request.temperature), seed: request.seed &+ k)
        }
        // A drawing the model reads as nothing (a tap) leaves its corner to the prior.
        for (i, corner) in request.corners.prefix(4).enumerated() {
            if case .sketch(let sketch) = corner, case let read = reading(sketch.polylines), !read.isEmpty {
                corners[i] = try model.encode([read])[0]
            }
        }
        if let z = corners[0] {
            cells[0] = try model.decodings([z], options: options(0)).first?.sketch
            progress(cells)
        }
        if isCancelled() { return }
        let drawnCorners = corners.indices.filter { corners[$0] == nil }
        if !drawnCorners.isEmpty {
            let drawn = try drawnLatents(count: drawnCorners.count, temperature: request.temperature, random: &random,
                                         isCancelled: isCancelled)
            for (k, i) in drawnCorners.enumerated() {
                corners[i] = drawn[k].latent
                cells[cornerCells[i]] = drawn[k].sketch
            }
            progress(cells)
        }
        if isCancelled() { return }
        let latents = LatentVector.grid(corners: corners.map { $0 ?? LatentVector([]) }, rows: rows, columns: columns)
        let rest = latents.indices.filter { cells[$0] == nil }
        _ = try model.decodings(rest.map { latents[$0] }, options: options(1), isCancelled: isCancelled) { k, drawing in
            cells[rest[k]] = drawing.sketch
            progress(cells)
        }
    }

    /// Candidates drawn from the prior per corner: some VAEs (the omniglot one among them) end at
    /// once from much of the prior.
    static let cornerCandidates = 12

    /// `count` latent vectors drawn from the prior whose decodings are drawings: every corner's
    /// candidates run as one batch, each corner takes its first candidate to finish with a
    /// drawing of 4 points or more, and the batch stops once every corner has one (a corner
    /// whose candidates all end at once takes its longest).
    func drawnLatents(count: Int, temperature: Float, random: inout RandomStream,
                      isCancelled: () -> Bool) throws -> [(latent: LatentVector, sketch: Sketch)] {
        let tries = ModelEngine.cornerCandidates
        let candidates = LatentVector.prior(count: count * tries, size: model.latentSize, using: &random)
        let options = SamplingOptions(temperature: model.temperature(temperature), seed: random.nextSeed())
        var chosen = [Int?](repeating: nil, count: count)
        let drawings = try model.decodings(candidates, options: options,
                                           isCancelled: { isCancelled() || chosen.allSatisfy { $0 != nil } }) { i, drawing in
            if drawing.sketch.count >= 4, chosen[i / tries] == nil { chosen[i / tries] = i }
        }
        return (0..<count).map { corner in
            let own = (corner * tries)..<((corner + 1) * tries)
            let pick = chosen[corner] ?? own.max { drawings[$0].sketch.count < drawings[$1].sketch.count } ?? own.lowerBound
            return (candidates[pick], drawings[pick].sketch)
        }
    }

    package func variations(_ request: VariationsRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        let read = reading(request.sketch.polylines)
        guard !read.isEmpty else { throw NothingToVary() }
        let z = try model.encode([read])[0]
        var cells = [Sketch?](repeating: nil, count: request.temperatures.count)
        for (i, t) in request.temperatures.enumerated() {
            if isCancelled() { return }
            let options = SamplingOptions(temperature: model.temperature(t), seed: request.seed &+ UInt64(i))
            cells[i] = try model.decodings([z], options: options).first?.sketch
            progress(cells)
        }
    }
}

/// Variations of a drawing the model reads as nothing (a tap, a dot).
struct NothingToVary: Error, CustomStringConvertible {
    var description: String { "variations need a stroke: draw one first" }
}
