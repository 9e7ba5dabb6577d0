/// The HyperLSTM decoder (HyperNetworks; TF's `HyperLSTMCell` as docs/model.md §2 describes it).
///
/// Per step: the hyper cell, a LayerNorm LSTM of `Hh` units, reads `[x; h_{t-1}]` and gives `ĥ`;
/// from it, `alpha_b = (ĥ W_zw_b + b_zw_b) W_alpha_b` scales each of the eight blocks of `x W_xh` and
/// `h W_hh`, and `beta_b = (ĥ W_zb_b) W_beta_b` shifts the four h-blocks; then
/// `pre = alpha_x ⊙ xW + alpha_h ⊙ hW + beta + b` goes through the LayerNorm LSTM update. State rows
/// are `[h (H), ĥ (Hh), c (H), ĉ (Hh)]`. Recurrent dropout applies to the main cell only (TF's
/// hyper cell has none).
///
/// The x-projections of all steps (main and hyper) are one product each; the embedding gradients
/// of all steps are saved so that their weight gradients are one product each too.
final class HyperLSTMDecoderCell: DecoderCell {
    let units: Int
    let hyperUnits: Int
    let embedding: Int
    var stateSize: Int { 2 * (units + hyperUnits) }
    let dOutputs: FloatBuffer
    private let latentSize: Int
    private let main: LSTMActivations
    private let hyper: LSTMActivations
    /// Saved per step: x-projections `[T, N, 4H]` and h-projections `[T, N, 4H]` (their gradients
    /// after backward), embeddings `[T, N, 8E]` and `[T, N, 4E]` (likewise).
    private let ax, ah, zw, zb: FloatBuffer
    /// Per-step work: alpha `[N, 8H]`, beta `[N, 4H]`, alpha's gradient `[N, 8H]`, the embeddings'
    /// gradients `[N, 8E]`, `[N, 4E]`, the hyper output's running gradient `[N, Hh]` and its next.
    private let alpha, beta, dAlpha, dzw, dzb, dhh, dhhNext, dh0: FloatBuffer
    /// z's projections into both cells and their gradients summed over steps.
    private let zMain, zHyper, dzMain, dzHyper: FloatBuffer
    private let o: Offsets

    private struct Offsets {
        var wxh = 0, whh = 0, bias = 0, lnGamma = 0, lnBeta = 0, lncGamma = 0, lncBeta = 0
        var hWxh = 0, hWhh = 0, hlnGamma = 0, hlnBeta = 0, hlncGamma = 0, hlncBeta = 0
        var zwW = 0, zwB = 0, alpha = 0, zb = 0, beta = 0
    }

    init(config: ModelConfig, layout: ParameterLayout, maxRows N: Int, maxSteps T: Int, dropout: Bool) {
        units = config.decoderSize
        hyperUnits = config.hyperSize
        embedding = config.hyperEmbedding
        latentSize = config.isVAE ? config.latentSize : 0
        let H = units, Hh = hyperUnits, E = embedding
        main = LSTMActivations(units: H, maxRows: N, maxSteps: T, dropout: dropout, layerNorm: true)
        hyper = LSTMActivations(units: Hh, maxRows: N, maxSteps: T, dropout: false, layerNorm: true)
        dOutputs = FloatBuffer(count: T * N * H)
        ax = FloatBuffer(count: T * N * 4 * H)
        ah = FloatBuffer(count: T * N * 4 * H)
        zw = FloatBuffer(count: T * N * 8 * E)
        zb = FloatBuffer(count: T * N * 4 * E)
        alpha = FloatBuffer(count: N * 8 * H)
        beta = FloatBuffer(count: N * 4 * H)
        dAlpha = FloatBuffer(count: N * 8 * H)
        dzw = FloatBuffer(count: N * 8 * E)
        dzb = FloatBuffer(count: N * 4 * E)
        dhh = FloatBuffer(count: N * Hh)
        dhhNext = FloatBuffer(count: N * Hh)
        dh0 = FloatBuffer(count: N * H)
        let z = latentSize > 0 ? 1 : 0
        zMain = FloatBuffer(count: z * N * 4 * H)
        zHyper = FloatBuffer(count: z * N * 4 * Hh)
        dzMain = FloatBuffer(count: z * N * 4 * H)
        dzHyper = FloatBuffer(count: z * N * 4 * Hh)
        var o = Offsets()
        o.wxh = layout.offset("decoder.wxh"); o.whh = layout.offset("decoder.whh"); o.bias = layout.offset("decoder.bias")
        o.lnGamma = layout.offset("decoder.ln.gamma"); o.lnBeta = layout.offset("decoder.ln.beta")
        o.lncGamma = layout.offset("decoder.lnc.gamma"); o.lncBeta = layout.offset("decoder.lnc.beta")
        o.hWxh = layout.offset("decoder.hyper.wxh"); o.hWhh = layout.offset("decoder.hyper.whh")
        o.hlnGamma = layout.offset("decoder.hyper.ln.gamma"); o.hlnBeta = layout.offset("decoder.hyper.ln.beta")
        o.hlncGamma = layout.offset("decoder.hyper.lnc.gamma"); o.hlncBeta = layout.offset("decoder.hyper.lnc.beta")
        o.zwW = layout.offset("decoder.hyper.zw.weight"); o.zwB = layout.offset("decoder.hyper.zw.bias")
        o.alpha = layout.offset("decoder.hyper.alpha"); o.zb = layout.offset("decoder.hyper.zb")
        o.beta = layout.offset("decoder.hyper.beta")
        self.o = o
    }

