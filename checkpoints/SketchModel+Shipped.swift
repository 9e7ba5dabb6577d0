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
