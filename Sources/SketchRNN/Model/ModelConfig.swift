/// Which sketch-rnn: the VAE (encoder + conditioned decoder) or the decoder alone ("unconditional").
package enum ModelType: String, Codable, Sendable, CaseIterable {
    case vae
    case decoder
}

/// The decoder's recurrent cell (docs/model.md §2). The encoder is always a plain bidirectional LSTM.
package enum CellType: String, Codable, Sendable, CaseIterable {
    case lstm
    case layerNorm
    case hyper

    /// As people write it: "LSTM", "LayerNorm LSTM", "HyperLSTM".
    package var displayName: String {
        switch self {
        case .lstm: return "LSTM"
        case .layerNorm: return "LayerNorm LSTM"
        case .hyper: return "HyperLSTM"
        }
    }
}

/// Everything that fixes the shape and conventions of a sketch-rnn model; saved in model files.
package struct ModelConfig: Codable, Equatable, Sendable {
    package var type: ModelType
    package var cell: CellType
    /// Units of each direction of the bidirectional encoder (VAE only).
    package var encoderSize: Int
    package var decoderSize: Int
    /// `N_z`, the size of the latent vector (VAE only).
    package var latentSize: Int
    /// `M`, Gaussian mixture components of the offset distribution.
    package var mixtures: Int
    /// Units of the HyperLSTM's small LayerNorm LSTM (`hyper_num_units`).
    package var hyperSize: Int
    /// Size of the HyperLSTM's embeddings `z` (`hyper_embedding_size`).
    package var hyperEmbedding: Int
    /// `Nmax`: longest sequence the model is trained or evaluated on (`maxSeqLen` in model files,
    /// `max_seq_len` in TF's and sketch-rnn-js's).
    package var nmax: Int
    /// Keep probability of recurrent dropout during training (1 turns it off).
    package var recurrentDropoutKeep: Float
    package var firstInput: FirstInput
    /// Old sketch-rnn-js VAEs (`version < 6`) pass z through tanh before the decoder's initial state.
    package var latentThroughTanh: Bool

    package init(
        type: ModelType = .vae, cell: CellType = .lstm,
        encoderSize: Int = 256, decoderSize: Int = 512, latentSize: Int = 128, mixtures: Int = 20,
        hyperSize: Int = 256, hyperEmbedding: Int = 32, nmax: Int = 250,
        recurrentDropoutKeep: Float = 0.9, firstInput: FirstInput = .penDown, latentThroughTanh: Bool = false
    ) {
        self.type = type
        self.cell = cell
        self.encoderSize = encoderSize
        self.decoderSize = decoderSize
        self.latentSize = latentSize
        self.mixtures = mixtures
        self.hyperSize = hyperSize
        self.hyperEmbedding = hyperEmbedding
        self.nmax = nmax
        self.recurrentDropoutKeep = recurrentDropoutKeep
        self.firstInput = firstInput
        self.latentThroughTanh = latentThroughTanh
    }

    private enum CodingKeys: String, CodingKey {
        case type, cell, encoderSize, decoderSize, latentSize, mixtures, hyperSize, hyperEmbedding
        case nmax = "maxSeqLen"
        case recurrentDropoutKeep, firstInput, latentThroughTanh
    }

    package var isVAE: Bool { type == .vae }
    /// `6M + 3`: 3 pen logits then M each of pi logits, mu_x, mu_y, log sigma_x, log sigma_y, raw rho.
    package var outputSize: Int { 6 * mixtures + 3 }
    /// The decoder reads `[S_{i-1}; z]` (VAE) or `S_{i-1}`.
    package var decoderInputSize: Int { 5 + (isVAE ? latentSize : 0) }
    /// Size of the decoder's whole state vector (the initial-state layer's output).
    package var decoderStateSize: Int {
        switch cell {
        case .lstm, .layerNorm: return 2 * decoderSize
        case .hyper: return 2 * (decoderSize + hyperSize)
        }
    }

    /// Checks sizes a user or a file could get wrong, before anything is allocated: every size
    /// positive and within `ModelLimits`, and the whole parameter count computed with checked
    /// arithmetic. Every loader (safetensors, training state, sketch-rnn-js JSON) and every
    /// allocator of model buffers calls this.
    package func validate() throws {
        func check(_ value: Int, _ name: String, atMost limit: Int) throws {
            if value <= 0 { throw ModelConfigError.invalid("\(name) must be positive, got \(value)") }
            if value > limit { throw ModelConfigError.invalid("\(name) is \(value), above the limit of \(limit)") }
        }
        try check(decoderSize, "decoderSize", atMost: ModelLimits.maxUnits)
        try check(mixtures, "mixtures", atMost: ModelLimits.maxMixtures)
        try check(nmax, "maxSeqLen", atMost: ModelLimits.nmax)
        if isVAE {
            try check(encoderSize, "encoderSize", atMost: ModelLimits.maxUnits)
            try check(latentSize, "latentSize", atMost: ModelLimits.maxLatentSize)
        }
        if cell == .hyper {
            try check(hyperSize, "hyperSize", atMost: ModelLimits.maxUnits)
            try check(hyperEmbedding, "hyperEmbedding", atMost: ModelLimits.maxHyperEmbedding)
        }
        if !(recurrentDropoutKeep > 0 && recurrentDropoutKeep <= 1) {
            throw ModelConfigError.invalid("recurrentDropoutKeep must be in (0, 1], got \(recurrentDropoutKeep)")
        }
        guard let count = ModelLimits.checkedParameterCount(self), count <= ModelLimits.maxParameters else {
            throw ModelConfigError.invalid("the model would have more than \(ModelLimits.maxParameters) parameters")
        }
    }
}