    private var inputSize: Int { 5 + latentSize }

    private func mainNorms(_ p: UnsafePointer<Float>) -> LayerNormLSTMCell.Norms {
        .init(gamma: p + o.lnGamma, beta: p + o.lnBeta, gammaC: p + o.lncGamma, betaC: p + o.lncBeta)
    }
    private func hyperNorms(_ p: UnsafePointer<Float>) -> LayerNormLSTMCell.Norms {
        .init(gamma: p + o.hlnGamma, beta: p + o.hlnBeta, gammaC: p + o.hlncGamma, betaC: p + o.hlncBeta)
    }

    /// `[steps * rows, width]`: each row's `perRow` projection (or zero) plus `x W` for all steps.
    private func project(steps: Int, rows n: Int, width: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                         perRow: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>) {
        Linear.narrowProjection(rows: steps * n, inputs: 5, outputs: width, x: x, weight: w, bias: nil, rowBias: perRow,
                                period: n, y: out)
    }

    /// alpha `[N, 8H]` from the saved embeddings of step t (and beta `[N, 4H]` when asked).
    private func scalings(_ t: Int, rows n: Int, p: UnsafePointer<Float>, withBeta: Bool) {
        let H = units, E = embedding
        for b in 0..<8 {
            BLAS.gemm(m: n, n: H, k: E, a: zw.pointer + t * n * 8 * E + b * E, lda: 8 * E, b: p + o.alpha + b * E * H,
                      ldb: H, beta: 0, c: alpha.pointer + b * H, ldc: 8 * H)
        }
        guard withBeta else { return }
        for b in 0..<4 {
            BLAS.gemm(m: n, n: H, k: E, a: zb.pointer + t * n * 4 * E + b * E, lda: 4 * E, b: p + o.beta + b * E * H,
                      ldb: H, beta: 0, c: beta.pointer + b * H, ldc: 4 * H)
        }
    }

