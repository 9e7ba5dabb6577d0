/// Typed views of the flat parameter buffer, as llm.c's `ParameterTensors`: each module gets a
/// struct of named tensors, built in one place (`ModelTensors(config:appendingTo:)`, which also
/// lays the buffer out), so no layer looks a tensor up by its name. `Address` is `Int` for offsets
/// into the buffer, `UnsafePointer<Float>` for weights (`…Weights`) and `UnsafeMutablePointer<Float>`
/// for their gradients (`…Gradients`); `map` turns one into another (`offsets.map { p + $0 }`).
/// Shapes are row-major `[in, out]`; gates are ordered i, j, f, o in every `4H` block.

/// `y = x W + b`.
struct LinearTensors<Address> {
    /// `[in, out]`
    var weight: Address
    /// `[out]`, or nil for a layer without one.
    var bias: Address?

    func map<B>(_ f: (Address) -> B) -> LinearTensors<B> { LinearTensors<B>(weight: f(weight), bias: bias.map(f)) }
}

/// An LSTM's weights.
struct LSTMTensors<Address> {
    /// `[in, 4H]`
    var wxh: Address
    /// `[H, 4H]`
    var whh: Address
    /// `[4H]`; the LayerNorm cell has none.
    var bias: Address?

    func map<B>(_ f: (Address) -> B) -> LSTMTensors<B> { LSTMTensors<B>(wxh: f(wxh), whh: f(whh), bias: bias.map(f)) }
}

/// A LayerNorm LSTM's norms: over each gate block of the pre-activations, and over `c`.
struct LayerNormTensors<Address> {
    /// `[4H]`
    var gamma: Address
    /// `[4H]`
    var beta: Address
    /// `[H]`
    var gammaC: Address
    /// `[H]`
    var betaC: Address

    func map<B>(_ f: (Address) -> B) -> LayerNormTensors<B> {
        LayerNormTensors<B>(gamma: f(gamma), beta: f(beta), gammaC: f(gammaC), betaC: f(betaC))
    }
}

/// The HyperLSTM's hyper cell and the embeddings that scale and shift the main cell's blocks
/// (`E` = embedding size, blocks in `HyperBlock` order: ix jx fx ox ih jh fh oh).
struct HyperTensors<Address> {
    /// A LayerNorm LSTM of `Hh` units over `[x; h]`: `wxh [in + H, 4Hh]` (x rows, then h rows),
    /// `whh [Hh, 4Hh]`, no bias.
    var cell: LSTMTensors<Address>
    /// `[4Hh]`, `[Hh]`
    var norms: LayerNormTensors<Address>
    /// The eight blocks' scale embeddings: `weight [Hh, 8E]`, `bias [8E]`.
    var zw: LinearTensors<Address>
    /// `[8, E, H]`: each block's embedding to its scale `alpha`.
    var alpha: Address
    /// The four h-blocks' shift embeddings, `[Hh, 4E]` (no bias).
    var zb: Address
    /// `[4, E, H]`: each h-block's embedding to its shift `beta`.
    var beta: Address

    func map<B>(_ f: (Address) -> B) -> HyperTensors<B> {
        HyperTensors<B>(cell: cell.map(f), norms: norms.map(f), zw: zw.map(f), alpha: f(alpha), zb: f(zb), beta: f(beta))
    }
}

/// The decoder over `[S_{t-1}; z]`.
struct DecoderTensors<Address> {
    /// `wxh [5 (+ nz), 4H]` (the stroke rows, then z's), `whh [H, 4H]`, `bias [4H]` (`lstm`, `hyper`).
    var cell: LSTMTensors<Address>
    /// `layerNorm` and `hyper`.
    var norms: LayerNormTensors<Address>?
    var hyper: HyperTensors<Address>?

    func map<B>(_ f: (Address) -> B) -> DecoderTensors<B> {
        DecoderTensors<B>(cell: cell.map(f), norms: norms.map { $0.map(f) }, hyper: hyper.map { $0.map(f) })
    }
}

/// The VAE's bidirectional encoder and its heads on `[h_fw; h_bw]`.
struct EncoderTensors<Address> {
    /// Each direction: `wxh [5, 4E]`, `whh [E, 4E]`, `bias [4E]`.
    var forward: LSTMTensors<Address>
    var backward: LSTMTensors<Address>
    /// `[2E, nz]`, `[nz]` each.
    var mu: LinearTensors<Address>
    var presig: LinearTensors<Address>

    func map<B>(_ f: (Address) -> B) -> EncoderTensors<B> {
        EncoderTensors<B>(forward: forward.map(f), backward: backward.map(f), mu: mu.map(f), presig: presig.map(f))
    }
}

/// A whole sketch-rnn model (docs/architecture.md's parameter table).
struct ModelTensors<Address> {
    /// VAE only.
    var encoder: EncoderTensors<Address>?
    /// VAE only (`init`): `[nz, S]`, `[S]`, S = the decoder's state size.
    var initialState: LinearTensors<Address>?
    var decoder: DecoderTensors<Address>
    /// `[H, 6M + 3]`, `[6M + 3]`
    var output: LinearTensors<Address>

    func map<B>(_ f: (Address) -> B) -> ModelTensors<B> {
        ModelTensors<B>(encoder: encoder.map { $0.map(f) }, initialState: initialState.map { $0.map(f) },
                        decoder: decoder.map(f), output: output.map(f))
    }
}

