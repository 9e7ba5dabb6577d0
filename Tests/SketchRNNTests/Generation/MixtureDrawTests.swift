import Foundation
import Testing
@testable import SketchRNN

struct MixtureDrawTests {
    /// Two components (M = 2): pen logits, pi logits, mu_x, mu_y, log sigma_x, log sigma_y, raw rho.
    static let row: [Float] = [
        1.0, 0.0, -1.0,       // pen
        0.5, -0.5,            // pi
        2.0, -30.0,           // mu_x (the second component far away)
        1.0, 40.0,            // mu_y
        logf(0.5), logf(1.5), // log sigma_x
        logf(0.25), logf(2),  // log sigma_y
        atanhf(0.6), 0,       // rho
    ]

    static func softmax(_ v: [Float], _ t: Float) -> [Double] {
        let e = v.map { exp(Double($0 / t) - Double(v.max()! / t)) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    @Test func theDefaultKeepsThePenAtTheModelsOddsAndTheWeightsAtSketchRNNJSs() {
        #expect(SamplingTemperature(0.4) == SamplingTemperature(tau: 0.4, softmax: 0.7, pen: .untempered))
        #expect(SamplingTemperature.paper(0.4) == SamplingTemperature(tau: 0.4, softmax: 0.4, pen: .tempered))
        #expect(SamplingTemperature.sketchRNNJS(0.4) == SamplingTemperature(tau: 0.4, softmax: 0.7, pen: .tempered))
    }

    @Test func greedyTakesTheLikeliestComponentMeanAndPen() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<5 {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: .paper(0), rng: &rng) }
            #expect(p == DrawnPoint(dx: 2, dy: 1, pen: .down))
        }
    }

    @Test(arguments: [Float(1), 0.5])
    func drawsFollowTheMixtureAtTemperature(tau: Float) {
        var rng = SeededGenerator(seed: 2)
        let n = 40_000
        var pens = [0, 0, 0]
        var sumX = 0.0, sumY = 0.0
        var first = [(Double, Double)]()
        for _ in 0..<n {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: .paper(tau), rng: &rng) }
            pens[p.pen.rawValue] += 1
            sumX += Double(p.dx)
            sumY += Double(p.dy)
            if p.dx > -10 { first.append((Double(p.dx), Double(p.dy))) }
        }
        let q = Self.softmax([1, 0, -1], tau), pi = Self.softmax([0.5, -0.5], tau)
        for k in 0..<3 { #expect(abs(Double(pens[k]) / Double(n) - q[k]) < 0.012, "pen \(k)") }
        #expect(abs(sumX / Double(n) - (pi[0] * 2 + pi[1] * -30)) < 0.3)
        #expect(abs(sumY / Double(n) - (pi[0] * 1 + pi[1] * 40)) < 0.4)
        // The first component's spread: sigma × sqrt(tau) and correlation 0.6.
        let mx = first.map(\.0).reduce(0, +) / Double(first.count), my = first.map(\.1).reduce(0, +) / Double(first.count)
        let vx = first.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +) / Double(first.count)
        let vy = first.map { ($0.1 - my) * ($0.1 - my) }.reduce(0, +) / Double(first.count)
        let cxy = first.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / Double(first.count)
        #expect(abs(vx.squareRoot() - 0.5 * Double(tau).squareRoot()) < 0.03)
        #expect(abs(vy.squareRoot() - 0.25 * Double(tau).squareRoot()) < 0.02)
        #expect(abs(cxy / (vx * vy).squareRoot() - 0.6) < 0.03)
    }

    @Test func softmaxTemperatureCanBeSetApart() {
        let js = SamplingTemperature.sketchRNNJS(0)
        #expect(js.tau == 0 && js.softmax == 0.5)
        var rng = SeededGenerator(seed: 3)
        var pens = Set<Int>()
        for _ in 0..<200 {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: js, rng: &rng) }
            pens.insert(p.pen.rawValue)
            #expect(p.dx == 2 || p.dx == -30)  // sigma × 0: the means, but components still drawn
        }
        #expect(pens.count > 1)
    }

    /// The end state keeps its probability at temperature 1; pen down and up share the rest as
    /// their own softmax at the temperature says.
    @Test(arguments: [Float(0.2), 0.5, 1])
    func anUntemperedEndKeepsTheModelsEndProbability(tau: Float) {
        var rng = SeededGenerator(seed: 4)
        let t = SamplingTemperature(tau: tau, softmax: tau, pen: .untemperedEnd)
        let n = 40_000
        var pens = [0, 0, 0]
        for _ in 0..<n {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: t, rng: &rng) }
            pens[p.pen.rawValue] += 1
        }
        let end = Self.softmax([1, 0, -1], 1)[2], rest = Self.softmax([1, 0], tau)
        #expect(abs(Double(pens[2]) / Double(n) - end) < 0.006)
        #expect(abs(Double(pens[0]) / Double(n) - (1 - end) * rest[0]) < 0.012)
        #expect(abs(Double(pens[1]) / Double(n) - (1 - end) * rest[1]) < 0.012)
        // The paper's tempering makes the end far rarer at low temperature.
        if tau < 1 { #expect(Self.softmax([1, 0, -1], tau)[2] < end / 2) }
    }

    @Test func greedyWithAnUntemperedEndStillEnds() {
        var rng = SeededGenerator(seed: 5)
        let t = SamplingTemperature(tau: 0, softmax: 0, pen: .untemperedEnd)
        var pens = Set<Int>()
        for _ in 0..<400 {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: t, rng: &rng) }
            pens.insert(p.pen.rawValue)
            #expect(p.dx == 2 && p.dy == 1)
        }
        #expect(pens == [0, 2])  // pen up is never the argmax of down and up; the end comes at its odds
    }

    @Test func anUntemperedPenDrawsAllThreeStatesAtTheModelsOdds() {
        var rng = SeededGenerator(seed: 6)
        let t = SamplingTemperature(tau: 0.2, softmax: 0.2, pen: .untempered)
        let n = 40_000
        var pens = [0, 0, 0], components = [0, 0]
        for _ in 0..<n {
            let p = Self.row.withUnsafeBufferPointer { MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: 2), temperature: t, rng: &rng) }
            pens[p.pen.rawValue] += 1
            components[p.dx > -10 ? 0 : 1] += 1
        }
        let q = Self.softmax([1, 0, -1], 1), pi = Self.softmax([0.5, -0.5], 0.2)
        for k in 0..<3 { #expect(abs(Double(pens[k]) / Double(n) - q[k]) < 0.012, "pen \(k)") }
        #expect(abs(Double(components[0]) / Double(n) - pi[0]) < 0.01)  // the mixture weights stay tempered
    }
}
