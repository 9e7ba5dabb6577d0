import Foundation
import SketchRNN

extension SketchModel {
    /// The names of the models shipped with the library (`sheep`, `sheep-vae`, ...), sorted.
    public static var shippedNames: [String] {
        guard let folder = Checkpoints.shippedFolder else { return [] }
        return Checkpoints.list(folders: [folder]).filter { $0.problem == nil }.map(\.name)
    }

    /// Loads a model shipped with the library by its short name: `sheep` (decoder-only, the
    /// default of the `sketch` app), `sheep-vae`, `kanji` or `omniglot` (``shippedNames``).
    ///
    /// The checkpoints are resources of the `SketchCheckpoints` library, copied beside the program
    /// when it is built, so this works wherever the program runs.
    /// - Parameters:
    ///   - name: A shipped model's name.
    ///   - configuration: Threads and the caller's units.
    /// - Throws: ``ModelFileError`` when no shipped model has that name.
    public convenience init(shipped name: String, configuration: Configuration = Configuration()) throws {
        guard let folder = Checkpoints.shippedFolder,
              case let url = folder.appendingPathComponent("\(name).\(Checkpoints.fileExtension)"),
              !name.contains("/"), FileManager.default.fileExists(atPath: url.path)
        else {
            throw ModelFileError(file: name, problem: "no shipped model has this name (there are: \(Self.shippedNames.joined(separator: ", ")))")
        }
        try self.init(contentsOf: url, configuration: configuration)
    }
}

extension SketchModel {
    /// Loads a model by its short name: a shipped model first (``shippedNames``), otherwise one
    /// fetched with `sketch models fetch` into `$XDG_DATA_HOME/sketch/models` (by default
    /// `~/.local/share/sketch/models`): `cat` is Google's decoder-only `cat.gen.json` (or, without
    /// it, `cat.vae.json`), `cat.vae` the VAE.
    /// - Parameters:
    ///   - name: A shipped or fetched model's short name.
    ///   - configuration: Threads and the caller's units.
    /// - Throws: ``ModelFileError`` when no shipped or fetched model has that name, or the file
    ///   cannot be read.
    public convenience init(named name: String, configuration: Configuration = Configuration()) throws {
        try self.init(contentsOf: Self.file(named: name), configuration: configuration)
    }

    /// The file `init(named:)` loads: the shipped model of that name, else the fetched one.
    package static func file(named name: String, shipped: URL? = Checkpoints.shippedFolder,
                             fetched: FetchedFiles = FetchedFiles()) throws -> URL {
        if let shipped, !name.contains("/"),
           case let url = shipped.appendingPathComponent("\(name).\(Checkpoints.fileExtension)"),
           FileManager.default.fileExists(atPath: url.path) {
            return url
        }
        guard let url = fetched.model(named: name) else {
            throw ModelFileError(file: name, problem: "no shipped model has this name (there are: \(Self.shippedNames.joined(separator: ", "))) "
                + "and no fetched one is in \(fetched.modelsFolder.path) (`sketch models fetch \(FetchedFiles.localName(name))` fetches it)")
        }
        return url
    }
}
