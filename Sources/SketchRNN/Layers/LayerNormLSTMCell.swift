/// The fused elementwise part of one LayerNorm LSTM step (TF's `LayerNormLSTMCell`, docs/model.md §2), forward
/// and backward, for a batch: each of the four `H`-blocks of the pre-activation is normalised on its
/// own (epsilon 1e-3) then scaled by `gamma` and shifted by `beta` (size 4H); the new cell `c'` is
/// normalised likewise (its own gamma/beta of size H) before its tanh.
///
/// Buffers per step (rows × ...): `gates [4H]` (pre-activations in, activations out, gradients of
/// the pre-activations after backward), `norm [4H]` and `rstd [4]` (the normalised pre-activations and
/// their inverse deviations), `c`, `normC`, `tanhC [H]`, `rstdC [1]`. Elementwise loops run on eight
/// lanes (`FastMath.Lanes`), and the norms' sums in eight partial sums (`laneSum`).
enum LayerNormLSTMCell {
    static let epsilon: Float = 1e-3

    struct Norms {
        var gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>
        var gammaC: UnsafePointer<Float>, betaC: UnsafePointer<Float>
    }

    struct NormGradients {
        var gamma: UnsafeMutablePointer<Float>, beta: UnsafeMutablePointer<Float>
        var gammaC: UnsafeMutablePointer<Float>, betaC: UnsafeMutablePointer<Float>
    }

    /// Saved activations of one step.
    struct Step {
        var gates: UnsafeMutablePointer<Float>, norm: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>
        var c: UnsafeMutablePointer<Float>, normC: UnsafeMutablePointer<Float>, rstdC: UnsafeMutablePointer<Float>
        var tanhC: UnsafeMutablePointer<Float>, mask: DropoutMask?
    }

    /// `Σ_k term(k)` over `0 ..< count`: eight running sums over the whole groups of lanes (`lanes(k)`
    /// gives the terms k ..< k + 8), then the rest one by one (`tail(k)`). A long sum in one register
    /// waits on every addition; eight independent ones do not.
    @inline(__always)
    static func laneSum(_ count: Int, lanes: (Int) -> FastMath.Lanes, tail: (Int) -> Float) -> Float {
        var acc = FastMath.Lanes()
        var k = 0
        while k + 8 <= count {
            acc += lanes(k)
            k += 8
        }
        var sum = acc.sum()
        while k < count {
            sum += tail(k)
            k += 1
        }
        return sum
    }

    /// Normalises `x [count]` in place into `norm` and returns the inverse deviation; `x` becomes
    /// `gamma · norm + beta`.
    @inline(__always)
    static func normalize(_ x: UnsafeMutablePointer<Float>, norm: UnsafeMutablePointer<Float>, count: Int,
                          gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>) -> Float {
        let mean = laneSum(count) { x.lanes($0) } tail: { x[$0] } / Float(count)
        let sq = laneSum(count) { (x.lanes($0) - mean) * (x.lanes($0) - mean) } tail: { (x[$0] - mean) * (x[$0] - mean) }
        let rstd = 1 / (sq / Float(count) + epsilon).squareRoot()
        for k in stride(from: 0, to: count, by: 8) {
            let n = min(8, count - k)
            let v = (x.lanes(k, n) - mean) * rstd
            norm.setLanes(k, n, v)
            x.setLanes(k, n, gamma.lanes(k, n) * v + beta.lanes(k, n))
        }
        return rstd
    }

    /// Turns `dy` (gradient of `gamma · norm + beta`) into the gradient of the normalised input, in
    /// place: `dx = rstd (dn - mean(dn) - norm · mean(dn · norm))` with `dn = dy · gamma`.
    @inline(__always)
    static func normalizeBackward(_ dy: UnsafeMutablePointer<Float>, norm: UnsafePointer<Float>, rstd: Float,
                                  count: Int, gamma: UnsafePointer<Float>) {
        let sumDn = laneSum(count) { dy.lanes($0) * gamma.lanes($0) } tail: { dy[$0] * gamma[$0] }
        let sumDnN = laneSum(count) { dy.lanes($0) * gamma.lanes($0) * norm.lanes($0) } tail: { dy[$0] * gamma[$0] * norm[$0] }
        let meanDn = sumDn / Float(count), meanDnN = sumDnN / Float(count)
        for k in stride(from: 0, to: count, by: 8) {
            let n = min(8, count - k)
            dy.setLanes(k, n, rstd * (dy.lanes(k, n) * gamma.lanes(k, n) - meanDn - norm.lanes(k, n) * meanDnN))
        }
    }

