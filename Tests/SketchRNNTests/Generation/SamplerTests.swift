import Foundation
import Testing
@testable import SketchRNN

struct SamplerTests {
    static func model(_ type: ModelType, nmax: Int = 40) -> ModelFile {
        var config = ModelConfig(type: type, cell: .lstm, decoderSize: 24, mixtures: 4, nmax: nmax)
        if type == .vae {
            config.encoderSize = 8
            config.latentSize = 6
        }
        var parameters = Parameters.initialized(config: config, seed: 4)
        // A pen bias that keeps sketches going for a while.
        try? parameters.set("output.bias", Tensor(shape: [config.outputSize], data: (0..<config.outputSize).map { $0 == 0 ? 3 : ($0 == 2 ? -3 : 0) }))
        return ModelFile(config: config, parameters: parameters, info: ModelInfo(name: "tiny", scaleFactor: 30))
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func theSameSeedGivesTheSameSketches(type: ModelType) throws {
        let sampler = try Sampler(model: Self.model(type), capacity: 4)
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
        let sampler = try Sampler(model: Self.model(.decoder), capacity: 3)
        let options = Sampler.Options(temperature: SamplingTemperature(1), seed: 5)
        let seven = sampler.sample(count: 7, options: options)  // three batches: 3 + 3 + 1
        let two = sampler.sample(count: 2, options: options)
        #expect(Array(seven.prefix(2)) == two)
        #expect(Set(seven.map(\.points.count)).count > 1 || Set(seven).count > 1)
    }

    @Test func samplesStopAtNmaxOrTheEndToken() throws {
        let model = Self.model(.decoder, nmax: 15)
        let sampler = try Sampler(model: model, capacity: 8)
        let sketches = sampler.sample(count: 8, options: Sampler.Options(temperature: SamplingTemperature(1), seed: 1))
        #expect(sketches.allSatisfy { $0.count <= 15 })
        var endless = Sampler.Options(temperature: SamplingTemperature(1), seed: 1, maxSteps: 15, stopAtEnd: false)
        #expect(sampler.sample(count: 8, options: endless).allSatisfy { $0.count == 15 })
        endless.maxSteps = 3
        #expect(sampler.sample(count: 2, options: endless).allSatisfy { $0.count == 3 })
    }

    @Test func greedySamplingIgnoresTheSeed() throws {
        let sampler = try Sampler(model: Self.model(.decoder), capacity: 2)
        let a = sampler.sample(count: 2, options: Sampler.Options(temperature: .paper(0), seed: 1))
        let b = sampler.sample(count: 2, options: Sampler.Options(temperature: .paper(0), seed: 2))
        #expect(a == b)
        #expect(a[0] == a[1])
    }

    @Test func aBatchRowMatchesTheSameSampleAlone() throws {
        // One matrix product for all rows must not change any row's result beyond rounding.
        let model = Self.model(.vae)
        let z: [Float] = (0..<12).map { Float($0) * 0.1 - 0.5 }
        let options = Sampler.Options(temperature: .paper(0), seed: 0, maxSteps: 10, stopAtEnd: false)
        let batch = try Sampler(model: model, capacity: 2).sample(count: 2, latents: z, options: options)
        let alone = try Sampler(model: model, capacity: 1).sample(count: 1, latents: Array(z[6..<12]), options: options)
        for (p, q) in zip(batch[1].points, alone[0].points) {
            #expect(abs(p.dx - q.dx) < 1e-4 && abs(p.dy - q.dy) < 1e-4 && p.penLifted == q.penLifted)
        }
    }
}
