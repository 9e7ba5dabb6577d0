/// The fused elementwise part of one LayerNorm LSTM step (TF's `LayerNormLSTMCell`, SPEC §2), forward
/// and backward, for a batch: each of the four `H`-blocks of the pre-activation is normalised on its
/// own (epsilon 1e-3) then scaled by `gamma` and shifted by `beta` (size 4H); the new cell `c'` is
/// normalised likewise (its own gamma/beta of size H) before its tanh.
///
/// Buffers per step (rows × ...): `gates [4H]` (pre-activations in, activations out, gradients of
/// the pre-activations after backward), `norm [4H]` and `rstd [4]` (the normalised pre-activations and
/// their inverse deviations), `c`, `normC`, `tanhC [H]`, `rstdC [1]`.
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

    /// Normalises `x [count]` in place into `norm` and returns the inverse deviation; `x` becomes
    /// `gamma · norm + beta`.
    @inline(__always)
    static func normalize(_ x: UnsafeMutablePointer<Float>, norm: UnsafeMutablePointer<Float>, count: Int,
                          gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>) -> Float {
        var sum: Float = 0
        for k in 0..<count { sum += x[k] }
        let mean = sum / Float(count)
        var sq: Float = 0
        for k in 0..<count {
            let d = x[k] - mean
            sq += d * d
        }
        let rstd = 1 / (sq / Float(count) + epsilon).squareRoot()
        for k in 0..<count {
            let n = (x[k] - mean) * rstd
            norm[k] = n
            x[k] = gamma[k] * n + beta[k]
        }
        return rstd
    }

    /// Turns `dy` (gradient of `gamma · norm + beta`) into the gradient of the normalised input, in
    /// place: `dx = rstd (dn - mean(dn) - norm · mean(dn · norm))` with `dn = dy · gamma`.
    @inline(__always)
    static func normalizeBackward(_ dy: UnsafeMutablePointer<Float>, norm: UnsafePointer<Float>, rstd: Float,
                                  count: Int, gamma: UnsafePointer<Float>) {
        var sumDn: Float = 0, sumDnN: Float = 0
        for k in 0..<count {
            let dn = dy[k] * gamma[k]
            sumDn += dn
            sumDnN += dn * norm[k]
        }
        let meanDn = sumDn / Float(count), meanDnN = sumDnN / Float(count)
        for k in 0..<count { dy[k] = rstd * (dy[k] * gamma[k] - meanDn - norm[k] * meanDnN) }
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
                let i = g, j = g + H, f = g + 2 * H, o = g + 3 * H
                for k in 0..<H { i[k] = FastMath.sigmoid(i[k]) }
                for k in 0..<H { j[k] = FastMath.tanh(j[k]) }
                for k in 0..<H { f[k] = FastMath.sigmoid(f[k] + 1) }
                for k in 0..<H { o[k] = FastMath.sigmoid(o[k]) }
                let cp = cPrev + r * H, c = s.c + r * H, tc = s.tanhC + r * H, hr = h + r * H
                if let mask = s.mask {
                    let m = mask.row(r, units: H)
                    for k in 0..<H { c[k] = cp[k] * f[k] + i[k] * j[k] * m[k] }
                } else {
                    for k in 0..<H { c[k] = cp[k] * f[k] + i[k] * j[k] }
                }
                // tanhC first holds LN(c), then its tanh.
                tc.update(from: c, count: H)
                s.rstdC[r] = normalize(tc, norm: s.normC + r * H, count: H, gamma: norms.gammaC, beta: norms.betaC)
                for k in 0..<H {
                    let t = FastMath.tanh(tc[k])
                    tc[k] = t
                    hr[k] = t * o[k]
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
                for k in 0..<H {
                    let t = tc[k]
                    dcl[k] = d[k] * go[k] * (1 - t * t)
                    post[3 * H + k] = d[k] * t * go[k] * (1 - go[k])
                }
                let dcIn = post  // borrow the i-block of `post` for d(LN(c))/dc before it is written
                dcIn.update(from: dcl, count: H)
                normalizeBackward(dcIn, norm: s.normC + r * H, rstd: s.rstdC[r], count: H, gamma: norms.gammaC)
                let m = s.mask.map { $0.row(r, units: H) }
                for k in 0..<H {
                    let i = gi[k], j = gj[k], f = gf[k]
                    let mk: Float = m?[k] ?? 1
                    let dct = dcr[k] + dcIn[k]
                    post[k] = dct * j * mk * i * (1 - i)
                    post[H + k] = dct * i * mk * (1 - j * j)
                    post[2 * H + k] = dct * cp[k] * f * (1 - f)
                    dcr[k] = dct * f
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
            for k in 0..<(4 * H) {
                dNorms.gamma[k] += post[k] * nrm[k]
                dNorms.beta[k] += post[k]
            }
            let dcl = scratchC + r * H, nc = s.normC + r * H
            for k in 0..<H {
                dNorms.gammaC[k] += dcl[k] * nc[k]
                dNorms.betaC[k] += dcl[k]
            }
        }
    }
}
