import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

struct SamplerTests {
    @Test(arguments: [ModelType.decoder, .vae])
    func theSameSeedGivesTheSameSketches(type: ModelType) throws {
        let sampler = try Sampler(model: TinyModels.sampling(type), capacity: 4)
        let options = Sampler.Options(temperature: SamplingTemperature(0.7), seed: 99)
        let a = sampler.sample(count: 4, options: options)
        let b = sampler.sample(count: 4, options: options)
        #expect(a == b)
        #expect(a.allSatisfy { !$0.isEmpty })
        var other = options
        other.seed = 100
        #expect(sampler.sample(count: 4, options: other) != a)
    }

    @Test func eachSampleDependsOnlyOnItsSeedAndIndex() throws {
        let sampler = try Sampler(model: TinyModels.sampling(.decoder), capacity: 3)
        let options = Sampler.Options(temperature: SamplingTemperature(1), seed: 5)
        let seven = sampler.sample(count: 7, options: options)  // three batches: 3 + 3 + 1
        let two = sampler.sample(count: 2, options: options)
        #expect(Array(seven.prefix(2)) == two)
        #expect(Set(seven.map(\.points.count)).count > 1 || Set(seven).count > 1)
    }

    @Test func samplesStopAtNmaxOrTheEndToken() throws {
        let model = TinyModels.sampling(.decoder, nmax: 15)
        let sampler = try Sampler(model: model, capacity: 8)
        let sketches = sampler.sample(count: 8, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 1))
        #expect(sketches.allSatisfy { $0.count <= 15 })
        var endless = Sampler.Options(temperature: SamplingTemperature(1), seed: 1, maxSteps: 15, stopAtEnd: false)
        #expect(sampler.sample(count: 8, options: endless).allSatisfy { $0.count == 15 })
        endless.maxSteps = 3
        #expect(sampler.sample(count: 2, options: endless).allSatisfy { $0.count == 3 })
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func aDrawingThatRunsOutIsDrawnAgainAndOneThatEndsIsKept(type: ModelType) throws {
        let sampler = try Sampler(model: TinyModels.sampling(type, nmax: 12, endBias: 0), capacity: 5)
        let once = sampler.drawings(count: 16, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 3, redraws: 0))
        let redrawn = sampler.drawings(count: 16, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 3, redraws: 4))
        #expect(once.contains { !$0.ended } && once.contains(where: \.ended), "the tiny model should both end and run out")
        for (first, final) in zip(once, redrawn) {
            if first.ended {
                #expect(final == first)
            } else {
                #expect(first.sketch.count == 12 && first.draws == 1)
                #expect(final.draws > 1 && final.sketch != first.sketch)
                #expect(final.ended ? final.sketch.count < 12 : final.draws == 5 && final.sketch.count == 12)
            }
        }
        #expect(redrawn.filter(\.ended).count > once.filter(\.ended).count)
        // Redraws depend on the seed and the index only, as first draws do.
        let alone = try Sampler(model: TinyModels.sampling(type, nmax: 12, endBias: 0), capacity: 2)
            .drawings(count: 16, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 3, redraws: 4))
        #expect(alone == redrawn)
        // A benchmark's endless run draws nothing again.
        let endless = sampler.drawings(count: 4, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 3, stopAtEnd: false))
        #expect(endless.allSatisfy { $0.draws == 1 && $0.sketch.count == 12 })
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func aGreedyRedrawRepeatsTheFirstDrawFromTheStartState(type: ModelType) throws {
        // The tiny model never ends greedily, so each redraw restarts; from the right state and
        // first input it repeats the first draw point for point.
        let model = TinyModels.sampling(type, nmax: 9)
        let sampler = try Sampler(model: model, capacity: 3)
        // Given latents are kept on a redraw.
        let z: [Float]? = type == .vae ? (0..<(3 * model.config.latentSize)).map { Float($0 % 7) / 7 - 0.4 } : nil
        let once = sampler.drawings(count: 3, latents: z, options: Sampler.Options(temperature: .paper(0), seed: 1, redraws: 0))
        let redrawn = sampler.drawings(count: 3, latents: z, options: Sampler.Options(temperature: .paper(0), seed: 1, redraws: 2))
        #expect(once.allSatisfy { !$0.ended && $0.sketch.count == 9 })
        #expect(redrawn.map(\.draws) == [3, 3, 3] && redrawn.map(\.sketch) == once.map(\.sketch))
    }

    @Test func aVAEDrawingFromThePriorIsRedrawnWithANewLatent() throws {
        let sampler = try Sampler(model: TinyModels.sampling(.vae, nmax: 9), capacity: 3)
        let once = sampler.drawings(count: 3, options: Sampler.Options(temperature: .paper(0), seed: 1, redraws: 0))
        let redrawn = sampler.drawings(count: 3, options: Sampler.Options(temperature: .paper(0), seed: 1, redraws: 1))
        #expect(once.allSatisfy { !$0.ended } && redrawn.map(\.draws) == [2, 2, 2])
        // Greedy, only a new z can change the drawing.
        #expect(zip(once, redrawn).allSatisfy { $0.sketch != $1.sketch })
    }

    @Test func greedySamplingIgnoresTheSeed() throws {
        let sampler = try Sampler(model: TinyModels.sampling(.decoder), capacity: 2)
        let a = sampler.sample(count: 2, options: Sampler.Options(temperature: .paper(0), seed: 1))
        let b = sampler.sample(count: 2, options: Sampler.Options(temperature: .paper(0), seed: 2))
        #expect(a == b)
        #expect(a[0] == a[1])
    }

    @Test func aBatchRowMatchesTheSameSampleAlone() throws {
        // One matrix product for all rows must not change any row's result beyond rounding.
        let model = TinyModels.sampling(.vae)
        let z: [Float] = (0..<12).map { Float($0) * 0.1 - 0.5 }
        let options = Sampler.Options(temperature: .paper(0), seed: 0, maxSteps: 10, stopAtEnd: false)
        let batch = try Sampler(model: model, capacity: 2).sample(count: 2, latents: z, options: options)
        let alone = try Sampler(model: model, capacity: 1).sample(count: 1, latents: Array(z[6..<12]), options: options)
        for (p, q) in zip(batch[1].points, alone[0].points) {
            #expect(abs(p.dx - q.dx) < 1e-4 && abs(p.dy - q.dy) < 1e-4 && p.penLifted == q.penLifted)
        }
    }
}