    static func forward(rows: Int, units H: Int, step s: Step, cPrev: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>,
                        norms: Norms) {
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 8192 / H)) { range in
            for r in range {
                let g = s.gates + r * 4 * H, nrm = s.norm + r * 4 * H
                for b in 0..<4 {
                    s.rstd[r * 4 + b] = normalize(g + b * H, norm: nrm + b * H, count: H,
                                                  gamma: norms.gamma + b * H, beta: norms.beta + b * H)
                }
                let o = g + 3 * H, cp = cPrev + r * H, c = s.c + r * H, tc = s.tanhC + r * H, hr = h + r * H
                let m = s.mask?.row(r, units: H)
                for k in stride(from: 0, to: H, by: 8) {
                    let n = min(8, H - k)
                    c.setLanes(k, n, LSTMCell.activateGates(g, units: H, cPrev: cp, mask: m, k, n).c)
                }
                // tanhC first holds LN(c), then its tanh.
                tc.update(from: c, count: H)
                s.rstdC[r] = normalize(tc, norm: s.normC + r * H, count: H, gamma: norms.gammaC, beta: norms.betaC)
                for k in stride(from: 0, to: H, by: 8) {
                    let n = min(8, H - k)
                    let t = FastMath.tanh(tc.lanes(k, n))
                    tc.setLanes(k, n, t)
                    hr.setLanes(k, n, t * o.lanes(k, n))
                }
            }
        }
    }

    /// `dh`: whole gradient reaching `h_t`; `dc`: gradient reaching `c_t` from step t + 1 on entry,
    /// that of `c_{t-1}` on return. `scratch [rows, 4H]` and `scratchC [rows, H]` are work space.
    /// Accumulates the norms' gradients into `dNorms`.
    static func backward(rows: Int, units H: Int, step s: Step, cPrev: UnsafePointer<Float>, norms: Norms,
                         dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dNorms: NormGradients,
                         scratch: UnsafeMutablePointer<Float>, scratchC: UnsafeMutablePointer<Float>) {
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 8192 / H)) { range in
            for r in range {
                let g = s.gates + r * 4 * H, post = scratch + r * 4 * H
                let gi = g, gj = g + H, gf = g + 2 * H, go = g + 3 * H
                let tc = s.tanhC + r * H, d = dh + r * H, dcl = scratchC + r * H, dcr = dc + r * H
                let cp = cPrev + r * H
                // Through h = tanh(LN(c)) · o: gradient of LN(c) (kept for gammaC/betaC), then of c.
                for k in stride(from: 0, to: H, by: 8) {
                    let n = min(8, H - k)
                    let t = tc.lanes(k, n), dk = d.lanes(k, n), o = go.lanes(k, n)
                    dcl.setLanes(k, n, dk * o * (1 - t * t))
                    post.setLanes(3 * H + k, n, dk * t * o * (1 - o))
                }
                let dcIn = post  // borrow the i-block of `post` for d(LN(c))/dc before it is written
                dcIn.update(from: dcl, count: H)
                normalizeBackward(dcIn, norm: s.normC + r * H, rstd: s.rstdC[r], count: H, gamma: norms.gammaC)
                let m = s.mask.map { $0.row(r, units: H) }
                for k in stride(from: 0, to: H, by: 8) {
                    let n = min(8, H - k)
                    let i = gi.lanes(k, n), j = gj.lanes(k, n), f = gf.lanes(k, n)
                    let mk = m?.lanes(k, n) ?? FastMath.Lanes(repeating: 1)
                    let dct = dcr.lanes(k, n) + dcIn.lanes(k, n)
                    post.setLanes(k, n, dct * j * mk * i * (1 - i))
                    post.setLanes(H + k, n, dct * i * mk * (1 - j * j))
                    post.setLanes(2 * H + k, n, dct * cp.lanes(k, n) * f * (1 - f))
                    dcr.setLanes(k, n, dct * f)
                }
                // Through the four block norms: gradients of the raw pre-activations into `gates`.
                g.update(from: post, count: 4 * H)
                for b in 0..<4 {
                    normalizeBackward(g + b * H, norm: s.norm + r * 4 * H + b * H, rstd: s.rstd[r * 4 + b], count: H,
                                      gamma: norms.gamma + b * H)
                }
            }
        }
        // gamma/beta gradients (serial: every row adds into the same vectors).
        for r in 0..<rows {
            let post = scratch + r * 4 * H, nrm = s.norm + r * 4 * H
            for k in stride(from: 0, to: 4 * H, by: 8) {
                let n = min(8, 4 * H - k), p = post.lanes(k, n)
                dNorms.gamma.setLanes(k, n, dNorms.gamma.lanes(k, n) + p * nrm.lanes(k, n))
                dNorms.beta.setLanes(k, n, dNorms.beta.lanes(k, n) + p)
            }
            let dcl = scratchC + r * H, nc = s.normC + r * H
            for k in stride(from: 0, to: H, by: 8) {
                let n = min(8, H - k), p = dcl.lanes(k, n)
                dNorms.gammaC.setLanes(k, n, dNorms.gammaC.lanes(k, n) + p * nc.lanes(k, n))
                dNorms.betaC.setLanes(k, n, dNorms.betaC.lanes(k, n) + p)
            }
        }
    }
}
