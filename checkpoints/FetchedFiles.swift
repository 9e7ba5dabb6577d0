import Foundation

/// The data sets and models that `sketch data fetch` and `sketch models fetch` put in the user's
/// data folder (`$XDG_DATA_HOME/sketch`, by default `~/.local/share/sketch`): `data/NAME.npz` and
/// `models/NAME.gen.json` / `models/NAME.vae.json`, found again by their short names. Shipped
/// checkpoints come first wherever a name could mean both (`Checkpoints.resolve`).
package struct FetchedFiles: Sendable {
    /// The folder holding `data/` and `models/`.
    package var root: URL

    package init(root: URL = FetchedFiles.standardRoot()) {
        self.root = root
    }

    package var dataFolder: URL { root.appendingPathComponent("data") }
    package var modelsFolder: URL { root.appendingPathComponent("models") }

    /// `$XDG_DATA_HOME/sketch`, or `~/.local/share/sketch` when it is unset or not absolute (as the
    /// XDG base directory specification says).
    package static func standardRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("sketch")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/sketch")
    }

    /// The spelling of a class on disk and on the command line: lower case, words joined by `_`
    /// (`The Mona Lisa` → `the_mona_lisa`), as the sketch-rnn-js model names are.
    package static func localName(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: " ", with: "_")
    }

    // MARK: Data sets

    package static let dataExtension = "npz"

    /// The fetched data set a short name means (`cat`, `cat.full`, `cat.npz`), if it is there.
    package func dataSet(named name: String) -> URL? {
        guard !name.contains("/"), !name.isEmpty else { return nil }
        var base = name.hasSuffix(".\(Self.dataExtension)") ? String(name.dropLast(Self.dataExtension.count + 1)) : name
        base = Self.localName(base)
        let url = dataFolder.appendingPathComponent("\(base).\(Self.dataExtension)")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A `--data` argument as a file: an existing path as it is, otherwise a fetched data set's
    /// short name.
    package func resolveDataSet(_ argument: String) throws -> URL {
        let expanded = (argument as NSString).expandingTildeInPath
        if FileManager.default.fileExists(atPath: expanded) { return URL(fileURLWithPath: expanded) }
        if let url = dataSet(named: argument) { return url }
        throw DataSetNotFound(name: argument, folder: dataFolder)
    }

    /// A `--data` argument that is neither a file nor a fetched data set.
    package struct DataSetNotFound: Error, CustomStringConvertible, LocalizedError {
        package var name: String
        package var folder: URL
        package var description: String {
            if name.contains("/") { return "\(name): no such file" }
            return "\(name): no such file, nor a fetched data set of that name in \(folder.path) "
                + "(`sketch data fetch \(FetchedFiles.localName(name))` fetches a Quick, Draw! class; `sketch data list` lists those fetched)"
        }
        package var errorDescription: String? { description }
    }

    // MARK: Models

    /// The sketch-rnn-js kinds Google publishes per class: the decoder-only model the app
    /// completes drawings with, and the VAE.
    package static let modelSuffixes = ["gen", "vae"]

    /// The fetched model a short name means: `cat` (its `.gen.json`, else its `.vae.json`),
    /// `cat.gen`, `cat.vae` or the file's name.
    package func model(named name: String) -> URL? {
        guard !name.contains("/"), !name.isEmpty else { return nil }
        var base = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        base = Self.localName(base)
        let candidates = Self.modelSuffixes.contains((base as NSString).pathExtension)
            ? [base] : Self.modelSuffixes.map { "\(base).\($0)" }
        for candidate in candidates {
            let url = modelsFolder.appendingPathComponent("\(candidate).json")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// One fetched file as `sketch models` and `sketch data list` show it.
    package struct Entry: Sendable, Equatable {
        /// The short name that finds it (`cat`, `cat.vae`, `cat.full`).
        package var name: String
        package var url: URL
        package var bytes: Int
        /// For a model: "decoder-only" or "VAE" (from Google's file names); nil for a data set.
        package var type: String?
        /// The Quick, Draw! class it holds or was trained on (`cat`).
        package var className: String
    }

    /// The fetched models, sorted by name (`cat` for `cat.gen.json`, `cat.vae` for `cat.vae.json`).
    package func models() -> [Entry] {
        entries(in: modelsFolder, extension: "json").compactMap { file, url, bytes in
            let stem = String(file.dropLast(5))
            let kind = (stem as NSString).pathExtension
            guard Self.modelSuffixes.contains(kind) else { return nil }
            let className = (stem as NSString).deletingPathExtension
            return Entry(name: kind == "gen" ? className : stem, url: url, bytes: bytes,
                         type: kind == "gen" ? "decoder-only" : "VAE", className: className)
        }.sorted { $0.name < $1.name }
    }

    /// The fetched data sets, sorted by name.
    package func dataSets() -> [Entry] {
        entries(in: dataFolder, extension: Self.dataExtension).map { file, url, bytes in
            let name = String(file.dropLast(Self.dataExtension.count + 1))
            let className = name.hasSuffix(".full") ? String(name.dropLast(5)) : name
            return Entry(name: name, url: url, bytes: bytes, type: nil, className: className)
        }.sorted { $0.name < $1.name }
    }

    private func entries(in folder: URL, extension ext: String) -> [(String, URL, Int)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".\(ext)") && !$0.hasPrefix(".") }.map { file in
            let url = folder.appendingPathComponent(file)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            return (file, url, bytes)
        }
    }
}
