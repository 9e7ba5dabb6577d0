import Foundation

/// A trained sketch-rnn model, ready to draw: the library's face for apps.
///
/// Load one from a file (the project's `.safetensors` models or sketch-rnn-js `.json` models), then
/// ``sample(count:temperature:seed:)``, ``complete(_:penLifted:count:temperature:seed:cancellation:progress:)``
/// a drawing in progress, ask for the ``nextPointDistribution(after:penLifted:temperature:)``, or,
/// with a VAE, ``encode(_:)``, ``decode(_:temperature:seed:)``, ``reconstruct(_:temperature:seed:)``
/// and ``interpolate(from:to:count:temperature:seed:)``.
///
/// Every drawing going in and out is in the caller's units: data pixels of the model's training set
/// (the 256-pixel frame of Quick, Draw!, for most models) divided by
/// ``Configuration/dataPixelsPerUnit``. The model's own normalised units never show.
///
/// A model is immutable and can be shared between threads: each call works on buffers of its own.
/// It runs on ``Configuration/threads`` cores, set per model; nothing global needs setting.
public final class SketchModel: Sendable {
    /// How a model runs: its threads and the caller's units.
    public struct Configuration: Sendable, Equatable {
        /// Cores each call splits its work over; 1 keeps it on the calling thread.
        public var threads: Int
        /// Data pixels per caller unit: 1 (the default) for the training data's own pixels, 2
        /// where the caller's canvas draws at half that scale (sketch-rnn-js's `pixel_factor`).
        public var dataPixelsPerUnit: Float

        /// A configuration; `threads` defaults to the machine's cores (at most 8).
        /// - Parameters:
        ///   - threads: Cores each call uses, at least 1.
        ///   - dataPixelsPerUnit: Data pixels per caller unit, positive.
        public init(threads: Int? = nil, dataPixelsPerUnit: Float = 1) {
            self.threads = max(1, threads ?? Parallel.workers)
            self.dataPixelsPerUnit = dataPixelsPerUnit
        }
    }

    /// What a model can do.
    public enum Kind: String, Sendable, Equatable {
        /// A variational autoencoder: it samples, completes, and also encodes drawings to latent
        /// vectors and decodes them.
        case vae
        /// A decoder alone: it samples and completes drawings.
        case decoderOnly = "decoder"
    }

    let file: ModelFile

    /// How this model runs.
    public let configuration: Configuration

    /// The conversion between this model's units and the caller's.
    public let units: Units

    let samplers = GeneratorPool<Sampler> { $0.capacity }
    let completers = GeneratorPool<Completer> { $0.capacity }
    let steppers = GeneratorPool<DecoderStepper> { $0.capacity }
    let latentSpaces = GeneratorPool<LatentSpace> { _ in Int.max }

    /// Loads the model file at `url`: a `.safetensors` model written by this project or a
    /// sketch-rnn-js `.json` model, told apart by content.
    /// - Parameters:
    ///   - url: The model file.
    ///   - configuration: Threads and the caller's units.
    /// - Throws: ``ModelFileError`` naming the file and its problem when it cannot be read or is
    ///   not a usable model; ``GenerationError/badRequest(_:)`` for a configuration out of range.
    public convenience init(contentsOf url: URL, configuration: Configuration = Configuration()) throws {
        try self.init(file: ModelFile.load(url), configuration: configuration)
    }

    package init(file: ModelFile, configuration: Configuration = Configuration()) throws {
        guard configuration.dataPixelsPerUnit > 0, configuration.dataPixelsPerUnit.isFinite else {
            throw GenerationError.badRequest("dataPixelsPerUnit must be positive and finite")
        }
        self.file = file
        self.configuration = configuration
        units = Units(dataPixelsPerModelUnit: file.info.scaleFactor, dataPixelsPerCallerUnit: configuration.dataPixelsPerUnit)
    }

    /// The same model run another way (other threads, or the caller's units): the weights are
    /// shared, nothing is read again.
    public func configured(_ configuration: Configuration) throws -> SketchModel {
        try SketchModel(file: file, configuration: configuration)
    }

    /// What the model is, in words: "decoder-only LSTM 512", "VAE, LSTM 512, z 128".
    public var architecture: String { file.config.kindName }

    /// The data sets the model was trained on, as its file records them (file names).
    public var dataSets: [String] { file.info.dataSets }

    /// The model's short name, as its file records it (`sheep`).
    public var name: String { file.info.name }

    /// Whether the model is a VAE or a decoder alone.
    public var kind: Kind { file.config.isVAE ? .vae : .decoderOnly }

    /// Values in a latent vector (`Nz`); 0 for a decoder-only model.
    public var latentSize: Int { file.config.isVAE ? file.config.latentSize : 0 }

    /// The most points the model draws in one drawing (`Nmax`).
    public var maxPoints: Int { file.config.nmax }

    /// Data pixels per model unit: the standard deviation of the training set's offsets.
    public var scaleFactor: Float { file.info.scaleFactor }

    /// How this model draws best: the sampling style its file carries, or the project's standard.
    /// Sampling and completion use it unless given a temperature.
    public var samplingStyle: SamplingStyle { file.info.samplingStyle }

    /// This model's sampling at `tau`, as its style takes it.
    public func temperature(_ tau: Float) -> SamplingTemperature { samplingStyle.temperature(tau) }

    /// The BLAS library, its kernels, its threads and the processor, in one line: what the
    /// products of every model run on in this process.
    public static var computeBackend: String { BLASRuntime.configuration.summary }

    /// `body` on this model's cores.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        try Parallel.withWorkers(configuration.threads, body)
    }

    /// `body` with a sampler of this model for `count` drawings at once.
    func withSampler<T>(count: Int, _ body: (Sampler) throws -> T) throws -> T {
        let capacity = min(max(count, 1), 64)
        return try samplers.with(capacity: capacity, make: { try Sampler(model: file, capacity: capacity) }, body)
    }

    /// `body` with a completer of this model for `count` endings.
    func withCompleter<T>(count: Int, _ body: (Completer) throws -> T) throws -> T {
        // One size serves the app's every request, so its completer keeps the drawing it read last.
        let capacity = max(count, 9)
        return try completers.with(capacity: capacity, make: { try Completer(model: file, capacity: capacity) }, body)
    }

    /// `body` with a one-stream decoder of this model.
    func withStepper<T>(_ body: (DecoderStepper) throws -> T) throws -> T {
        try steppers.with(capacity: 1, make: { try DecoderStepper(parameters: file.parameters, config: file.config, capacity: 1) }, body)
    }

    /// `body` with this VAE's latent space.
    func withLatentSpace<T>(_ body: (LatentSpace) throws -> T) throws -> T {
        try requireVAE()
        return try latentSpaces.with(capacity: 1, make: { try LatentSpace(model: file) }, body)
    }

    func requireVAE() throws {
        guard file.config.isVAE else { throw GenerationError.needsVAE(name) }
    }
}
