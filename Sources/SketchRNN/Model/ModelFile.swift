import Foundation

/// A trained model as stored on disk: its shape and conventions, its weights, and where it came
/// from. Loads the project's safetensors files and sketch-rnn-js JSON files, told apart by content.
///
/// The project's format is safetensors: one tensor per parameter under its layout name
/// (`decoder.wxh`, `output.bias`, ...), and in `__metadata__`: `format` = "sketch-rnn",
/// `format_version`, `config` (ModelConfig as JSON), `model_type`, `cell`, `scale_factor`,
/// `max_seq_len`, `data_sets` (JSON array), `training_step`, `losses` (JSON object), `name`, and any
/// `notes` under their own keys. Tensors outside the layout (optimiser moments of a training
/// checkpoint, say) are kept in `extraTensors`.
package struct ModelFile: Sendable {
    package var config: ModelConfig
    package var parameters: Parameters
    package var info: ModelInfo
    package var extraTensors: [String: Tensor]

    package init(config: ModelConfig, parameters: Parameters, info: ModelInfo, extraTensors: [String: Tensor] = [:]) {
        self.config = config
        self.parameters = parameters
        self.info = info
        self.extraTensors = extraTensors
    }

    package static let formatName = "sketch-rnn"
    /// The extension of the project's model files.
    package static let fileExtension = "safetensors"
    static let formatVersion = 1
    /// Metadata keys the format itself uses; notes may not take them.
    static let reservedKeys: Set<String> = [
        "format", "format_version", "config", "model_type", "cell", "scale_factor", "max_seq_len",
        "data_sets", "training_step", "losses", "name", "sampling",
    ]

    // MARK: Loading

    /// Loads a `.safetensors` model or a sketch-rnn-js `.json` model, whichever `url` holds.
    package static func load(_ url: URL) throws -> ModelFile {
        let data = try InputFile.read(url, mapped: true) { ModelFileError(file: url.path, problem: $0) }
        return try decode(data, name: url.path)
    }

    /// Decodes a model file's bytes; `name` is used in errors.
    package static func decode(_ data: Data, name: String) throws -> ModelFile {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ModelFileError(file: name, problem: "the file is empty")
        }
        if first == UInt8(ascii: "[") { return try SketchRNNJS.decode(data, name: name) }
        if data.count >= 9, data[data.startIndex + 8] == UInt8(ascii: "{") {
            let file: SafetensorsFile
            do {
                file = try SafetensorsFile.decode(data, name: name)
            } catch let error as SafetensorsFile.FormatError {
                throw ModelFileError(file: name, problem: "not a valid safetensors file: \(error.problem)")
            }
            return try ModelFile(safetensors: file, name: name)
        }
        throw ModelFileError(file: name, problem: "neither a safetensors model nor a sketch-rnn-js JSON model")
    }

    /// Builds a model from a safetensors file's tensors and metadata, checking everything.
    package init(safetensors file: SafetensorsFile, name: String) throws {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(file: name, problem: problem) }
        let m = file.metadata
        guard m["format"] == Self.formatName else {
            throw fail("not a sketch-rnn model: its safetensors metadata lacks format = \"\(Self.formatName)\"")
        }
        if let v = m["format_version"], (Int(v) ?? .max) > Self.formatVersion {
            throw fail("format_version \(v) is newer than this program reads (\(Self.formatVersion))")
        }
        guard let configText = m["config"] else { throw fail("the metadata has no config") }
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(configText.utf8))
        } catch {
            throw fail("the config in the metadata is not understood (\(Self.describe(error)))")
        }
        do { try config.validate() } catch { throw fail("\(error)") }
        let scaleValue = m["scale_factor"].flatMap { Float($0) }
        if let problem = ModelLimits.scaleFactorProblem(scaleValue) { throw fail("in the metadata, \(problem)") }
        let scale = scaleValue ?? 1
        var parameters = Parameters(config: config)
        for entry in parameters.layout.entries {
            guard let t = file.tensors[entry.name] else {
                throw fail("the tensor \(entry.name) is missing (a \(config.type.rawValue) model with a \(config.cell.rawValue) decoder needs it)")
            }
            do { try parameters.set(entry.name, t) } catch { throw fail("\(error)") }
        }
        if let problem = parameters.unusableValueProblem { throw fail(problem) }
        var notes = [String: String]()
        for (k, v) in m where !Self.reservedKeys.contains(k) { notes[k] = v }
        let sampling = try m["sampling"].map { try Self.samplingStyle($0, file: name) }
        let info = ModelInfo(
            name: m["name"] ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent,
            scaleFactor: scale,
            dataSets: Self.decodeJSON([String].self, m["data_sets"]) ?? [],
            trainingStep: m["training_step"].flatMap { Int($0) } ?? 0,
            losses: Self.decodeJSON([String: Double].self, m["losses"]) ?? [:],
            notes: notes, sampling: sampling)
        let known = Set(parameters.layout.names)
        self.init(config: config, parameters: parameters, info: info,
                  extraTensors: file.tensors.filter { !known.contains($0.key) })
    }

    // MARK: Saving

    /// The safetensors form of this model.
    package var safetensors: SafetensorsFile {
        var tensors = extraTensors
        for entry in parameters.layout.entries {
            tensors[entry.name] = Tensor(shape: entry.shape, data: Array(parameters.values[entry.offset..<(entry.offset + entry.count)]))
        }
        var m = info.notes.filter { !Self.reservedKeys.contains($0.key) }
        m["format"] = Self.formatName
        m["format_version"] = String(Self.formatVersion)
        m["config"] = Self.encodeJSON(config)
        m["model_type"] = config.type.rawValue
        m["cell"] = config.cell.rawValue
        m["scale_factor"] = "\(info.scaleFactor)"
        m["max_seq_len"] = String(config.nmax)
        m["data_sets"] = Self.encodeJSON(info.dataSets)
        m["training_step"] = String(info.trainingStep)
        m["losses"] = Self.encodeJSON(info.losses)
        m["name"] = info.name
        if let sampling = info.sampling { m["sampling"] = Self.encodeJSON(sampling) }
        return SafetensorsFile(tensors: tensors, metadata: m)
    }

    /// Saves in the project's format, atomically. f16 halves the file at a small precision cost.
    package func save(to url: URL, as storage: SafetensorsFile.StorageType = .f32) throws {
        try safetensors.write(to: url, as: storage)
    }

    // MARK: Helpers

    /// A model file's sampling style, checked: one a file cannot be drawn with is an error naming the file.
    package static func samplingStyle(_ text: String, file: String) throws -> SamplingStyle {
        let style: SamplingStyle
        do {
            style = try JSONDecoder().decode(SamplingStyle.self, from: Data(text.utf8))
        } catch {
            throw ModelFileError(file: file, problem: "its sampling style is not understood (\(describe(error)))")
        }
        if let problem = style.problem { throw ModelFileError(file: file, problem: "in its sampling style, \(problem)") }
        return style
    }

    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    package static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }
}
