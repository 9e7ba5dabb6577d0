import Foundation
import SketchRNN

/// The project's shipped checkpoints (`<project>/checkpoints/<name>.safetensors`, resources of this
/// target) and the short names that stand for them (`sheep`), found from any working directory.
package enum Checkpoints {
    /// Environment variable naming a checkpoints folder to search first.
    package static let environmentVariable = "SKETCH_CHECKPOINTS"
    package static let fileExtension = ModelFile.fileExtension

    /// Folders searched for short names, in order, existing ones only, without repeats:
    /// `$SKETCH_CHECKPOINTS`; a folder `checkpoints` beside the executable or in any of its
    /// ancestors (after resolving symlinks, so a linked `sketch` still finds its project); the
    /// checkpoints shipped as this target's resources.
    package static func searchFolders(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = executableURL()
    ) -> [URL] {
        var candidates = [URL]()
        if let dir = environment[environmentVariable], !dir.isEmpty { candidates.append(URL(fileURLWithPath: dir)) }
        if let exe = executable?.resolvingSymlinksInPath() {
            var folder = exe.deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                candidates.append(folder.appendingPathComponent("checkpoints"))
                folder.deleteLastPathComponent()
            }
        }
        if let shipped = shippedFolder { candidates.append(shipped) }
        var seen = Set<String>()
        return candidates.filter { url in
            var isDir: ObjCBool = false
            let path = url.standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return false }
            return seen.insert(path).inserted
        }
    }

    /// The folder of the checkpoints this target carries as resources (a copy of the project's
    /// `checkpoints` made at build time), wherever the program runs.
    package static var shippedFolder: URL? {
        Bundle.module.url(forResource: "sheep", withExtension: fileExtension)?.deletingLastPathComponent()
    }

    /// Where `sketch models ship` writes: `$SKETCH_CHECKPOINTS` when set (tests, trials), otherwise
    /// the `checkpoints` folder of the clone `sketch` was built from: shipping is a developer's
    /// command, run in the clone it ships into.
    package static func shippingFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment[environmentVariable], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }

    package static func executableURL() -> URL? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        #endif
        return Bundle.main.executableURL
    }

    /// A model argument that is neither a file, nor a shipped checkpoint, nor a fetched model.
    package struct NotFound: Error, CustomStringConvertible, LocalizedError {
        package var name: String
        package var searched: [URL]
        package var description: String {
            if name.contains("/") { return "\(name): no such file" }
            let places = searched.isEmpty ? "no checkpoints folder was found" : "looked in " + searched.map(\.path).joined(separator: ", ")
            return "\(name): no such model file, nor a shipped checkpoint or fetched model of that name (\(places); "
                + "`sketch models fetch \(FetchedFiles.localName(name))` fetches Google's sketch-rnn-js model of a class)"
        }
        package var errorDescription: String? { description }
    }

    /// The file a `--model` argument means: an existing path as it is, otherwise the short name of
    /// a checkpoint (`sheep` or `sheep.safetensors`) in the first search folder that has it, and
    /// failing those a fetched model of that name (`cat`, `cat.vae`: ``FetchedFiles``).
    package static func resolve(_ argument: String, folders: [URL] = searchFolders(),
                                fetched: FetchedFiles = FetchedFiles()) throws -> URL {
        let expanded = (argument as NSString).expandingTildeInPath
        if FileManager.default.fileExists(atPath: expanded) { return URL(fileURLWithPath: expanded) }
        let looksLikePath = argument.contains("/")
        if !looksLikePath {
            let file = argument.hasSuffix(".\(fileExtension)") ? argument : "\(argument).\(fileExtension)"
            for folder in folders {
                let url = folder.appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: url.path) { return url }
            }
            if let url = fetched.model(named: argument) { return url }
        }
        throw NotFound(name: argument, searched: looksLikePath ? [] : folders + [fetched.modelsFolder])
    }

    /// One shipped checkpoint as `sketch models` lists it, read from its metadata alone.
    package struct Entry: Sendable {
        package var name: String
        package var url: URL
        /// "vae" or "decoder" and the cell, or the reason the file could not be read.
        package var type: String
        package var dataSets: [String]
        package var testLoss: Double?
        /// Test `L_R` as `sketch eval` measured it when the model was shipped.
        package var testReconstruction: Double?
        package var problem: String?
    }

    /// The checkpoints in `folders` (the first folder wins on a repeated name), sorted by name.
    package static func list(folders: [URL] = searchFolders()) -> [Entry] {
        var entries = [String: Entry]()
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files where file.hasSuffix(".\(fileExtension)") && !file.hasPrefix(".") {
                let name = String(file.dropLast(fileExtension.count + 1))
                guard entries[name] == nil else { continue }
                let url = folder.appendingPathComponent(file)
                do {
                    let m = try SafetensorsFile.readMetadata(from: url)
                    guard m["format"] == ModelFile.formatName else {
                        entries[name] = Entry(name: name, url: url, type: "?", dataSets: [], testLoss: nil, testReconstruction: nil, problem: "not a sketch-rnn model")
                        continue
                    }
                    let type = "\(m["model_type"] ?? "?") \(m["cell"] ?? "?")"
                    let sets = ModelFile.decodeJSON([String].self, m["data_sets"]) ?? []
                    let losses = ModelFile.decodeJSON([String: Double].self, m["losses"]) ?? [:]
                    entries[name] = Entry(name: name, url: url, type: type, dataSets: sets, testLoss: losses["test"],
                                          testReconstruction: losses["test_reconstruction"], problem: nil)
                } catch {
                    entries[name] = Entry(name: name, url: url, type: "?", dataSets: [], testLoss: nil, testReconstruction: nil, problem: "\(error)")
                }
            }
        }
        return entries.values.sorted { $0.name < $1.name }
    }
}