    func forward(
        steps: Int, rows n: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, parameters p: UnsafePointer<Float>, dropoutKeep: Float?,
        rng: inout SeededGenerator
    ) {
        let H = units, Hh = hyperUnits, E = embedding, G = 4 * H, Gh = 4 * Hh, S = stateSize
        let useZ = z != nil && latentSize > 0
        if let z, useZ, !reuseLatentProjection {
            Linear.forward(rows: n, inputs: latentSize, outputs: G, x: z, weight: p + o.wxh + 5 * G, bias: nil,
                           y: zMain.pointer)
            Linear.forward(rows: n, inputs: latentSize, outputs: Gh, x: z, weight: p + o.hWxh + 5 * Gh, bias: nil,
                           y: zHyper.pointer)
        }
        project(steps: steps, rows: n, width: G, x: x, w: p + o.wxh, perRow: useZ ? UnsafePointer(zMain.pointer) : nil,
                into: ax.pointer)
        project(steps: steps, rows: n, width: Gh, x: x, w: p + o.hWxh, perRow: useZ ? UnsafePointer(zHyper.pointer) : nil,
                into: hyper.gates.pointer)
        main.setInitial(rows: n, h0: initialState, c0: initialState.map { $0 + H + Hh }, stride: S)
        hyper.setInitial(rows: n, h0: initialState.map { $0 + H }, c0: initialState.map { $0 + 2 * H + Hh }, stride: S)
        main.beginForward(dropoutKeep: dropoutKeep)
        hyper.beginForward(dropoutKeep: nil)
        let hWh = p + o.hWxh + inputSize * Gh  // rows of the hyper input weight that read h
        for t in 0..<steps {
            let hp = main.h(t, rows: n)
            // The hyper cell on [x; h_{t-1}].
            Linear.matmul(rows: n, inner: H, columns: Gh, a: hp, lda: H, b: hWh, beta: 1, c: hyper.gates(t, rows: n))
            Linear.matmul(rows: n, inner: Hh, columns: Gh, a: hyper.h(t, rows: n), lda: Hh, b: p + o.hWhh, beta: 1,
                          c: hyper.gates(t, rows: n))
            hyper.forwardStep(t, rows: n, keep: nil, norms: hyperNorms(p), rng: &rng)
            let hh = hyper.h(t + 1, rows: n)
            // Its embeddings, scalings and shifts.
            Linear.forward(rows: n, inputs: Hh, outputs: 8 * E, x: hh, weight: p + o.zwW, bias: p + o.zwB,
                           y: zw.pointer + t * n * 8 * E)
            Linear.forward(rows: n, inputs: Hh, outputs: 4 * E, x: hh, weight: p + o.zb, bias: nil,
                           y: zb.pointer + t * n * 4 * E)
            scalings(t, rows: n, p: p, withBeta: true)
            // The main cell's pre-activations.
            let aht = ah.pointer + t * n * G, axt = ax.pointer + t * n * G
            Linear.matmul(rows: n, inner: H, columns: G, a: hp, lda: H, b: p + o.whh, beta: 0, c: aht)
            let pre = main.gates(t, rows: n), al = alpha.pointer, be = beta.pointer, bias = p + o.bias
            Parallel.forEachChunk(n, minimumPerWorker: max(1, 8192 / H)) { range in
                for r in range {
                    let pr = pre + r * G, xr = axt + r * G, hr = aht + r * G
                    let ar = al + r * 8 * H, br = be + r * G
                    for k in 0..<G { pr[k] = ar[k] * xr[k] + ar[G + k] * hr[k] + br[k] + bias[k] }
                }
            }
            main.forwardStep(t, rows: n, keep: dropoutKeep, norms: mainNorms(p), rng: &rng)
        }
    }

    /// The HyperLSTM's products stay on BLAS: its recurrent weights are three matrices, each
    /// smaller than a plain decoder's.
    func freezeWeights(parameters: UnsafePointer<Float>) {}

    func outputs(rows: Int) -> UnsafePointer<Float> { UnsafePointer(main.h(1, rows: rows)) }

    func state(afterStep step: Int, rows n: Int, into s: UnsafeMutablePointer<Float>) {
        let H = units, Hh = hyperUnits, S = stateSize
        for r in 0..<n {
            let row = s + r * S
            row.update(from: main.h(step, rows: n) + r * H, count: H)
            (row + H).update(from: hyper.h(step, rows: n) + r * Hh, count: Hh)
            (row + H + Hh).update(from: main.c(step, rows: n) + r * H, count: H)
            (row + 2 * H + Hh).update(from: hyper.c(step, rows: n) + r * Hh, count: Hh)
        }
    }

