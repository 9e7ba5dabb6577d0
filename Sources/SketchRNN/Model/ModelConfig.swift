/// Which sketch-rnn: the VAE (encoder + conditioned decoder) or the decoder alone ("unconditional").
public enum ModelType: String, Codable, Sendable, CaseIterable {
    case vae
    case decoder
}

/// The decoder's recurrent cell (SPEC §2). The encoder is always a plain bidirectional LSTM.
public enum CellType: String, Codable, Sendable, CaseIterable {
    case lstm
    case layerNorm
    case hyper
}

/// Everything that fixes the shape and conventions of a sketch-rnn model; saved in model files.
public struct ModelConfig: Codable, Equatable, Sendable {
    public var type: ModelType
    public var cell: CellType
    /// Units of each direction of the bidirectional encoder (VAE only).
    public var encoderSize: Int
    public var decoderSize: Int
    /// `N_z`, the size of the latent vector (VAE only).
    public var latentSize: Int
    /// `M`, Gaussian mixture components of the offset distribution.
    public var mixtures: Int
    /// Units of the HyperLSTM's small LayerNorm LSTM (`hyper_num_units`).
    public var hyperSize: Int
    /// Size of the HyperLSTM's embeddings `z` (`hyper_embedding_size`).
    public var hyperEmbedding: Int
    /// `Nmax`: longest sequence the model is trained or evaluated on.
    public var maxSeqLen: Int
    /// Keep probability of recurrent dropout during training (1 turns it off).
    public var recurrentDropoutKeep: Float
    public var firstInput: FirstInput
    /// Old sketch-rnn-js VAEs (`version < 6`) pass z through tanh before the decoder's initial state.
    public var latentThroughTanh: Bool

    public init(
        type: ModelType = .vae, cell: CellType = .lstm,
        encoderSize: Int = 256, decoderSize: Int = 512, latentSize: Int = 128, mixtures: Int = 20,
        hyperSize: Int = 256, hyperEmbedding: Int = 32, maxSeqLen: Int = 250,
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
        self.maxSeqLen = maxSeqLen
        self.recurrentDropoutKeep = recurrentDropoutKeep
        self.firstInput = firstInput
        self.latentThroughTanh = latentThroughTanh
    }

    public var isVAE: Bool { type == .vae }
    /// `6M + 3`: 3 pen logits then M each of pi logits, mu_x, mu_y, log sigma_x, log sigma_y, raw rho.
    public var outputSize: Int { 6 * mixtures + 3 }
    /// The decoder reads `[S_{i-1}; z]` (VAE) or `S_{i-1}`.
    public var decoderInputSize: Int { 5 + (isVAE ? latentSize : 0) }
    /// Size of the decoder's whole state vector (the initial-state layer's output).
    public var decoderStateSize: Int {
        switch cell {
        case .lstm, .layerNorm: return 2 * decoderSize
        case .hyper: return 2 * (decoderSize + hyperSize)
        }
    }

    /// Checks sizes a user or a file could get wrong.
    public func validate() throws {
        func positive(_ value: Int, _ name: String) throws {
            if value <= 0 { throw ModelConfigError.invalid("\(name) must be positive, got \(value)") }
        }
        try positive(decoderSize, "decoderSize")
        try positive(mixtures, "mixtures")
        try positive(maxSeqLen, "maxSeqLen")
        if isVAE {
            try positive(encoderSize, "encoderSize")
            try positive(latentSize, "latentSize")
        }
        if cell == .hyper {
            try positive(hyperSize, "hyperSize")
            try positive(hyperEmbedding, "hyperEmbedding")
        }
        if !(recurrentDropoutKeep > 0 && recurrentDropoutKeep <= 1) {
            throw ModelConfigError.invalid("recurrentDropoutKeep must be in (0, 1], got \(recurrentDropoutKeep)")
        }
    }
}

public enum ModelConfigError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let why): return "invalid model configuration: \(why)"
        }
    }
}
