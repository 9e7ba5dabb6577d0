import Foundation
import Testing
@testable import SketchRNN

@Suite struct OptimizerTests {
    @Test func adamMatchesTheFormulaForTwoSteps() {
        var adam = AdamOptimizer(parameterCount: 2)
        var p: [Float] = [1, -2]
        let g1: [Float] = [0.5, -0.25], g2: [Float] = [-1, 2]
        adam.update(parameters: &p, gradients: g1, learningRate: 0.1)
        adam.update(parameters: &p, gradients: g2, learningRate: 0.1)
        // Reference in Double, written out from TF's formula.
        var q: [Double] = [1, -2], m: [Double] = [0, 0], v: [Double] = [0, 0]
        for (t, g) in [(1.0, g1), (2.0, g2)] {
            let lr = 0.1 * (1 - pow(0.999, t)).squareRoot() / (1 - pow(0.9, t))
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * Double(g[i])
                v[i] = 0.999 * v[i] + 0.001 * Double(g[i]) * Double(g[i])
                q[i] -= lr * m[i] / (v[i].squareRoot() + 1e-8)
            }
        }
        for i in 0..<2 { #expect(abs(Double(p[i]) - q[i]) < 1e-6) }
        #expect(adam.updates == 2)
    }

    @Test func adamMinimisesAQuadratic() {
        var adam = AdamOptimizer(parameterCount: 3)
        var p: [Float] = [3, -1, 0.5]
        let target: [Float] = [0.25, 0.5, -2]
        for _ in 0..<2000 {
            let g = zip(p, target).map { 2 * ($0 - $1) }
            adam.update(parameters: &p, gradients: g, learningRate: 0.01)
        }
        for i in 0..<3 { #expect(abs(p[i] - target[i]) < 1e-2) }
    }

    @Test func clippingByValueClampsEachComponent() {
        var g: [Float] = [0.5, -3, 2, -0.25]
        let report = GradientClipping.value(1).apply(to: &g)
        #expect(g == [0.5, -1, 1, -0.25])
        #expect(report.isFinite)
        #expect(abs(report.norm - (0.25 + 9 + 4 + 0.0625).squareRoot()) < 1e-5)
    }

    @Test func clippingByNormRescalesOnlyLargeGradients() {
        var g: [Float] = [3, 4]
        GradientClipping.norm(1).apply(to: &g)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
        var small: [Float] = [0.3, 0.4]
        GradientClipping.norm(1).apply(to: &small)
        #expect(small == [0.3, 0.4])
    }

    @Test func clippingReportsNonFiniteGradientsAndLeavesThem() {
        var g: [Float] = [0.5, .nan, 2]
        let report = GradientClipping.value(1).apply(to: &g)
        #expect(!report.isFinite)
        var h: [Float] = [.infinity, 0]
        #expect(!GradientClipping.norm(1).apply(to: &h).isFinite)
    }

    @Test func learningRateDecaysToItsFloor() {
        let s = LearningRateSchedule(initial: 1e-3, minimum: 1e-5, decayRate: 0.9999)
        #expect(s.rate(at: 0) == 1e-3)
        #expect(abs(s.rate(at: 10000) - ((1e-3 - 1e-5) * powf(0.9999, 10000) + 1e-5)) < 1e-9)
        #expect(abs(s.rate(at: 10_000_000) - 1e-5) < 1e-9)
    }

    @Test func klWeightRisesFromItsStartToTheWeight() {
        let s = KLWeightSchedule(weight: 0.5, start: 0.01, decayRate: 0.99995)
        #expect(abs(s.weight(at: 0) - 0.01) < 1e-7)
        #expect(s.weight(at: 1000) > s.weight(at: 100))
        #expect(abs(s.weight(at: 5_000_000) - 0.5) < 1e-6)
    }
}