    func backward(
        steps: Int, rows n: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?,
        parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    ) {
        let H = units, Hh = hyperUnits, E = embedding, G = 4 * H, Gh = 4 * Hh, T = steps
        let hWh = p + o.hWxh + inputSize * Gh, dhWh = g + o.hWxh + inputSize * Gh
        let mainDNorms = LayerNormLSTMCell.NormGradients(gamma: g + o.lnGamma, beta: g + o.lnBeta,
                                                        gammaC: g + o.lncGamma, betaC: g + o.lncBeta)
        let hyperDNorms = LayerNormLSTMCell.NormGradients(gamma: g + o.hlnGamma, beta: g + o.hlnBeta,
                                                         gammaC: g + o.hlncGamma, betaC: g + o.hlncBeta)
        main.dc.zero(count: n * H)
        hyper.dc.zero(count: n * Hh)
        dhhNext.zero(count: n * Hh)
        for t in stride(from: T - 1, through: 0, by: -1) {
            main.backwardStep(t, rows: n, dh: dOutputs.pointer + t * n * H, norms: mainNorms(p), dNorms: mainDNorms)
            let dPre = main.gates(t, rows: n)
            scalings(t, rows: n, p: p, withBeta: false)
            // Through pre = alpha_x ⊙ ax + alpha_h ⊙ ah + beta + b: ax and ah become their gradients.
            let axt = ax.pointer + t * n * G, aht = ah.pointer + t * n * G, al = alpha.pointer, da = dAlpha.pointer
            Parallel.forEachChunk(n, minimumPerWorker: max(1, 8192 / H)) { range in
                for r in range {
                    let dp = dPre + r * G, xr = axt + r * G, hr = aht + r * G, ar = al + r * 8 * H, dar = da + r * 8 * H
                    for k in 0..<G {
                        dar[k] = dp[k] * xr[k]
                        dar[G + k] = dp[k] * hr[k]
                        xr[k] = dp[k] * ar[k]
                        hr[k] = dp[k] * ar[G + k]
                    }
                }
            }
            // alpha and beta back to the embeddings (gradients of W_alpha, W_beta need this step's
            // embeddings, which are then replaced by their own gradients).
            let zwt = zw.pointer + t * n * 8 * E, zbt = zb.pointer + t * n * 4 * E
            for b in 0..<8 {
                BLAS.gemm(transA: true, m: E, n: H, k: n, a: zwt + b * E, lda: 8 * E, b: da + b * H, ldb: 8 * H,
                          beta: 1, c: g + o.alpha + b * E * H, ldc: H)
                BLAS.gemm(transB: true, m: n, n: E, k: H, a: da + b * H, lda: 8 * H, b: p + o.alpha + b * E * H, ldb: H,
                          beta: 0, c: dzw.pointer + b * E, ldc: 8 * E)
            }
            for b in 0..<4 {
                BLAS.gemm(transA: true, m: E, n: H, k: n, a: zbt + b * E, lda: 4 * E, b: dPre + b * H, ldb: G,
                          beta: 1, c: g + o.beta + b * E * H, ldc: H)
                BLAS.gemm(transB: true, m: n, n: E, k: H, a: dPre + b * H, lda: G, b: p + o.beta + b * E * H, ldb: H,
                          beta: 0, c: dzb.pointer + b * E, ldc: 4 * E)
            }
            zwt.update(from: dzw.pointer, count: n * 8 * E)
            zbt.update(from: dzb.pointer, count: n * 4 * E)
            // The hyper output's gradient: from the embeddings and from step t + 1's hyper cell.
            dhh.pointer.update(from: dhhNext.pointer, count: n * Hh)
            BLAS.gemm(transB: true, m: n, n: Hh, k: 8 * E, a: zwt, lda: 8 * E, b: p + o.zwW, ldb: 8 * E, beta: 1,
                      c: dhh.pointer, ldc: Hh)
            BLAS.gemm(transB: true, m: n, n: Hh, k: 4 * E, a: zbt, lda: 4 * E, b: p + o.zb, ldb: 4 * E, beta: 1,
                      c: dhh.pointer, ldc: Hh)
            hyper.backwardStep(t, rows: n, dh: dhh.pointer, norms: hyperNorms(p), dNorms: hyperDNorms)
            let dHA = hyper.gates(t, rows: n)
            BLAS.gemm(transB: true, m: n, n: Hh, k: Gh, a: dHA, lda: Gh, b: p + o.hWhh, ldb: Gh, beta: 0,
                      c: dhhNext.pointer, ldc: Hh)
            // h_{t-1} of the main cell fed both its own h-projection and the hyper cell.
            let dhPrev = t > 0 ? dOutputs.pointer + (t - 1) * n * H : dh0.pointer
            BLAS.gemm(transB: true, m: n, n: H, k: G, a: aht, lda: G, b: p + o.whh, ldb: G, beta: t > 0 ? 1 : 0,
                      c: dhPrev, ldc: H)
            BLAS.gemm(transB: true, m: n, n: H, k: Gh, a: dHA, lda: Gh, b: hWh, ldb: Gh, beta: 1, c: dhPrev, ldc: H)
        }
        // Weight gradients over all steps at once.
        let rowsAll = T * n
        Linear.columnSums(rows: rowsAll, columns: G, main.gates.pointer, into: g + o.bias)
        BLAS.gemm(transA: true, m: H, n: G, k: rowsAll, a: main.h(0, rows: n), lda: H, b: ah.pointer, ldb: G, beta: 1,
                  c: g + o.whh, ldc: G)
        BLAS.gemm(transA: true, m: 5, n: G, k: rowsAll, a: x, lda: 5, b: ax.pointer, ldb: G, beta: 1, c: g + o.wxh, ldc: G)
        Linear.backward(rows: rowsAll, inputs: Hh, outputs: 8 * E, x: hyper.h(1, rows: n), weight: p + o.zwW,
                        dy: zw.pointer, dWeight: g + o.zwW, dBias: g + o.zwB, dx: nil)
        Linear.backward(rows: rowsAll, inputs: Hh, outputs: 4 * E, x: hyper.h(1, rows: n), weight: p + o.zb,
                        dy: zb.pointer, dWeight: g + o.zb, dBias: nil, dx: nil)
        let dHAall = hyper.gates.pointer
        BLAS.gemm(transA: true, m: 5, n: Gh, k: rowsAll, a: x, lda: 5, b: dHAall, ldb: Gh, beta: 1, c: g + o.hWxh, ldc: Gh)
        BLAS.gemm(transA: true, m: H, n: Gh, k: rowsAll, a: main.h(0, rows: n), lda: H, b: dHAall, ldb: Gh, beta: 1,
                  c: dhWh, ldc: Gh)
        BLAS.gemm(transA: true, m: Hh, n: Gh, k: rowsAll, a: hyper.h(0, rows: n), lda: Hh, b: dHAall, ldb: Gh, beta: 1,
                  c: g + o.hWhh, ldc: Gh)
        if let z, latentSize > 0 {
            sumOverSteps(steps: T, rows: n, width: G, ax.pointer, into: dzMain.pointer)
            sumOverSteps(steps: T, rows: n, width: Gh, dHAall, into: dzHyper.pointer)
            Linear.backward(rows: n, inputs: latentSize, outputs: G, x: z, weight: p + o.wxh + 5 * G, dy: dzMain.pointer,
                            dWeight: g + o.wxh + 5 * G, dBias: nil, dx: dz, accumulateInput: true)
            Linear.backward(rows: n, inputs: latentSize, outputs: Gh, x: z, weight: p + o.hWxh + 5 * Gh,
                            dy: dzHyper.pointer, dWeight: g + o.hWxh + 5 * Gh, dBias: nil, dx: dz, accumulateInput: true)
        }
        if let s = dInitialState {
            let S = stateSize
            for r in 0..<n {
                let row = s + r * S
                row.update(from: dh0.pointer + r * H, count: H)
                (row + H).update(from: dhhNext.pointer + r * Hh, count: Hh)
                (row + H + Hh).update(from: main.dc.pointer + r * H, count: H)
                (row + 2 * H + Hh).update(from: hyper.dc.pointer + r * Hh, count: Hh)
            }
        }
    }

    /// `into[r] = Σ_t m[t, r]` for `[steps, rows, width]`.
    private func sumOverSteps(steps: Int, rows n: Int, width: Int, _ m: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        into.update(from: m, count: n * width)
        for t in 1..<max(steps, 1) {
            let mt = m + t * n * width
            for i in 0..<(n * width) { into[i] += mt[i] }
        }
    }
}
