/// The fused elementwise part of one LSTM step for a batch (SPEC §2): the gate non-linearities and
/// the state update, forward and backward. The matrix products that feed it run elsewhere, batched.
///
/// Layout: `gates [rows, 4H]` in the order i, j, f, o; `c`, `h`, `tanhC` and `mask` are `[rows, H]`.
/// Forward overwrites the pre-activations in `gates` with `σ(i), tanh(j), σ(f + 1), σ(o)` (what the
/// backward pass needs); backward overwrites those with the gradients of the pre-activations.
/// `mask` holds recurrent dropout's factors on `tanh(j)` (0 or 1/keep), or is nil without dropout.
enum LSTMCell {
    typealias V = FastMath.V

    static func forward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        tanhC: UnsafeMutablePointer<Float>?, mask: UnsafePointer<Float>?
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            for r in range {
                let g = gates + r * 4 * H, cp = cPrev + r * H, cr = c + r * H, hr = h + r * H
                var k = 0
                while k + 8 <= H {
                    let i = FastMath.sigmoid(FastMath.load(g + k))
                    let j = FastMath.tanh(FastMath.load(g + H + k))
                    let f = FastMath.sigmoid(FastMath.load(g + 2 * H + k) + 1)
                    let o = FastMath.sigmoid(FastMath.load(g + 3 * H + k))
                    let jm = mask.map { j * FastMath.load($0 + r * H + k) } ?? j
                    let cn = FastMath.load(cp + k) * f + i * jm
                    let tc = FastMath.tanh(cn)
                    FastMath.store(i, g + k)
                    FastMath.store(j, g + H + k)
                    FastMath.store(f, g + 2 * H + k)
                    FastMath.store(o, g + 3 * H + k)
                    FastMath.store(cn, cr + k)
                    FastMath.store(tc * o, hr + k)
                    if let tanhC { FastMath.store(tc, tanhC + r * H + k) }
                    k += 8
                }
                while k < H {
                    let i = FastMath.sigmoid(g[k]), j = FastMath.tanh(g[H + k])
                    let f = FastMath.sigmoid(g[2 * H + k] + 1), o = FastMath.sigmoid(g[3 * H + k])
                    let jm = mask.map { j * $0[r * H + k] } ?? j
                    let cn = cp[k] * f + i * jm
                    let tc = FastMath.tanh(cn)
                    g[k] = i; g[H + k] = j; g[2 * H + k] = f; g[3 * H + k] = o
                    cr[k] = cn
                    hr[k] = tc * o
                    tanhC?[r * H + k] = tc
                    k += 1
                }
            }
        }
    }

    /// `dh` is the whole gradient reaching `h_t`; `dc` holds the gradient reaching `c_t` from step
    /// t + 1 on entry and the gradient of `c_{t-1}` on return.
    static func backward(
        rows: Int, units: Int, gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>,
        tanhC: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>
    ) {
        let H = units
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 16384 / H)) { range in
            for r in range {
                let g = gates + r * 4 * H, cp = cPrev + r * H, tc = tanhC + r * H
                let dhr = dh + r * H, dcr = dc + r * H
                var k = 0
                while k + 8 <= H {
                    let i = FastMath.load(g + k), j = FastMath.load(g + H + k)
                    let f = FastMath.load(g + 2 * H + k), o = FastMath.load(g + 3 * H + k)
                    let t = FastMath.load(tc + k), d = FastMath.load(dhr + k)
                    let m = mask.map { FastMath.load($0 + r * H + k) } ?? V(repeating: 1)
                    let dct = FastMath.load(dcr + k) + d * o * (1 - t * t)
                    FastMath.store(dct * j * m * i * (1 - i), g + k)
                    FastMath.store(dct * i * m * (1 - j * j), g + H + k)
                    FastMath.store(dct * FastMath.load(cp + k) * f * (1 - f), g + 2 * H + k)
                    FastMath.store(d * t * o * (1 - o), g + 3 * H + k)
                    FastMath.store(dct * f, dcr + k)
                    k += 8
                }
                while k < H {
                    let i = g[k], j = g[H + k], f = g[2 * H + k], o = g[3 * H + k]
                    let t = tc[k], d = dhr[k]
                    let m = mask.map { $0[r * H + k] } ?? 1
                    let dct = dcr[k] + d * o * (1 - t * t)
                    g[k] = dct * j * m * i * (1 - i)
                    g[H + k] = dct * i * m * (1 - j * j)
                    g[2 * H + k] = dct * cp[k] * f * (1 - f)
                    g[3 * H + k] = d * t * o * (1 - o)
                    dcr[k] = dct * f
                    k += 1
                }
            }
        }
    }
}
