#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How sure a model is that a drawing ends where a person ended it: the decoder is fed a test
/// sketch (teacher forcing; a VAE with z = mu of its encoding) and the pen softmax at temperature 1
/// is read at the step after the last point, where the data has its end row. The same
/// probability averaged over the steps before the end is the model's hazard of stopping too early.
package struct EndProbe {
    package struct Figures: Equatable, Sendable {
        package var sketches: Int
        /// Mean p3 at each sketch's true end.
        package var meanAtEnd: Double
        /// Sketches whose p3 at the true end is above 0.5 (the end is then the likeliest state).
        package var aboveHalfAtEnd: Int
        /// Mean p3 over the points before the end (all sketches' steps pooled).
        package var meanBeforeEnd: Double
    }

    package let model: ModelFile
    private let stepper: DecoderStepper
    private let latentSpace: LatentSpace?

    package init(model: ModelFile, capacity: Int = 100) throws {
        self.model = model
        stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: capacity)
        latentSpace = model.config.isVAE ? try LatentSpace(model: model) : nil
    }

    /// `sketches` in model units, each of 1 to Nmax points.
    package func measure(_ sketches: [Sketch]) throws -> Figures {
        var atEnd = 0.0, before = 0.0, beforeSteps = 0, aboveHalf = 0
        var first = 0
        while first < sketches.count {
            let batch = Array(sketches[first..<min(first + stepper.capacity, sketches.count)])
            first += batch.count
            let z = try latentSpace?.encode(batch).mu
            stepper.start(rows: batch.count, latent: z)
            let longest = batch.map(\.count).max() ?? 0
            var inputs = [Float](repeating: 0, count: batch.count * 5)
            let start = model.config.firstInput.row
            for r in batch.indices { inputs.replaceSubrange((r * 5)..<(r * 5 + 5), with: start) }
            for t in 0...longest {
                stepper.step(inputs)
                for (r, sketch) in batch.enumerated() where t <= sketch.count {
                    let p3 = Self.endProbability(stepper.outputs.baseAddress! + r * model.config.outputSize)
                    if t == sketch.count {
                        atEnd += p3
                        if p3 > 0.5 { aboveHalf += 1 }
                    } else {
                        before += p3
                        beforeSteps += 1
                    }
                }
                guard t < longest else { break }
                inputs.withUnsafeMutableBufferPointer { rows in
                    for (r, sketch) in batch.enumerated() {
                        let p = t < sketch.count ? sketch.points[t] : StrokePoint(dx: 0, dy: 0, penLifted: false)
                        p.writeStroke5(to: rows.baseAddress! + r * 5)
                    }
                }
            }
        }
        return Figures(sketches: sketches.count, meanAtEnd: atEnd / Double(max(1, sketches.count)),
                       aboveHalfAtEnd: aboveHalf, meanBeforeEnd: before / Double(max(1, beforeSteps)))
    }

    /// p3 of the pen softmax at temperature 1 from a raw output row (pen logits first).
    static func endProbability(_ y: UnsafePointer<Float>) -> Double {
        Double(PenSoftmax.penProbabilities(y, temperature: SamplingTemperature(tau: 1, softmax: 1, pen: .untempered)).end)
    }
}
