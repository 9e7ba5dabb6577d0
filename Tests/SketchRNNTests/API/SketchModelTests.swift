import Foundation
import SketchTestSupport
import SketchCheckpoints
import Testing
@testable import SketchRNN

/// The library's face: results in the caller's units, the model's own threads, typed results.
struct SketchModelTests {
    static func model(_ type: ModelType, dataPixelsPerUnit: Float = 1, threads: Int = 1) throws -> SketchModel {
        try SketchModel(file: TinyModels.sampling(type),
                        configuration: .init(threads: threads, dataPixelsPerUnit: dataPixelsPerUnit))
    }

    static func close(_ a: Sketch, _ b: Sketch, tolerance: Float = 1e-4) -> Bool {
        a.count == b.count && zip(a.points, b.points).allSatisfy {
            abs($0.dx - $1.dx) <= tolerance * max(1, abs($0.dx)) && abs($0.dy - $1.dy) <= tolerance * max(1, abs($0.dy))
                && $0.penLifted == $1.penLifted
        }
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func samplesComeInTheCallersUnits(type: ModelType) throws {
        let file = TinyModels.sampling(type)
        let inModelUnits = try Sampler(model: file, capacity: 3).sample(count: 3, options: .init(temperature: SamplingTemperature(0.5), seed: 9))
        let inData = try Self.model(type).sample(count: 3, seed: 9)
        let inHalves = try Self.model(type, dataPixelsPerUnit: 2).sample(count: 3, seed: 9)
        for i in 0..<3 {
            #expect(Self.close(inData[i], inModelUnits[i].scaled(x: 30, y: 30)))
            #expect(Self.close(inHalves[i], inModelUnits[i].scaled(x: 15, y: 15)))
        }
    }

    @Test func eachModelRunsOnItsOwnThreadsAndLeavesTheDefaultAlone() throws {
        let before = Parallel.workers
        let one = try Self.model(.decoder, threads: 1), three = try Self.model(.decoder, threads: 3)
        #expect(one.run { Parallel.workers } == 1 && three.run { Parallel.workers } == 3)
        #expect(Parallel.workers == before)
        #expect(try one.sample(count: 4, seed: 2) == three.sample(count: 4, seed: 2))
        #expect(throws: GenerationError.self) { try SketchModel(file: TinyModels.sampling(.decoder), configuration: .init(dataPixelsPerUnit: 0)) }
    }

    @Test func theNextPointsDistributionIsTheOneTheSamplerDrawsFrom() throws {
        let model = try Self.model(.decoder, dataPixelsPerUnit: 2)
        let drawing = Sketch(points: [StrokePoint(dx: 10, dy: 4, penLifted: false), StrokePoint(dx: -3, dy: 6, penLifted: true)])
        let pdf = try model.nextPointDistribution(after: drawing, temperature: SamplingTemperature(0.7))
        #expect(abs(pdf.components.map(\.weight).reduce(0, +) - 1) < 1e-5)
        #expect(abs(pdf.pen.down + pdf.pen.up + pdf.pen.end - 1) < 1e-5)
        #expect(pdf.components.allSatisfy { $0.standardDeviation.x > 0 && abs($0.correlation) < 1 })

        // The same numbers from the stepper's raw output, read by hand (model units, scale 15).
        let stepper = try DecoderStepper(parameters: model.file.parameters, config: model.file.config, capacity: 1)
        stepper.start(rows: 1)
        stepper.step([0, 0, 1, 0, 0])
        stepper.step([10 / 15, 4 / 15, 1, 0, 0])
        stepper.step([-3 / 15, 6 / 15, 0, 1, 0])
        let y = stepper.output(row: 0), m = 4
        let pi = y[3..<(3 + m)].map { expf($0 / 0.85) }, total = pi.reduce(0, +)
        for j in 0..<m {
            let c = pdf.components[j]
            #expect(abs(c.weight - pi[j] / total) < 1e-5)
            #expect(abs(c.mean.x - y[3 + m + j] * 15) < 1e-3 && abs(c.mean.y - y[3 + 2 * m + j] * 15) < 1e-3)
            #expect(abs(c.standardDeviation.y - expf(y[3 + 4 * m + j]) * Float(0.7).squareRoot() * 15) < 1e-3)
        }
        let pen = y[0..<3].map { expf($0) }, penTotal = pen.reduce(0, +)
        #expect(abs(pdf.pen.end - pen[2] / penTotal) < 1e-5)

        // Greedy: the likeliest point is the one a greedy sampler draws first.
        let greedy = SamplingTemperature(tau: 0, softmax: 0)
        let first = try #require(try model.nextPointDistribution(after: Sketch(), temperature: greedy).mostLikelyPoint)
        #expect(try model.sample(count: 1, temperature: greedy)[0].points.first == first)
    }

    @Test func completionStreamsItsStepsAndStopsWhenCancelled() throws {
        let model = try Self.model(.decoder)
        let drawing: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(40, 10), SIMD2(80, 0)], [SIMD2(10, 30), SIMD2(60, 35)]]
        var steps = [Int]()
        var atStep3: Completion?
        let done = try model.complete(drawing, count: 3, seed: 5) {
            steps.append($0.step)
            if $0.step == 3 { atStep3 = $0 }
        }
        #expect(done.endings.count == 3 && done.finished.allSatisfy { $0 } && !done.isCancelled)
        #expect(steps.count >= 2 && steps.last == done.step)

