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
    /// Saved per step: x-projections `[T, N, 4H]` and h-projections `[T, N, 4H]`, embeddings
    /// `[T, N, 8E]` and `[T, N, 4E]`. Backward overwrites each step's with its gradient (`dAx`,
    /// `dAh`, `dZw`, `dZb` below: the same memory).
    private let ax, ah, zw, zb: FloatBuffer
    /// Per-step work: alpha `[N, 8H]`, beta `[N, 4H]`, alpha's gradient `[N, 8H]`, the embeddings'
    /// gradients `[N, 8E]`, `[N, 4E]`, the hyper output's running gradient `[N, Hh]` and its next.
    private let alpha, beta, dAlpha, dzw, dzb, dhh, dhhNext, dh0: FloatBuffer
    /// z's projections into both cells and their gradients summed over steps.
    private let zMain, zHyper, dzMain, dzHyper: FloatBuffer
    private var dAx: FloatBuffer { ax }
    private var dAh: FloatBuffer { ah }
    private var dZw: FloatBuffer { zw }
    private var dZb: FloatBuffer { zb }

    /// The buffers' sizes in floats (the two cells': `LSTMActivations.Sizes`), as `LSTMActivations.Sizes`.
    struct Sizes<N: Numeric> {
        let main, hyper: LSTMActivations.Sizes<N>
        let dOutputs, ax, ah, zw, zb, alpha, beta, dAlpha, dzw, dzb, dhh, dhhNext, dh0, zMain, zHyper, dzMain, dzHyper: N

        init(config: ModelConfig, maxRows R: N, maxSteps T: N, dropout: Bool) {
            let H = N(exactly: config.decoderSize)!, Hh = N(exactly: config.hyperSize)!, E = N(exactly: config.hyperEmbedding)!
            main = .init(units: H, maxRows: R, maxSteps: T, dropout: dropout, layerNorm: true)
            hyper = .init(units: Hh, maxRows: R, maxSteps: T, dropout: false, layerNorm: true)
            dOutputs = T * R * H
            ax = T * R * 4 * H
            ah = T * R * 4 * H
            zw = T * R * 8 * E
            zb = T * R * 4 * E
            alpha = R * 8 * H
            beta = R * 4 * H
            dAlpha = R * 8 * H
            dzw = R * 8 * E
            dzb = R * 4 * E
            dhh = R * Hh
            dhhNext = R * Hh
            dh0 = R * H
            let z: N = config.isVAE && config.latentSize > 0 ? 1 : 0
            zMain = z * R * 4 * H
            zHyper = z * R * 4 * Hh
            dzMain = z * R * 4 * H
            dzHyper = z * R * 4 * Hh
        }

        var bytes: N {
            main.bytes + hyper.bytes + 4 * (dOutputs + ax + ah + zw + zb + alpha + beta + dAlpha + dzw + dzb + dhh + dhhNext
                + dh0 + zMain + zHyper + dzMain + dzHyper)
        }
    }

    init(config: ModelConfig, maxRows N: Int, maxSteps T: Int, dropout: Bool) {
        units = config.decoderSize
        hyperUnits = config.hyperSize
        embedding = config.hyperEmbedding
        latentSize = config.isVAE ? config.latentSize : 0
        let size = Sizes(config: config, maxRows: N, maxSteps: T, dropout: dropout)
        main = LSTMActivations(units: units, maxRows: N, maxSteps: T, dropout: dropout, layerNorm: true)
        hyper = LSTMActivations(units: hyperUnits, maxRows: N, maxSteps: T, dropout: false, layerNorm: true)
        dOutputs = FloatBuffer(count: size.dOutputs)
        ax = FloatBuffer(count: size.ax)
        ah = FloatBuffer(count: size.ah)
        zw = FloatBuffer(count: size.zw)
        zb = FloatBuffer(count: size.zb)
        alpha = FloatBuffer(count: size.alpha)
        beta = FloatBuffer(count: size.beta)
        dAlpha = FloatBuffer(count: size.dAlpha)
        dzw = FloatBuffer(count: size.dzw)
        dzb = FloatBuffer(count: size.dzb)
        dhh = FloatBuffer(count: size.dhh)
        dhhNext = FloatBuffer(count: size.dhhNext)
        dh0 = FloatBuffer(count: size.dh0)
        zMain = FloatBuffer(count: size.zMain)
        zHyper = FloatBuffer(count: size.zHyper)
        dzMain = FloatBuffer(count: size.dzMain)
        dzHyper = FloatBuffer(count: size.dzHyper)
    }

    private var inputSize: Int { 5 + latentSize }

    /// `[steps * rows, width]`: each row's `perRow` projection (or zero) plus `x W` for all steps.
    private func project(steps: Int, rows n: Int, width: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                         perRow: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>) {
        Linear.narrowProjection(rows: steps * n, inputs: 5, outputs: width, x: x, weight: w, bias: nil, rowBias: perRow,
                                period: n, y: out)
    }

    /// alpha `[N, 8H]` from the saved embeddings of step t (and beta `[N, 4H]` when asked).
    private func scalings(_ t: Int, rows n: Int, _ w: HyperTensors<UnsafePointer<Float>>, withBeta: Bool) {
        let H = units, E = embedding
        for b in 0..<8 {
            Linear.blockProduct(rows: n, inputs: E, outputs: H, x: zw.pointer + t * n * 8 * E + b * E, ldx: 8 * E,
                                weight: w.alpha + b * E * H, y: alpha.pointer + b * H, ldy: 8 * H)
        }
        guard withBeta else { return }
        for b in 0..<4 {
            Linear.blockProduct(rows: n, inputs: E, outputs: H, x: zb.pointer + t * n * 4 * E + b * E, ldx: 4 * E,
                                weight: w.beta + b * E * H, y: beta.pointer + b * H, ldy: 4 * H)
        }
    }

    func forward(
        steps: Int, rows n: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, weights: DecoderWeights, dropoutKeep: Float?,
        dropout: DropoutKey?
    ) {
        let H = units, Hh = hyperUnits, E = embedding, G = 4 * H, Gh = 4 * Hh, S = stateSize
        let w = weights.cell, hw = weights.hyper!, bias = w.bias!
        let mainNorms = weights.norms!.cellNorms, hyperNorms = hw.norms.cellNorms
        let useZ = z != nil && latentSize > 0
        if let z, useZ, !reuseLatentProjection {
            // The input weights' rows after the five stroke rows take z.
            Linear.forward(rows: n, inputs: latentSize, outputs: G, x: z, weight: w.wxh + 5 * G, bias: nil,
                           y: zMain.pointer)
            Linear.forward(rows: n, inputs: latentSize, outputs: Gh, x: z, weight: hw.cell.wxh + 5 * Gh, bias: nil,
                           y: zHyper.pointer)
        }
        project(steps: steps, rows: n, width: G, x: x, w: w.wxh, perRow: useZ ? UnsafePointer(zMain.pointer) : nil,
                into: ax.pointer)
        project(steps: steps, rows: n, width: Gh, x: x, w: hw.cell.wxh, perRow: useZ ? UnsafePointer(zHyper.pointer) : nil,
                into: hyper.gates.pointer)
        main.setInitial(rows: n, h0: initialState, c0: initialState.map { $0 + H + Hh }, stride: S)
        hyper.setInitial(rows: n, h0: initialState.map { $0 + H }, c0: initialState.map { $0 + 2 * H + Hh }, stride: S)
        main.beginForward(dropoutKeep: dropoutKeep)
        hyper.beginForward(dropoutKeep: nil)
        let hWh = hw.cell.wxh + inputSize * Gh  // rows of the hyper input weight that read h
        for t in 0..<steps {
            let hp = main.h(t, rows: n)
            // The hyper cell on [x; h_{t-1}].
            Linear.matmul(rows: n, inner: H, columns: Gh, a: hp, lda: H, b: hWh, beta: 1, c: hyper.gates(t, rows: n))
            Linear.matmul(rows: n, inner: Hh, columns: Gh, a: hyper.h(t, rows: n), lda: Hh, b: hw.cell.whh, beta: 1,
                          c: hyper.gates(t, rows: n))
            hyper.forwardStep(t, rows: n, keep: nil, norms: hyperNorms, dropout: nil)
            let hh = hyper.h(t + 1, rows: n)
            // Its embeddings, scalings and shifts.
            Linear.forward(rows: n, inputs: Hh, outputs: 8 * E, x: hh, weight: hw.zw.weight, bias: hw.zw.bias,
                           y: zw.pointer + t * n * 8 * E)
            Linear.forward(rows: n, inputs: Hh, outputs: 4 * E, x: hh, weight: hw.zb, bias: nil,
                           y: zb.pointer + t * n * 4 * E)
            scalings(t, rows: n, hw, withBeta: true)
            // The main cell's pre-activations.
            let aht = ah.pointer + t * n * G, axt = ax.pointer + t * n * G
            Linear.matmul(rows: n, inner: H, columns: G, a: hp, lda: H, b: w.whh, beta: 0, c: aht)
            let pre = main.gates(t, rows: n), al = alpha.pointer, be = beta.pointer
            Parallel.forEachChunk(n, minimumPerWorker: max(1, 8192 / H)) { range in
                for r in range {
                    let pr = pre + r * G, xr = axt + r * G, hr = aht + r * G
                    let ar = al + r * 8 * H, br = be + r * G
                    for k in 0..<G { pr[k] = ar[k] * xr[k] + ar[G + k] * hr[k] + br[k] + bias[k] }
                }
            }
            main.forwardStep(t, rows: n, keep: dropoutKeep, norms: mainNorms, dropout: dropout)
        }
    }

    /// The HyperLSTM's products stay on BLAS: its recurrent weights are three matrices, each
    /// smaller than a plain decoder's.
    func freezeWeights(_ weights: DecoderWeights) {}

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
        weights: DecoderWeights, gradients: DecoderGradients,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    ) {
        let H = units, Hh = hyperUnits, E = embedding, G = 4 * H, Gh = 4 * Hh, T = steps
        let w = weights.cell, hw = weights.hyper!, dw = gradients.cell, dhw = gradients.hyper!
        let hWh = hw.cell.wxh + inputSize * Gh, dhWh = dhw.cell.wxh + inputSize * Gh
        let mainNorms = weights.norms!.cellNorms, hyperNorms = hw.norms.cellNorms
        let mainDNorms = gradients.norms!.cellGradients, hyperDNorms = dhw.norms.cellGradients
        main.dc.zero(count: n * H)
        hyper.dc.zero(count: n * Hh)
        dhhNext.zero(count: n * Hh)
        for t in stride(from: T - 1, through: 0, by: -1) {
            main.backwardStep(t, rows: n, dh: dOutputs.pointer + t * n * H, norms: mainNorms, dNorms: mainDNorms)
            let dPre = main.gates(t, rows: n)
            scalings(t, rows: n, hw, withBeta: false)
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
            let dAht = dAh.pointer + t * n * G
            // alpha and beta back to the embeddings (gradients of W_alpha, W_beta need this step's
            // embeddings, which are then replaced by their own gradients).
            let zwt = zw.pointer + t * n * 8 * E, zbt = zb.pointer + t * n * 4 * E
            for b in 0..<8 {
                Linear.accumulateWeightGradient(rows: n, inputs: E, outputs: H, x: zwt + b * E, ldx: 8 * E,
                                                dy: da + b * H, lddy: 8 * H, dWeight: dhw.alpha + b * E * H)
                Linear.inputGradient(rows: n, inputs: E, outputs: H, dy: da + b * H, lddy: 8 * H,
                                     weight: hw.alpha + b * E * H, dx: dzw.pointer + b * E, lddx: 8 * E)
            }
            for b in 0..<4 {
                Linear.accumulateWeightGradient(rows: n, inputs: E, outputs: H, x: zbt + b * E, ldx: 4 * E,
                                                dy: dPre + b * H, lddy: G, dWeight: dhw.beta + b * E * H)
                Linear.inputGradient(rows: n, inputs: E, outputs: H, dy: dPre + b * H, lddy: G,
                                     weight: hw.beta + b * E * H, dx: dzb.pointer + b * E, lddx: 4 * E)
            }
            let dZwt = dZw.pointer + t * n * 8 * E, dZbt = dZb.pointer + t * n * 4 * E
            dZwt.update(from: dzw.pointer, count: n * 8 * E)
            dZbt.update(from: dzb.pointer, count: n * 4 * E)
            // The hyper output's gradient: from the embeddings and from step t + 1's hyper cell.
            dhh.pointer.update(from: dhhNext.pointer, count: n * Hh)
            Linear.inputGradient(rows: n, inputs: Hh, outputs: 8 * E, dy: dZwt, weight: hw.zw.weight, dx: dhh.pointer,
                                 accumulate: true)
            Linear.inputGradient(rows: n, inputs: Hh, outputs: 4 * E, dy: dZbt, weight: hw.zb, dx: dhh.pointer,
                                 accumulate: true)
            hyper.backwardStep(t, rows: n, dh: dhh.pointer, norms: hyperNorms, dNorms: hyperDNorms)
            let dHA = hyper.gates(t, rows: n)
            Linear.inputGradient(rows: n, inputs: Hh, outputs: Gh, dy: dHA, weight: hw.cell.whh, dx: dhhNext.pointer)
            // h_{t-1} of the main cell fed both its own h-projection and the hyper cell.
            let dhPrev = t > 0 ? dOutputs.pointer + (t - 1) * n * H : dh0.pointer
            Linear.inputGradient(rows: n, inputs: H, outputs: G, dy: dAht, weight: w.whh, dx: dhPrev, accumulate: t > 0)
            Linear.inputGradient(rows: n, inputs: H, outputs: Gh, dy: dHA, weight: hWh, dx: dhPrev, accumulate: true)
        }
        // Weight gradients over all steps at once.
        let rowsAll = T * n
        Linear.columnSums(rows: rowsAll, columns: G, main.gates.pointer, into: dw.bias!)
        Linear.accumulateWeightGradient(rows: rowsAll, inputs: H, outputs: G, x: main.h(0, rows: n), dy: dAh.pointer,
                                        dWeight: dw.whh)
        Linear.accumulateWeightGradient(rows: rowsAll, inputs: 5, outputs: G, x: x, dy: dAx.pointer, dWeight: dw.wxh)
        Linear.backward(rows: rowsAll, inputs: Hh, outputs: 8 * E, x: hyper.h(1, rows: n), weight: hw.zw.weight,
                        dy: dZw.pointer, dWeight: dhw.zw.weight, dBias: dhw.zw.bias, dx: nil)
        Linear.backward(rows: rowsAll, inputs: Hh, outputs: 4 * E, x: hyper.h(1, rows: n), weight: hw.zb,
                        dy: dZb.pointer, dWeight: dhw.zb, dBias: nil, dx: nil)
        let dHAall = hyper.gates.pointer
        Linear.accumulateWeightGradient(rows: rowsAll, inputs: 5, outputs: Gh, x: x, dy: dHAall, dWeight: dhw.cell.wxh)
        Linear.accumulateWeightGradient(rows: rowsAll, inputs: H, outputs: Gh, x: main.h(0, rows: n), dy: dHAall,
                                        dWeight: dhWh)
        Linear.accumulateWeightGradient(rows: rowsAll, inputs: Hh, outputs: Gh, x: hyper.h(0, rows: n), dy: dHAall,
                                        dWeight: dhw.cell.whh)
        if let z, latentSize > 0 {
            sumOverSteps(steps: T, rows: n, width: G, dAx.pointer, into: dzMain.pointer)
            sumOverSteps(steps: T, rows: n, width: Gh, dHAall, into: dzHyper.pointer)
            Linear.backward(rows: n, inputs: latentSize, outputs: G, x: z, weight: w.wxh + 5 * G, dy: dzMain.pointer,
                            dWeight: dw.wxh + 5 * G, dBias: nil, dx: dz, accumulateInput: true)
            Linear.backward(rows: n, inputs: latentSize, outputs: Gh, x: z, weight: hw.cell.wxh + 5 * Gh,
                            dy: dzHyper.pointer, dWeight: dhw.cell.wxh + 5 * Gh, dBias: nil, dx: dz, accumulateInput: true)
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
