import Foundation
import Testing
@testable import SketchRNN

/// One step of each cell against a direct double-precision transcription of docs/model.md §2.
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
        norms.withUnsafeBufferPointer { nb in
            let b = nb.baseAddress!
            lstm.forward(steps: 1, rows: 1, x: x, wxh: wxh, whh: whh, bias: bias, rowBias: nil, initialH: h0, initialC: c0,
                         initialStride: H, dropoutKeep: nil,
                         norms: layerNorm ? .init(gamma: b, beta: b + 4 * H, gammaC: b + 8 * H, betaC: b + 9 * H) : nil,
                         dropout: nil)
        }
        for k in 0..<H {
            #expect(abs(Double(lstm.h(1, rows: 1)[k]) - h[k]) < 1e-5)
            #expect(abs(Double(lstm.c(1, rows: 1)[k]) - c[k]) < 1e-5)
        }
    }
}

/// One HyperLSTM step through `DecoderStepper` against a direct transcription of docs/model.md §2 / TF.
@Suite struct HyperLSTMReferenceTests {
    typealias R = CellReferenceTests

    @Test func oneStepMatchesTheSpec() throws {
        let config = ModelConfig(type: .decoder, cell: .hyper, decoderSize: 4, mixtures: 1, hyperSize: 3, hyperEmbedding: 2)
        let H = 4, Hh = 3, E = 2, G = 16, Gh = 12
        var rng = SeededGenerator(seed: 41)
        var p = Parameters.initialized(config: config, seed: 41)
        for i in p.values.indices { p.values[i] += 0.4 * rng.nextGaussian() }
        func t(_ name: String) throws -> [Double] { try p.tensor(name).data.map(Double.init) }
        let x: [Double] = [0.3, -0.2, 0, 1, 0]
        let state = (0..<(2 * (H + Hh))).map { _ in Double(0.5 * rng.nextGaussian()) }
        let h = Array(state[0..<H]), hh = Array(state[H..<(H + Hh)])
        let c = Array(state[(H + Hh)..<(2 * H + Hh)]), hc = Array(state[(2 * H + Hh)...])
        func matvec(_ v: [Double], _ w: [Double], rowOffset: Int = 0, columns: Int) -> [Double] {
            (0..<columns).map { col in v.indices.reduce(0) { $0 + v[$1] * w[($1 + rowOffset) * columns + col] } }
        }
        func norm(_ v: [Double], _ g: [Double], _ b: [Double]) -> [Double] {
            R.layerNorm(v, ArraySlice(g.map(Float.init)), ArraySlice(b.map(Float.init)))
        }
        func lnLSTM(_ a: [Double], _ c: [Double], _ n: Int, prefix: String) throws -> (h: [Double], c: [Double]) {
            let gamma = try t("\(prefix).ln.gamma"), beta = try t("\(prefix).ln.beta")
            var a = a
            for b in 0..<4 {
                let r = (b * n)..<((b + 1) * n)
                a.replaceSubrange(r, with: norm(Array(a[r]), Array(gamma[r]), Array(beta[r])))
            }
            let c2 = (0..<n).map { c[$0] * R.sigmoid(a[2 * n + $0] + 1) + R.sigmoid(a[$0]) * Foundation.tanh(a[n + $0]) }
            let lc = norm(c2, try t("\(prefix).lnc.gamma"), try t("\(prefix).lnc.beta"))
            return ((0..<n).map { Foundation.tanh(lc[$0]) * R.sigmoid(a[3 * n + $0]) }, c2)
        }
        // Hyper cell on [x; h].
        let hyperPre = zip(matvec(x + h, try t("decoder.hyper.wxh"), columns: Gh),
                           matvec(hh, try t("decoder.hyper.whh"), columns: Gh)).map { $0 + $1 }
        let hyperOut = try lnLSTM(hyperPre, hc, Hh, prefix: "decoder.hyper")
        // Per-block scalings and shifts.
        let zw = zip(matvec(hyperOut.h, try t("decoder.hyper.zw.weight"), columns: 8 * E), try t("decoder.hyper.zw.bias"))
            .map { $0 + $1 }
        let zb = matvec(hyperOut.h, try t("decoder.hyper.zb"), columns: 4 * E)
        let alphaW = try t("decoder.hyper.alpha"), betaW = try t("decoder.hyper.beta")
        func block(_ emb: [Double], _ w: [Double], _ b: Int) -> [Double] {
            matvec(Array(emb[(b * E)..<((b + 1) * E)]), Array(w[(b * E * H)..<((b + 1) * E * H)]), columns: H)
        }
        let xh = matvec(x, try t("decoder.wxh"), columns: G), hW = matvec(h, try t("decoder.whh"), columns: G)
        let bias = try t("decoder.bias")
        var pre = [Double](repeating: 0, count: G)
        for gate in 0..<4 {
            let ax = block(zw, alphaW, gate), ahh = block(zw, alphaW, 4 + gate), be = block(zb, betaW, gate)
            for k in 0..<H {
                let i = gate * H + k
                pre[i] = ax[k] * xh[i] + ahh[k] * hW[i] + be[k] + bias[i]
            }
        }
        let mainOut = try lnLSTM(pre, c, H, prefix: "decoder")
        let expected = mainOut.h + hyperOut.h + mainOut.c + hyperOut.c
        // Ours.
        let stepper = try DecoderStepper(parameters: p, config: config, capacity: 1)
        stepper.start(rows: 1)
        stepper.setState(row: 0, state.map(Float.init))
        stepper.step(x.map(Float.init))
        let got = stepper.state(row: 0)
        #expect(got.count == expected.count)
        for k in expected.indices { #expect(abs(Double(got[k]) - expected[k]) < 1e-5, "state[\(k)]") }
    }
}
