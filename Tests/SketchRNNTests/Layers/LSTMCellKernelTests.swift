import Testing
@testable import SketchRNN

/// The C gate kernels (`sk_lstm_forward`/`sk_lstm_backward`, on this processor's widest vectors)
/// against the Swift formulation they replace, bit for bit: the LayerNorm cell still uses the Swift
/// one, and results must not depend on the instruction set.
struct LSTMCellKernelTests {
    static func values(_ n: Int, seed: UInt64, spread: Float) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        var v = (0..<n).map { _ in Float.random(in: -spread...spread, using: &rng) }
        // The exp clamps and the saturated ends of σ and tanh.
        if n > 6 { v[0] = 95; v[1] = -95; v[2] = 88.3; v[3] = -87.3; v[4] = 0; v[5] = -0.0 }
        return v
    }

    @Test(arguments: [(rows: 3, units: 13, masked: false), (rows: 5, units: 32, masked: true), (rows: 2, units: 7, masked: true)])
    func theKernelsGiveTheSwiftFormulasBits(rows: Int, units: Int, masked: Bool) {
        let H = units
        let gates = Self.values(rows * 4 * H, seed: 1, spread: 12)
        let cPrev = Self.values(rows * H, seed: 2, spread: 3)
        let dh = Self.values(rows * H, seed: 3, spread: 2)
        let dcIn = Self.values(rows * H, seed: 4, spread: 2)
        var rng = SeededGenerator(seed: 5)
        let keep: [UInt8] = (0..<(rows * H)).map { _ in UInt8.random(in: 0...1, using: &rng) }

        func run(_ kernel: Bool) -> (gates: [Float], c: [Float], h: [Float], grads: [Float], dc: [Float]) {
            func copy(_ values: [Float]) -> UnsafeMutablePointer<Float> {
                let p = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
                p.initialize(from: values, count: values.count)
                return p
            }
            let zeros = [Float](repeating: 0, count: rows * H)
            let g = copy(gates), cp = copy(cPrev), d = copy(dh), dc = copy(dcIn), c = copy(zeros), h = copy(zeros)
            let k = UnsafeMutablePointer<UInt8>.allocate(capacity: keep.count)
            k.initialize(from: keep, count: keep.count)
            defer { [g, cp, d, dc, c, h].forEach { $0.deallocate() }; k.deallocate() }
            let mask = masked ? DropoutMask(keep: k, scale: 1 / 0.9) : nil
            if kernel {
                LSTMCell.forward(rows: rows, units: H, gates: g, cPrev: cp, c: c, h: h, mask: mask)
            } else {
                LSTMCell.forwardLanes(rows: rows, units: H, gates: g, cPrev: cp, c: c, h: h, mask: mask)
            }
            func array(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> [Float] { Array(UnsafeBufferPointer(start: p, count: n)) }
            let activated = array(g, rows * 4 * H)
            if kernel {
                LSTMCell.backward(rows: rows, units: H, gates: g, cPrev: cp, c: c, mask: mask, dh: d, dc: dc)
            } else {
                LSTMCell.backwardLanes(rows: rows, units: H, gates: g, cPrev: cp, c: c, mask: mask, dh: d, dc: dc)
            }
            return (activated, array(c, rows * H), array(h, rows * H), array(g, rows * 4 * H), array(dc, rows * H))
        }
        let kernel = run(true), lanes = run(false)
        func bits(_ v: [Float]) -> [UInt32] { v.map(\.bitPattern) }
        #expect(bits(kernel.gates) == bits(lanes.gates), "activations")
        #expect(bits(kernel.c) == bits(lanes.c) && bits(kernel.h) == bits(lanes.h), "c and h")
        #expect(bits(kernel.grads) == bits(lanes.grads), "gate gradients")
        #expect(bits(kernel.dc) == bits(lanes.dc), "dc")
        #expect(kernel.h.allSatisfy(\.isFinite) && kernel.grads.allSatisfy(\.isFinite))
    }
}
