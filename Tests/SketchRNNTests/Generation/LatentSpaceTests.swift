import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

struct LatentSpaceTests {
    @Test func slerpKeepsTheEndsAndTheNormOfUnitVectors() {
        let a: [Float] = [1, 0, 0], b: [Float] = [0, 1, 0]
        #expect(LatentSpace.slerp(a, b, 0) == a)
        let end = LatentSpace.slerp(a, b, 1)
        #expect(abs(end[0]) < 1e-6 && abs(end[1] - 1) < 1e-6)
        let mid = LatentSpace.slerp(a, b, 0.5)
        #expect(abs(mid[0] - mid[1]) < 1e-6)
        #expect(abs(mid.map { $0 * $0 }.reduce(0, +) - 1) < 1e-5)
        // Parallel vectors fall back to a straight line.
        #expect(LatentSpace.slerp([1, 1], [2, 2], 0.5) == [1.5, 1.5])
    }

    @Test func gridHasTheCornersWhereTheyBelong() {
        let corners: [[Float]] = [[1, 0], [0, 1], [-1, 0], [0, -1]]
        let g = LatentSpace.grid(corners: corners, rows: 3, columns: 4)
        #expect(g.count == 12)
        func close(_ u: [Float], _ v: [Float]) -> Bool { zip(u, v).allSatisfy { abs($0 - $1) < 1e-6 } }
        #expect(close(g[0], corners[0]))
        #expect(close(g[3], corners[1]))
        #expect(close(g[8], corners[2]))
        #expect(close(g[11], corners[3]))
    }

    @Test func analogyIsAMinusBPlusC() {
        #expect(LatentSpace.analogy([1, 2], minus: [0.5, 1], plus: [3, -1]) == [3.5, 0])
    }

    @Test func decoderOnlyModelsHaveNoLatentSpace() {
        #expect(throws: GenerationError.self) { try LatentSpace(model: TinyModels.sampling(.decoder)) }
    }

    @Test func encodingRespectsEachSketchsLength() throws {
        let space = try LatentSpace(model: TinyModels.sampling(.vae))
        let short = Sketch(points: [StrokePoint(dx: 1, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: 1, penLifted: true)])
        let long = Sketch(points: (0..<9).map { StrokePoint(dx: Float($0) * 0.1, dy: -0.2, penLifted: $0 % 3 == 2) })
        let both = try space.encode([short, long])
        let alone = try space.encode([short])
        for k in 0..<space.latentSize {
            #expect(abs(both.mu[k] - alone.mu[k]) < 1e-5)
            #expect(abs(both.presig[k] - alone.presig[k]) < 1e-5)
        }
        let decoded = try space.reconstruct([short, long], options: Sampler.Options(temperature: SamplingTemperature(0), seed: 1, maxSteps: 5))
        #expect(decoded.count == 2)
    }
}
