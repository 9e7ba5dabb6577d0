import Foundation

/// sketch-rnn-js model files (docs/model.md §5): a JSON array `[info, shapes, blobs]` whose blobs are base64
/// little-endian int16, value = int16 / 32767 × 10. Plain LSTM cells, forget bias 1.
package enum SketchRNNJS {
    /// int16 → float: the format's quantisation step is `range / 32767`.
    package static let range: Float = 10
    package static let levels: Float = 32767

    /// Parameter names in the order of a decoder-only file's tensors.
    static let decoderOrder = ["output.weight", "output.bias", "decoder.wxh", "decoder.whh", "decoder.bias"]

    /// Parameter names in the order of a VAE file's tensors.
    static let vaeOrder = [
        "encoder.forward.wxh", "encoder.forward.whh", "encoder.forward.bias",
        "encoder.backward.wxh", "encoder.backward.whh", "encoder.backward.bias",
        "mu.weight", "mu.bias", "presig.weight", "presig.bias", "init.weight", "init.bias",
        "output.weight", "output.bias", "decoder.wxh", "decoder.whh", "decoder.bias",
    ]

    /// The `info` key under which exports record the decoder's first input (Google's files lack it).
    static let firstInputKey = "first_input"
    /// `info` keys the importer interprets; the others are kept as notes.
    static let knownKeys: Set<String> = ["mode", "version", "name", "scale_factor", "max_seq_len", "sampling", firstInputKey]

    /// The first `NaN`, `Infinity` or `-Infinity` outside a string, with its byte offset: Python's
    /// json module writes these for non-finite floats, and no JSON parser reads them.
    static func nonFiniteLiteral(in data: Data) -> (String, Int)? {
        let bytes = [UInt8](data)
        var inString = false, escaped = false
        for (i, b) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true; continue }
            for literal in ["NaN", "Infinity"] where b == literal.utf8.first && bytes[i...].starts(with: literal.utf8) {
                let negative = i > 0 && bytes[i - 1] == UInt8(ascii: "-")
                return (negative ? "-" + literal : literal, negative ? i - 1 : i)
            }
        }
        return nil
    }

    package static func decode(_ data: Data, name: String) throws -> ModelFile {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(file: name, problem: problem) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            if let (literal, at) = nonFiniteLiteral(in: data) {
                throw fail("not valid JSON: byte \(at) holds the literal \(literal), which JSON does not allow (Python's json writes it for a non-finite float)")
            }
            throw fail("not valid JSON (truncated?): a sketch-rnn-js model is a JSON array [info, shapes, blobs]")
        }
        guard let top = json as? [Any], top.count == 3,
              let info = top[0] as? [String: Any], let shapeList = top[1] as? [Any], let blobs = top[2] as? [Any]
        else { throw fail("not a sketch-rnn-js model: expected a JSON array [info, shapes, blobs]") }

        let type = try modelType(info["mode"], fail: fail)
        let order = type == .vae ? vaeOrder : decoderOrder
        guard shapeList.count == order.count, blobs.count == order.count else {
            throw fail("a \(type == .vae ? "VAE" : "decoder-only") model has \(order.count) tensors, this file lists \(shapeList.count) shapes and \(blobs.count) blobs")
        }
        var shapes = [[Int]]()
        for (i, s) in shapeList.enumerated() {
            // Every tensor of the format is a vector or a matrix, so with each side below 2^24 the
            // element count cannot overflow.
            guard let dims = s as? [Any], dims.count == 1 || dims.count == 2,
                  let ints = Optional(dims.compactMap { SafetensorsFile.wholeNumber($0) }), ints.count == dims.count,
                  ints.allSatisfy({ $0 > 0 && $0 < 1 << 24 })
            else { throw fail("shape \(i) (\(order[i])) is not a vector or matrix of positive whole sizes: \(s)") }
            shapes.append(ints)
        }
        var tensors = [String: Tensor]()
        for (i, blob) in blobs.enumerated() {
            guard let text = blob as? String, let bytes = Data(base64Encoded: text) else {
                throw fail("blob \(i) (\(order[i])) is not base64 text")
            }
            let count = shapes[i].reduce(1, *)
            guard bytes.count == 2 * count else {
                throw fail("blob \(i) (\(order[i])) holds \(bytes.count / 2) values, its shape \(shapes[i]) needs \(count)")
            }
            var values = [Float](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                for k in 0..<count {
                    let q = Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * k, as: Int16.self))
                    values[k] = Float(q) / levels * range
                }
            }
            tensors[order[i]] = Tensor(shape: shapes[i], data: values)
        }

        let config = try inferConfig(type: type, shapes: shapes, info: info, fail: fail)
        var parameters = Parameters(config: config)
        for (i, key) in order.enumerated() {
            guard let t = tensors[key] else { continue }
            do {
                try parameters.set(key, t)
            } catch {
                throw fail("tensor \(i) (\(key)) has shape \(shapes[i]), which does not fit the others (expected \(parameters.layout.entry(key)?.shape ?? []))")
            }
        }
        if let problem = parameters.unusableValueProblem { throw fail(problem) }

        let scaleValue = (info["scale_factor"] as? NSNumber)?.floatValue
        if let problem = ModelLimits.scaleFactorProblem(scaleValue) { throw fail("in info, \(problem)") }
        let scale = scaleValue ?? 1
        var notes = [String: String]()
        for (k, v) in info where !knownKeys.contains(k) {
            notes[k] = (v as? String) ?? (try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "\(v)"
        }
        notes["source"] = notes["source"] ?? "sketch-rnn-js JSON"
        var modelInfo = ModelInfo(
            name: (info["name"] as? String) ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent,
            scaleFactor: scale, notes: notes)
        // Exports carry the project's own history back.
        if let step = notes["training_step"].flatMap({ Int($0) }) { modelInfo.trainingStep = step; notes["training_step"] = nil }
        if let sets = ModelFile.decodeJSON([String].self, notes["data_sets"]) { modelInfo.dataSets = sets; notes["data_sets"] = nil }
        if let losses = ModelFile.decodeJSON([String: Double].self, notes["losses"]) { modelInfo.losses = losses; notes["losses"] = nil }
        modelInfo.notes = notes
        if let sampling = info["sampling"] {
            guard JSONSerialization.isValidJSONObject(sampling),
                  let text = try? JSONSerialization.data(withJSONObject: sampling, options: [.sortedKeys]) else {
                throw fail("its sampling style in info is not a JSON object")
            }
            modelInfo.sampling = try ModelFile.samplingStyle(String(decoding: text, as: UTF8.self), file: name)
        }
        return ModelFile(config: config, parameters: parameters, info: modelInfo)
    }

    static func modelType(_ mode: Any?, fail: (String) -> ModelFileError) throws -> ModelType {
        if let s = mode as? String {
            switch s {
            case "gen": return .decoder
            case "vae": return .vae
            default: throw fail("unknown mode \"\(s)\" in info (expected 0 or 1 for a VAE, 2 or \"gen\" for decoder-only)")
            }
        }
        if let n = mode as? NSNumber {
            switch n.doubleValue {
            case 0, 1: return .vae
            case 2: return .decoder
            default: throw fail("unknown mode \(n) in info (expected 0 or 1 for a VAE, 2 or \"gen\" for decoder-only)")
            }
        }
        throw fail("info has no mode (expected 0 or 1 for a VAE, 2 or \"gen\" for decoder-only)")
    }

    /// Sizes come from the shapes; Nmax, the tanh on z and the first input from `info`.
    static func inferConfig(type: ModelType, shapes: [[Int]], info: [String: Any], fail: (String) -> ModelFileError) throws -> ModelConfig {
        let outputIndex = type == .vae ? 12 : 0
        let whhIndex = type == .vae ? 15 : 3
        guard shapes[outputIndex].count == 2, shapes[whhIndex].count == 2 else {
            throw fail("the output and recurrent weights must be matrices")
        }
        let hidden = shapes[whhIndex][0]
        let outputs = shapes[outputIndex][1]
        guard outputs >= 9, (outputs - 3) % 6 == 0 else {
            throw fail("the output layer has \(outputs) columns; a mixture density output has 6M + 3")
        }
        var config = ModelConfig(
            type: type, cell: .lstm, decoderSize: hidden, mixtures: (outputs - 3) / 6,
            firstInput: try firstInput(info[firstInputKey], fail: fail))
        if type == .vae {
            guard shapes[1].count == 2, shapes[6].count == 2 else { throw fail("the encoder weights must be matrices") }
            config.encoderSize = shapes[1][0]
            config.latentSize = shapes[6][1]
        }
        guard let number = info["max_seq_len"] as? NSNumber, let nmax = Int(exactly: number.doubleValue), nmax > 0 else {
            throw fail("info has no max_seq_len that is a positive whole number")
        }
        config.nmax = nmax
        // sketch-rnn-js compares `version < 6`; a missing version is not < 6 there either.
        if let version = (info["version"] as? NSNumber)?.doubleValue { config.latentThroughTanh = type == .vae && version < 6 }
        do { try config.validate() } catch { throw fail("\(error)") }
        return config
    }

    static func firstInput(_ value: Any?, fail: (String) -> ModelFileError) throws -> FirstInput {
        guard let value else { return .zeros }
        if let s = value as? String, let f = FirstInput(rawValue: s) { return f }
        if let row = value as? [NSNumber] {
            let floats = row.map(\.floatValue)
            for f in [FirstInput.zeros, .penDown] where f.row == floats { return f }
        }
        throw fail("info.\(firstInputKey) is \(value), expected [0,0,0,0,0] or [0,0,1,0,0]")
    }
}