typealias ModelWeights = ModelTensors<UnsafePointer<Float>>
typealias ModelGradients = ModelTensors<UnsafeMutablePointer<Float>>
typealias DecoderWeights = DecoderTensors<UnsafePointer<Float>>
typealias DecoderGradients = DecoderTensors<UnsafeMutablePointer<Float>>
typealias EncoderWeights = EncoderTensors<UnsafePointer<Float>>
typealias EncoderGradients = EncoderTensors<UnsafeMutablePointer<Float>>

// MARK: - The layout: names, shapes and order, in one place

extension ModelTensors where Address == Int {
    /// The offsets of a model's tensors.
    init(config: ModelConfig) {
        var layout = ParameterLayout()
        self.init(config: config, appendingTo: &layout)
    }

    /// Appends a model's tensors to `layout` in the fixed order of its files (docs/model.md §2)
    /// and records where each went. Per cell type the decoder has: `lstm`: `decoder.wxh`,
    /// `decoder.whh`, `decoder.bias`; `layerNorm`: `decoder.wxh`, `decoder.whh` (no bias),
    /// `decoder.ln.gamma/beta`, `decoder.lnc.gamma/beta`; `hyper`: the `layerNorm` names plus
    /// `decoder.bias`, the hyper cell `decoder.hyper.wxh/whh/ln.*/lnc.*` and the embeddings
    /// `decoder.hyper.zw.weight/bias`, `decoder.hyper.alpha`, `decoder.hyper.zb`, `decoder.hyper.beta`.
    init(config c: ModelConfig, appendingTo layout: inout ParameterLayout) {
        if c.isVAE {
            let e = c.encoderSize
            let forward = LSTMTensors(appending: "encoder.forward", inputs: 5, units: e, bias: true, to: &layout)
            let backward = LSTMTensors(appending: "encoder.backward", inputs: 5, units: e, bias: true, to: &layout)
            let mu = LinearTensors(appending: "mu", inputs: 2 * e, outputs: c.latentSize, to: &layout)
            let presig = LinearTensors(appending: "presig", inputs: 2 * e, outputs: c.latentSize, to: &layout)
            encoder = EncoderTensors(forward: forward, backward: backward, mu: mu, presig: presig)
            initialState = LinearTensors(appending: "init", inputs: c.latentSize, outputs: c.decoderStateSize, to: &layout)
        }
        let h = c.decoderSize
        let cell = LSTMTensors(appending: "decoder", inputs: c.decoderInputSize, units: h, bias: c.cell != .layerNorm, to: &layout)
        var norms: LayerNormTensors<Int>?, hyper: HyperTensors<Int>?
        if c.cell != .lstm { norms = LayerNormTensors(appending: "decoder", units: h, to: &layout) }
        if c.cell == .hyper {
            let hh = c.hyperSize, emb = c.hyperEmbedding
            let hyperCell = LSTMTensors(appending: "decoder.hyper", inputs: c.decoderInputSize + h, units: hh, bias: false, to: &layout)
            let hyperNorms = LayerNormTensors(appending: "decoder.hyper", units: hh, to: &layout)
            let zw = LinearTensors(appending: "decoder.hyper.zw", inputs: hh, outputs: 8 * emb, to: &layout)
            let alpha = layout.append("decoder.hyper.alpha", [8, emb, h])
            let zb = layout.append("decoder.hyper.zb", [hh, 4 * emb])
            let beta = layout.append("decoder.hyper.beta", [4, emb, h])
            hyper = HyperTensors(cell: hyperCell, norms: hyperNorms, zw: zw, alpha: alpha, zb: zb, beta: beta)
        }
        decoder = DecoderTensors(cell: cell, norms: norms, hyper: hyper)
        output = LinearTensors(appending: "output", inputs: h, outputs: c.outputSize, to: &layout)
    }
}

extension LinearTensors where Address == Int {
    /// `prefix.weight [inputs, outputs]`, `prefix.bias [outputs]`.
    init(appending prefix: String, inputs: Int, outputs: Int, to layout: inout ParameterLayout) {
        weight = layout.append("\(prefix).weight", [inputs, outputs])
        bias = layout.append("\(prefix).bias", [outputs])
    }
}

extension LSTMTensors where Address == Int {
    /// `prefix.wxh [inputs, 4 units]`, `prefix.whh [units, 4 units]` and, with `bias`, `prefix.bias [4 units]`.
    init(appending prefix: String, inputs: Int, units: Int, bias: Bool, to layout: inout ParameterLayout) {
        wxh = layout.append("\(prefix).wxh", [inputs, 4 * units])
        whh = layout.append("\(prefix).whh", [units, 4 * units])
        self.bias = bias ? layout.append("\(prefix).bias", [4 * units]) : nil
    }
}

extension LayerNormTensors where Address == Int {
    /// `prefix.ln.gamma/beta [4 units]`, `prefix.lnc.gamma/beta [units]`.
    init(appending prefix: String, units: Int, to layout: inout ParameterLayout) {
        gamma = layout.append("\(prefix).ln.gamma", [4 * units])
        beta = layout.append("\(prefix).ln.beta", [4 * units])
        gammaC = layout.append("\(prefix).lnc.gamma", [units])
        betaC = layout.append("\(prefix).lnc.beta", [units])
    }
}

// MARK: - What the cells take

extension LayerNormTensors where Address == UnsafePointer<Float> {
    var cellNorms: LayerNormLSTMCell.Norms { .init(gamma: gamma, beta: beta, gammaC: gammaC, betaC: betaC) }
}

extension LayerNormTensors where Address == UnsafeMutablePointer<Float> {
    var cellGradients: LayerNormLSTMCell.NormGradients { .init(gamma: gamma, beta: beta, gammaC: gammaC, betaC: betaC) }
}
