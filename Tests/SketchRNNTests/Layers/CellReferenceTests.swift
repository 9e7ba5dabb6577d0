import Foundation
import Testing
@testable import SketchRNN

/// One step of each cell against a direct double-precision transcription of SPEC §2.
@Suite struct CellReferenceTests {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    static func layerNorm(_ v: [Double], _ gamma: ArraySlice<Float>, _ beta: ArraySlice<Float>) -> [Double] {
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
        let g = Array(gamma), b = Array(beta)
        return v.indices.map { Double(g[$0]) * (v[$0] - mean) / (variance + 1e-3).squareRoot() + Double(b[$0]) }
    }

    @Test(arguments: [false, true])
    func oneStepMatchesTheSpec(layerNorm: Bool) {
        var rng = SeededGenerator(seed: 31)
        let nin = 3, H = 4, G = 4 * H
        let x = GradientCheck.randomArray(nin, rng: &rng), h0 = GradientCheck.randomArray(H, rng: &rng)
        let c0 = GradientCheck.randomArray(H, rng: &rng)
        let wxh = GradientCheck.randomArray(nin * G, scale: 0.6, rng: &rng)
        let whh = GradientCheck.randomArray(H * G, scale: 0.6, rng: &rng)
        let bias = layerNorm ? [Float](repeating: 0, count: G) : GradientCheck.randomArray(G, scale: 0.3, rng: &rng)
        var norms = GradientCheck.randomArray(10 * H, scale: 0.3, rng: &rng)
        for k in 0..<(4 * H) { norms[k] += 1 }
        // Reference.
        var a = [Double](repeating: 0, count: G)
        for col in 0..<G {
            var s = Double(bias[col])
            for k in 0..<nin { s += Double(x[k] * wxh[k * G + col]) }
            for k in 0..<H { s += Double(h0[k] * whh[k * G + col]) }
            a[col] = s
        }
        if layerNorm {
            for b in 0..<4 {
                let block = Self.layerNorm(Array(a[(b * H)..<((b + 1) * H)]), norms[(b * H)..<((b + 1) * H)],
                                      norms[(4 * H + b * H)..<(4 * H + (b + 1) * H)])
                a.replaceSubrange((b * H)..<((b + 1) * H), with: block)
            }
        }
        var c = [Double](repeating: 0, count: H)
        for k in 0..<H {
            c[k] = Double(c0[k]) * Self.sigmoid(a[2 * H + k] + 1) + Self.sigmoid(a[k]) * Foundation.tanh(a[H + k])
        }
        let squashed = layerNorm ? Self.layerNorm(c, norms[(8 * H)..<(9 * H)], norms[(9 * H)..<(10 * H)]) : c
        let h = (0..<H).map { Foundation.tanh(squashed[$0]) * Self.sigmoid(a[3 * H + $0]) }
        // Ours.
        let lstm = LSTMSequence(inputSize: nin, units: H, maxRows: 1, maxSteps: 1, dropout: false, layerNorm: layerNorm)
        var r = SeededGenerator(seed: 0)
        norms.withUnsafeBufferPointer { nb in
            let b = nb.baseAddress!
            lstm.forward(steps: 1, rows: 1, x: x, wxh: wxh, whh: whh, bias: bias, rowBias: nil, initialH: h0, initialC: c0,
                         initialStride: H, dropoutKeep: nil,
                         norms: layerNorm ? .init(gamma: b, beta: b + 4 * H, gammaC: b + 8 * H, betaC: b + 9 * H) : nil,
                         rng: &r)
        }
        for k in 0..<H {
            #expect(abs(Double(lstm.h(1, rows: 1)[k]) - h[k]) < 1e-5)
            #expect(abs(Double(lstm.c(1, rows: 1)[k]) - c[k]) < 1e-5)
        }
    }
}
