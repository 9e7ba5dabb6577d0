import CSketchKernels

/// The fused elementwise part of one LSTM step for a batch (docs/model.md §2): the gate non-linearities and
/// the state update, forward and backward. The matrix products that feed it run elsewhere, batched.
///
/// Layout: `gates [rows, 4H]` in the order i, j, f, o; `c`, `h` and `mask` are `[rows, H]`.
/// Forward overwrites the pre-activations in `gates` with `σ(i), tanh(j), σ(f + 1), σ(o)` (what the
/// backward pass needs, with `c`; `tanh(c)` is recomputed rather than stored); backward overwrites
/// those with the gradients of the pre-activations. `mask` is recurrent dropout's on `tanh(j)`.
/// Units go eight lanes at a time (`FastMath.Lanes`); a last partial group is gathered into lanes
/// and scattered back, so that one formula serves every unit.
enum LSTMCell {
    /// Units `k ..< k + n` of one row's gates `g [4H]`: writes `σ(i), tanh(j), σ(f + 1), σ(o)` over the
    /// pre-activations and returns the new cell state with `σ(o)`. The LayerNorm cell shares it, so
    /// that the two cells cannot drift apart in the gate arithmetic.
    @inline(__always)
    static func activateGates(_ g: UnsafeMutablePointer<Float>, units H: Int, cPrev: UnsafePointer<Float>,
                              mask: DropoutMask?, _ k: Int, _ n: Int) -> (c: FastMath.Lanes, o: FastMath.Lanes) {
        let i = g, j = g + H, f = g + 2 * H, o = g + 3 * H
        let si = FastMath.sigmoid(i.lanes(k, n)), tj = FastMath.tanh(j.lanes(k, n))
        let sf = FastMath.sigmoid(f.lanes(k, n) + 1), so = FastMath.sigmoid(o.lanes(k, n))
        i.setLanes(k, n, si); j.setLanes(k, n, tj); f.setLanes(k, n, sf); o.setLanes(k, n, so)
        let input = mask.map { si * tj * $0.lanes(k, n) } ?? si * tj
        return (cPrev.lanes(k, n) * sf + input, so)
    }

    /// Runs in `sk_lstm_forward` (C, on the widest vectors), whose arithmetic is `activateGates` and
    /// `FastMath`'s bit for bit (`LSTMCellTests`).
    static func forward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, mask: DropoutMask?
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            let r = range.lowerBound
            sk_lstm_forward(Int32(range.count), Int32(H), 0, Int32(H), gates + r * 4 * H, cPrev + r * H, c + r * H, h + r * H,
                            mask.map { $0.keep + r * H }, mask?.scale ?? 1)
        }
    }

    /// Units `units` of every row (`H` in all), on the calling thread: one core's share of a step.
    static func forward(
        rows: Int, units H: Int, range: Range<Int>, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, mask: DropoutMask?
    ) {
        sk_lstm_forward(Int32(rows), Int32(H), Int32(range.lowerBound), Int32(range.count), gates, cPrev, c, h,
                        mask?.keep, mask?.scale ?? 1)
    }

    /// The Swift formulation of `forward`, eight units at a time: the reference the C kernel is
    /// checked against, and the LayerNorm cell's arithmetic.
    static func forwardLanes(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, mask: DropoutMask?
    ) {
        let H = units
        for r in 0..<rows {
            let g = gates + r * 4 * H, cp = cPrev + r * H, cr = c + r * H, hr = h + r * H
            let m = mask?.row(r, units: H)
            for k in stride(from: 0, to: H, by: 8) {
                let n = min(8, H - k)
                let (ck, so) = activateGates(g, units: H, cPrev: cp, mask: m, k, n)
                cr.setLanes(k, n, ck)
                hr.setLanes(k, n, FastMath.tanh(ck) * so)
            }
        }
    }

    /// `dh` is the whole gradient reaching `h_t`; `dc` holds the gradient reaching `c_t` from step
    /// t + 1 on entry and the gradient of `c_{t-1}` on return. Runs in `sk_lstm_backward` (C), bit
    /// for bit `backwardLanes`.
    static func backward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafePointer<Float>, mask: DropoutMask?, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            let r = range.lowerBound
            sk_lstm_backward(Int32(range.count), Int32(H), 0, Int32(H), gates + r * 4 * H, cPrev + r * H, c + r * H,
                             mask.map { $0.keep + r * H }, mask?.scale ?? 1, dh + r * H, dc + r * H)
        }
    }

    /// Units `range` of every row (`H` in all), on the calling thread.
    static func backward(
        rows: Int, units H: Int, range: Range<Int>, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafePointer<Float>, mask: DropoutMask?, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>
    ) {
        sk_lstm_backward(Int32(rows), Int32(H), Int32(range.lowerBound), Int32(range.count), gates, cPrev, c,
                         mask?.keep, mask?.scale ?? 1, dh, dc)
    }

    /// The Swift formulation of `backward`, the reference of the C kernel.
    static func backwardLanes(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafePointer<Float>, mask: DropoutMask?, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>
    ) {
        let H = units
        for r in 0..<rows {
            let gi = gates + r * 4 * H, gj = gi + H, gf = gj + H, go = gf + H
            let cp = cPrev + r * H, cr = c + r * H, d = dh + r * H, dcr = dc + r * H
            let m = mask?.row(r, units: H)
            for k in stride(from: 0, to: H, by: 8) {
                let n = min(8, H - k)
                let i = gi.lanes(k, n), j = gj.lanes(k, n), f = gf.lanes(k, n), o = go.lanes(k, n)
                let dk = d.lanes(k, n), t = FastMath.tanh(cr.lanes(k, n))
                let dct = dcr.lanes(k, n) + dk * o * (1 - t * t)
                if let m {
                    let mk = m.lanes(k, n)
                    gi.setLanes(k, n, dct * j * mk * i * (1 - i))
                    gj.setLanes(k, n, dct * i * mk * (1 - j * j))
                } else {
                    gi.setLanes(k, n, dct * j * i * (1 - i))
                    gj.setLanes(k, n, dct * i * (1 - j * j))
                }
                gf.setLanes(k, n, dct * cp.lanes(k, n) * f * (1 - f))
                go.setLanes(k, n, dk * t * o * (1 - o))
                dcr.setLanes(k, n, dct * f)
            }
        }
    }
}
