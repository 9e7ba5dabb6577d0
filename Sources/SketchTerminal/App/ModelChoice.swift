import Foundation
import SketchCheckpoints
import SketchRNN

/// A model the user can switch to with `m`: a file given with `--model` or a shipped checkpoint.
package struct ModelChoice: Equatable, Sendable {
    /// What the status bar calls it before it is loaded.
    package var name: String
    /// The path or short name the loader understands.
    package var reference: String
    /// Its type as far as it is known before loading (the picker shows it), e.g. "vae lstm".
    package var kind: String?

    package init(name: String, reference: String, kind: String? = nil) {
        self.name = name
        self.reference = reference
        self.kind = kind
    }

    /// The model files a `--model` argument stands for: a folder's `.safetensors` and `.json`
    /// files (sorted by name), or the argument itself.
    package static func files(_ reference: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        let path = (reference as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [reference] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".safetensors") || $0.hasSuffix(".json")) }
            .sorted()
        guard !names.isEmpty else { throw NoModelFiles(folder: reference) }
        return names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    /// A model file's type from what can be read without loading it: a `.safetensors` file's
    /// metadata, or a sketch-rnn-js file's name (`*.gen.json`, `*.vae.json`; a fetched model's
    /// short name, `cat`, stands for one).
    package static func kind(ofFile reference: String) -> String? {
        let file = ((try? Checkpoints.resolve(reference)) ?? URL(fileURLWithPath: reference)).lastPathComponent
        if file.hasSuffix(".gen.json") { return "decoder-only LSTM (sketch-rnn-js)" }
        if file.hasSuffix(".vae.json") { return "VAE, LSTM (sketch-rnn-js)" }
        // The config in the metadata names it as a loaded model is named (`ModelConfig.kindName`, `SketchModel.architecture`).
        guard let url = try? Checkpoints.resolve(reference), url.pathExtension == "safetensors",
              let metadata = try? SafetensorsFile.readMetadata(from: url), let text = metadata["config"],
              let config = try? JSONDecoder().decode(ModelConfig.self, from: Data(text.utf8)) else { return nil }
        return config.kindName
    }

    package struct NoModelFiles: Error, CustomStringConvertible {
        package var folder: String
        package var description: String { "--model \(folder): the folder has no model files (.safetensors or sketch-rnn-js .json)" }
    }
}