        let token = CancellationToken()
        let stopped = try model.complete(drawing, count: 3, seed: 5, cancellation: token) { if $0.step == 3 { token.cancel() } }
        #expect(stopped.isCancelled && stopped.step == 3)
        // Cancelled at step 3, the endings are what the whole run had drawn by then.
        #expect(stopped.endings == atStep3?.endings)

        // Endings are in the caller's units: the same drawing at half the size gives half the endings.
        let halves = try Self.model(.decoder, dataPixelsPerUnit: 2)
            .complete(drawing.map { $0.map { $0 / 2 } }, count: 3, seed: 5)
        #expect(zip(halves.endings, done.endings).allSatisfy { Self.close($0, $1.scaled(x: 0.5, y: 0.5)) })
        #expect(throws: GenerationError.self) { try model.complete(drawing, count: 0) }
    }

    @Test func theAsyncStreamEndsWithEveryEndingFinishedOrIsCancelledByLeavingIt() async throws {
        let model = try Self.model(.decoder)
        let drawing: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(40, 10), SIMD2(80, 0)]]
        var last: Completion?
        for try await update in model.completions(of: drawing, count: 2, seed: 1) { last = update }
        #expect(last == (try model.complete(drawing, count: 2, seed: 1)))
        // Leaving the loop early ends the stream (and cancels the completion). The stream keeps only
        // the newest update, so a loaded machine may deliver the last one alone: leave after the first.
        var seen = 0
        for try await _ in model.completions(of: drawing, count: 2, seed: 1) {
            seen += 1
            break
        }
        #expect(seen == 1)
        await #expect(throws: GenerationError.self) { for try await _ in model.completions(of: drawing, count: 99) {} }
    }

    @Test func latentSpaceWorksInTheCallersUnits() throws {
        let model = try Self.model(.vae), halves = try Self.model(.vae, dataPixelsPerUnit: 2)
        let a = Sketch(points: (0..<8).map { StrokePoint(dx: Float($0 * 3), dy: -6, penLifted: $0 % 4 == 3) })
        let b = Sketch(points: (0..<5).map { StrokePoint(dx: -9, dy: Float($0 * 2), penLifted: $0 == 4) })
        let codes = try model.encode([a, b])
        #expect(codes.count == 2 && codes.allSatisfy { $0.values.count == model.latentSize })
        let halfCodes = try halves.encode([a, b].map { $0.scaled(x: 0.5, y: 0.5) })
        #expect(zip(codes, halfCodes).allSatisfy { zip($0.values, $1.values).allSatisfy { abs($0 - $1) < 1e-5 } })

        let path = try model.interpolate(from: a, to: b, count: 3, seed: 4)
        #expect(path.count == 3)
        #expect(path[0] == (try model.decode([codes[0]], seed: 4))[0])
        #expect(path[2] != path[0])
        #expect(try model.reconstruct([a], seed: 4) == model.decode([codes[0]], seed: 4))
        #expect(throws: GenerationError.needsVAE("tiny")) { try Self.model(.decoder).encode([a]) }
        #expect(throws: GenerationError.self) { try model.decode([LatentVector([1, 2])]) }
    }

    @Test func shippedModelsLoadByNameWhereverTheProgramRuns() throws {
        #expect(Set(["sheep", "sheep-vae", "kanji", "omniglot"]).isSubset(of: SketchModel.shippedNames))
        let sheep = try SketchModel(shipped: "sheep", configuration: .init(threads: 1))
        #expect(sheep.name == "sheep" && sheep.kind == .decoderOnly && sheep.latentSize == 0)
        let vae = try SketchModel(shipped: "sheep-vae", configuration: .init(threads: 1))
        #expect(vae.kind == .vae && vae.latentSize > 0)
        #expect(throws: ModelFileError.self) { try SketchModel(shipped: "unicorn") }
        #expect(throws: ModelFileError.self) { try SketchModel(shipped: "../checkpoints/sheep") }
        let svg = try sheep.sample(count: 1, seed: 3)[0].svg()
        #expect(svg.hasPrefix("<?xml") && svg.contains("<polyline"))
    }
}

/// The face's batch calls report each drawing as it finishes and stop when cancelled, as the app's
/// grid needs.
struct SketchModelBatchTests {
    @Test(arguments: [ModelType.decoder, .vae])
    func eachDrawingIsReportedOnceAsItFinishes(type: ModelType) throws {
        let model = try SketchModelTests.model(type)
        var seen = [Int: GeneratedDrawing]()
        let all = try model.drawings(count: 5, options: SamplingOptions(seed: 3)) { i, d in
            #expect(seen[i] == nil)
            seen[i] = d
        }
        #expect(seen.count == 5 && (0..<5).allSatisfy { seen[$0] == all[$0] })
        #expect(all.map(\.sketch) == (try model.sample(count: 5, seed: 3)))
    }

    @Test func aCancelledBatchStopsEarly() throws {
        let model = try SketchModelTests.model(.vae)
        var checks = 0
        let latents = LatentVector.prior(count: 4, size: model.latentSize, seed: 1)
        let drawn = try model.decodings(latents, options: SamplingOptions(temperature: SamplingTemperature(1), seed: 2),
                                        isCancelled: { checks += 1; return checks > 3 })
        #expect(drawn.count == 4 && drawn.allSatisfy { !$0.ended && $0.sketch.count <= 3 })
    }
}