/// Bounds on what a model configuration may ask for. They lie far above any sketch-rnn model
/// (magenta's largest: 2048 units, M = 20, Nmax a few hundred) and far below sizes that overflow or
/// exhaust memory, so a hostile or damaged file is refused before anything is allocated.
package enum ModelLimits {
    /// Encoder, decoder and hyper cell units.
    package static let maxUnits = 8192
    package static let maxLatentSize = 4096
    package static let maxMixtures = 1024
    package static let maxHyperEmbedding = 1024
    /// Nmax: the longest QuickDraw sketches have a few hundred points after simplification.
    package static let nmax = 10_000
    /// 2^28 floats: 1 GiB of weights, 30 times magenta's largest model.
    package static let maxParameters = 1 << 28

    /// Data units per model unit: QuickDraw's are about 10–100; outside this range every point of a
    /// sample lands in one spot or off any screen.
    package static let scaleFactorRange: ClosedRange<Float> = 1e-4...1e6

    /// Why `scale` cannot be a model's scale factor, or nil.
    package static func scaleFactorProblem(_ scale: Float?) -> String? {
        guard let scale else { return "there is no scale_factor" }
        guard scaleFactorRange.contains(scale) else {
            return "scale_factor \(scale) is not a number in [\(scaleFactorRange.lowerBound), \(scaleFactorRange.upperBound)]"
        }
        return nil
    }

    /// The parameter count of `config`'s layout, or nil when it overflows `Int`. Mirrors
    /// `ParameterLayout(config:)` so that the layout is only built for a count known to fit.
    static func checkedParameterCount(_ c: ModelConfig) -> Int? {
        var total = 0
        func add(_ factors: Int...) -> Bool {
            var product = 1
            for f in factors {
                let (p, o) = product.multipliedReportingOverflow(by: f)
                if o { return false }
                product = p
            }
            let (t, o) = total.addingReportingOverflow(product)
            total = t
            return !o
        }
        let h = c.decoderSize, input = c.decoderInputSize, out = c.outputSize
        var ok = add(input, 4, h) && add(h, 4, h) && add(h, out) && add(out)
        if c.isVAE {
            let e = c.encoderSize, nz = c.latentSize, s = c.decoderStateSize
            ok = ok && add(2, 5 + e + 1, 4, e) && add(2, 2, e, nz) && add(2, nz) && add(nz, s) && add(s)
        }
        if c.cell != .layerNorm { ok = ok && add(4, h) }  // decoder.bias
        if c.cell != .lstm { ok = ok && add(10, h) }  // the layer norms' gammas and betas
        if c.cell == .hyper {
            let hh = c.hyperSize, emb = c.hyperEmbedding
            ok = ok && add(input + h, 4, hh) && add(hh, 4, hh) && add(10, hh) && add(hh, 12, emb) && add(8, emb)
                && add(12, emb, h)
        }
        return ok ? total : nil
    }
}

package enum ModelConfigError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    package var description: String {
        switch self {
        case .invalid(let why): return "invalid model configuration: \(why)"
        }
    }
}

extension ModelConfig {
    /// A model's type in words, the one naming the app, the picker and the CLI use:
    /// "decoder-only LSTM 512", "VAE, LSTM 512, z 128".
    package var kindName: String {
        let cell = self.cell.displayName
        return isVAE ? "VAE, \(cell) \(decoderSize), z \(latentSize)" : "decoder-only \(cell) \(decoderSize)"
    }
}
