/// The fused elementwise part of one LSTM step for a batch (SPEC §2): the gate non-linearities and
/// the state update, forward and backward. The matrix products that feed it run elsewhere, batched.
///
/// Layout: `gates [rows, 4H]` in the order i, j, f, o; `c`, `h` and `mask` are `[rows, H]`.
/// Forward overwrites the pre-activations in `gates` with `σ(i), tanh(j), σ(f + 1), σ(o)` (what the
/// backward pass needs, with `c`; `tanh(c)` is recomputed rather than stored); backward overwrites
/// those with the gradients of the pre-activations. `mask` is recurrent dropout's on `tanh(j)`.
/// The inner loops are plain arithmetic over contiguous rows, which the compiler vectorises.
enum LSTMCell {
    static func forward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, mask: DropoutMask?
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            for r in range {
                let i = gates + r * 4 * H, j = i + H, f = j + H, o = f + H
                activate(i: i, j: j, f: f, o: o, count: H)
                let cp = cPrev + r * H, cr = c + r * H, hr = h + r * H
                if let mask {
                    let m = mask.row(r, units: H)
                    for k in 0..<H { cr[k] = cp[k] * f[k] + i[k] * j[k] * m[k] }
                } else {
                    for k in 0..<H { cr[k] = cp[k] * f[k] + i[k] * j[k] }
                }
                for k in 0..<H { hr[k] = FastMath.tanh(cr[k]) * o[k] }
            }
        }
    }

    @inline(__always)
    private static func activate(
        i: UnsafeMutablePointer<Float>, j: UnsafeMutablePointer<Float>, f: UnsafeMutablePointer<Float>,
        o: UnsafeMutablePointer<Float>, count: Int
    ) {
        for k in 0..<count { i[k] = FastMath.sigmoid(i[k]) }
        for k in 0..<count { j[k] = FastMath.tanh(j[k]) }
        for k in 0..<count { f[k] = FastMath.sigmoid(f[k] + 1) }
        for k in 0..<count { o[k] = FastMath.sigmoid(o[k]) }
    }

    /// `dh` is the whole gradient reaching `h_t`; `dc` holds the gradient reaching `c_t` from step
    /// t + 1 on entry and the gradient of `c_{t-1}` on return.
    static func backward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafePointer<Float>, mask: DropoutMask?, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            for r in range {
                let gi = gates + r * 4 * H, gj = gi + H, gf = gj + H, go = gf + H
                let cp = cPrev + r * H, cr = c + r * H, d = dh + r * H, dcr = dc + r * H
                if let mask {
                    let m = mask.row(r, units: H)
                    for k in 0..<H {
                        let i = gi[k], j = gj[k], f = gf[k], o = go[k], t = FastMath.tanh(cr[k])
                        let dct = dcr[k] + d[k] * o * (1 - t * t)
                        gi[k] = dct * j * m[k] * i * (1 - i)
                        gj[k] = dct * i * m[k] * (1 - j * j)
                        gf[k] = dct * cp[k] * f * (1 - f)
                        go[k] = d[k] * t * o * (1 - o)
                        dcr[k] = dct * f
                    }
                } else {
                    for k in 0..<H {
                        let i = gi[k], j = gj[k], f = gf[k], o = go[k], t = FastMath.tanh(cr[k])
                        let dct = dcr[k] + d[k] * o * (1 - t * t)
                        gi[k] = dct * j * i * (1 - i)
                        gj[k] = dct * i * (1 - j * j)
                        gf[k] = dct * cp[k] * f * (1 - f)
                        go[k] = d[k] * t * o * (1 - o)
                        dcr[k] = dct * f
                    }
                }
            }
        }
    }
}
