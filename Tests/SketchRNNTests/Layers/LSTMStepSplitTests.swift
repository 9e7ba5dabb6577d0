import Testing
@testable import SketchRNN

/// The plain LSTM's steps shared by the cores (`StepSplit`): each core computes its units' gate
/// columns of the products and then their elementwise work. 128 units and 16 rows make four or more
/// pieces for two cores; the gradient tests in `LayerGradientTests` run on one piece.
@Suite struct LSTMStepSplitTests {
    struct Run {
        var h: [Float], c: [Float], dx: [Float], dwxh: [Float], dwhh: [Float], dbias: [Float], dh0: [Float], dc0: [Float]

        /// The names of the arrays that differ from `other`'s in any bit.
        func differences(from other: Run) -> [String] {
            let pairs: [(String, [Float], [Float])] = [
                ("h", h, other.h), ("c", c, other.c), ("dx", dx, other.dx), ("dwxh", dwxh, other.dwxh),
                ("dwhh", dwhh, other.dwhh), ("dbias", dbias, other.dbias), ("dh0", dh0, other.dh0), ("dc0", dc0, other.dc0),
            ]
            return pairs.filter { $0.1.map(\.bitPattern) != $0.2.map(\.bitPattern) }.map(\.0)
        }
    }

    static let nin = 5, N = 16, T = 4, H = 128

    /// One forward and backward pass on `workers` cores; `rowBias` picks the per-row bias (the VAE's
    /// decoder) over the shared one.
    static func run(workers: Int, rowBias: Bool, values: [[Float]], r: [Float]) -> Run {
        let (x, wxh, whh, bias, h0, c0) = (values[0], values[1], values[2], values[3], values[4], values[5])
        return Parallel.withWorkers(workers) {
            let lstm = LSTMSequence(inputSize: nin, units: H, maxRows: N, maxSteps: T, dropout: true)
            let maskKey = DropoutKey(pass: NoiseKey(5), firstRow: 0, layer: 1)
            lstm.forward(steps: T, rows: N, x: x, wxh: wxh, whh: whh, bias: rowBias ? nil : bias,
                         rowBias: rowBias ? bias : nil, initialH: h0, initialC: c0, initialStride: H, dropoutKeep: 0.7,
                         dropout: maskKey)
            let h = Array(UnsafeBufferPointer(start: lstm.h(1, rows: N), count: T * N * H))
            let c = Array(UnsafeBufferPointer(start: lstm.c(1, rows: N), count: T * N * H))
            r.withUnsafeBufferPointer { lstm.dOutputs.pointer.update(from: $0.baseAddress!, count: r.count) }
            var out = Run(h: h, c: c, dx: .init(repeating: 0, count: x.count), dwxh: .init(repeating: 0, count: wxh.count),
                          dwhh: .init(repeating: 0, count: whh.count), dbias: .init(repeating: 0, count: bias.count),
                          dh0: .init(repeating: 0, count: N * H), dc0: .init(repeating: 0, count: N * H))
            out.dbias.withUnsafeMutableBufferPointer { db in
                let d = db.baseAddress!
                lstm.backward(steps: T, rows: N, x: x, wxh: wxh, whh: whh, dWxh: &out.dwxh, dWhh: &out.dwhh,
                              dBias: rowBias ? nil : d, dRowBias: rowBias ? d : nil, dx: &out.dx, dh0: &out.dh0, dc0: &out.dc0)
            }
            return out
        }
    }

    static func values(rowBias: Bool) -> (values: [[Float]], r: [Float]) {
        var rng = SeededGenerator(seed: 21)
        let G = 4 * H
        let values = [
            GradientCheck.randomArray(T * N * nin, rng: &rng), GradientCheck.randomArray(nin * G, scale: 0.3, rng: &rng),
            GradientCheck.randomArray(H * G, scale: 0.15, rng: &rng),
            GradientCheck.randomArray((rowBias ? N : 1) * G, scale: 0.3, rng: &rng),
            GradientCheck.randomArray(N * H, scale: 0.5, rng: &rng), GradientCheck.randomArray(N * H, scale: 0.5, rng: &rng),
        ]
        return (values, GradientCheck.randomArray(T * N * H, rng: &rng))
    }

    @Test(arguments: [false, true])
    func oneCoreAndTwoGiveTheSameBits(rowBias: Bool) {
        #expect(StepSplit(units: Self.H, rows: Self.N, packed: true).pieces >= 4 || !PackedMatrix.isAvailable || Parallel.workers == 1)
        let (values, r) = Self.values(rowBias: rowBias)
        let one = Self.run(workers: 1, rowBias: rowBias, values: values, r: r)
        let two = Self.run(workers: 2, rowBias: rowBias, values: values, r: r)
        #expect(one.differences(from: two).isEmpty, "\(one.differences(from: two))")
        #expect(one.h.contains { $0 != 0 } && one.dwxh.contains { $0 != 0 } && one.dbias.contains { $0 != 0 })
    }

    @Test(arguments: [false, true])
    func theSplitStepsGradientsMatchFiniteDifferences(rowBias: Bool) {
        var (values, r) = Self.values(rowBias: rowBias)
        let analytic = Self.run(workers: 2, rowBias: rowBias, values: values, r: r)
        func loss(_ v: [[Float]]) -> Double {
            let out = Self.run(workers: 2, rowBias: rowBias, values: v, r: r)
            return zip(out.h, r).reduce(0) { $0 + Double($1.0 * $1.1) }
        }
        var rng = SeededGenerator(seed: 22)
        var bad: [GradientCheck.Mismatch] = []
        let grads = [analytic.dx, analytic.dwxh, analytic.dwhh, analytic.dbias, analytic.dh0, analytic.dc0]
        for (k, label) in ["x", "wxh", "whh", "bias", "h0", "c0"].enumerated() {
            let others = values
            bad += GradientCheck.check(label, values: &values[k], indices: GradientCheck.sample(values[k].count, 12, rng: &rng),
                                       analytic: grads[k]) { v in
                var all = others
                all[k] = v
                return loss(all)
            }
        }
        #expect(bad.isEmpty, "\(bad)")
    }
}
