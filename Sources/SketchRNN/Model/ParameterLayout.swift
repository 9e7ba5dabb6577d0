/// Where each named tensor lives in the single flat parameter buffer.
///
/// All parameters of a model sit in one contiguous `[Float]`, and their gradients in a second buffer
/// with the same layout, so that Adam, clipping and norms are single loops over a whole buffer.
/// Names are stable and dotted (`decoder.whh`, `output.bias`, ...): model files and importers use them.
package struct ParameterLayout: Equatable, Sendable {
    package struct Entry: Equatable, Sendable {
        package let name: String
        package let shape: [Int]
        package let offset: Int
        package var count: Int { shape.reduce(1, *) }
    }

    package private(set) var entries: [Entry] = []
    package private(set) var totalCount = 0
    private var indexByName: [String: Int] = [:]

    package init() {}

    package mutating func append(_ name: String, _ shape: [Int]) {
        precondition(indexByName[name] == nil, "parameter \(name) declared twice")
        indexByName[name] = entries.count
        entries.append(Entry(name: name, shape: shape, offset: totalCount))
        totalCount += shape.reduce(1, *)
    }

    package func entry(_ name: String) -> Entry? { indexByName[name].map { entries[$0] } }

    /// Offset of a parameter the model itself declared (a missing name is a programming error).
    package func offset(_ name: String) -> Int {
        guard let e = entry(name) else { preconditionFailure("no parameter named \(name)") }
        return e.offset
    }

    package var names: [String] { entries.map(\.name) }
}

extension ParameterLayout {
    /// The layout of a sketch-rnn model (docs/model.md §2), in a fixed order.
    ///
    /// Shapes are row-major `[in, out]` so that a batch `x [N, in]` maps by `x W`. Gates are ordered
    /// i, j, f, o within every `4H` block. Per cell type the decoder has:
    /// - `lstm`: `decoder.wxh [in, 4H]`, `decoder.whh [H, 4H]`, `decoder.bias [4H]`;
    /// - `layerNorm`: `decoder.wxh`, `decoder.whh` (no bias), `decoder.ln.gamma/beta [4H]`,
    ///   `decoder.lnc.gamma/beta [H]` (the norm of c);
    /// - `hyper`: the `layerNorm` names plus `decoder.bias [4H]`, the hyper cell (a LayerNorm LSTM of
    ///   `Hh` units over `[x; h]`) as `decoder.hyper.wxh [in + H, 4Hh]`, `decoder.hyper.whh`,
    ///   `decoder.hyper.ln.*`, `decoder.hyper.lnc.*`, and the eight blocks' embeddings stacked in the
    ///   order of `HyperBlock` (ix jx fx ox ih jh fh oh) so that each is one matrix product:
    ///   `decoder.hyper.zw.weight [Hh, 8E]`, `decoder.hyper.zw.bias [8E]`, `decoder.hyper.alpha
    ///   [8, E, H]`, and for the four h-blocks `decoder.hyper.zb [Hh, 4E]`, `decoder.hyper.beta [4, E, H]`.
    package init(config c: ModelConfig) {
        self.init()
        if c.isVAE {
            let e = c.encoderSize
            for direction in ["forward", "backward"] {
                append("encoder.\(direction).wxh", [5, 4 * e])
                append("encoder.\(direction).whh", [e, 4 * e])
                append("encoder.\(direction).bias", [4 * e])
            }
            append("mu.weight", [2 * e, c.latentSize])
            append("mu.bias", [c.latentSize])
            append("presig.weight", [2 * e, c.latentSize])
            append("presig.bias", [c.latentSize])
            append("init.weight", [c.latentSize, c.decoderStateSize])
            append("init.bias", [c.decoderStateSize])
        }
        let h = c.decoderSize
        append("decoder.wxh", [c.decoderInputSize, 4 * h])
        append("decoder.whh", [h, 4 * h])
        switch c.cell {
        case .lstm:
            append("decoder.bias", [4 * h])
        case .layerNorm:
            appendLayerNorms("decoder", h)
        case .hyper:
            append("decoder.bias", [4 * h])
            appendLayerNorms("decoder", h)
            let hh = c.hyperSize, emb = c.hyperEmbedding
            append("decoder.hyper.wxh", [c.decoderInputSize + h, 4 * hh])
            append("decoder.hyper.whh", [hh, 4 * hh])
            appendLayerNorms("decoder.hyper", hh)
            append("decoder.hyper.zw.weight", [hh, 8 * emb])
            append("decoder.hyper.zw.bias", [8 * emb])
            append("decoder.hyper.alpha", [8, emb, h])
            append("decoder.hyper.zb", [hh, 4 * emb])
            append("decoder.hyper.beta", [4, emb, h])
        }
        append("output.weight", [h, c.outputSize])
        append("output.bias", [c.outputSize])
    }

    private mutating func appendLayerNorms(_ prefix: String, _ units: Int) {
        append("\(prefix).ln.gamma", [4 * units])
        append("\(prefix).ln.beta", [4 * units])
        append("\(prefix).lnc.gamma", [units])
        append("\(prefix).lnc.beta", [units])
    }
}

/// The eight pre-activation blocks a HyperLSTM scales, in the order its stacked embedding tensors
/// hold them: four from `x W_xh`, then four from `h W_hh` (which also get an additive `beta`).
package enum HyperBlock: String, CaseIterable, Sendable {
    case ix, jx, fx, ox, ih, jh, fh, oh
}
