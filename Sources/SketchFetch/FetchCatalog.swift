import Foundation
import SketchCheckpoints

/// What can be fetched, by name: the 345 Quick, Draw! classes (`Resources/quickdraw-classes.txt`,
/// the data set's own `categories.txt`) and the classes Google trained sketch-rnn-js models for
/// (`Resources/sketch-rnn-js-models.txt`, the list in the sketch-rnn-js demos, mixes such as
/// `catbus` included).
package enum FetchCatalog {
    /// The Quick, Draw! classes as the data set spells them (`The Mona Lisa`, `palm tree`).
    package static let classes: [String] = lines(of: "quickdraw-classes")
    /// The sketch-rnn-js model names (`the_mona_lisa`, `palm_tree`, `catbus`).
    package static let models: [String] = lines(of: "sketch-rnn-js-models")

    private static func lines(of resource: String) -> [String] {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The Quick, Draw! class a short name means (`palm_tree`, `Palm Tree` → `palm tree`), if any.
    package static func quickDrawClass(_ name: String) -> String? {
        let local = FetchedFiles.localName(name)
        return classes.first { FetchedFiles.localName($0) == local }
    }

    /// The data set `name` stands for: `CLASS` (sketch-rnn's simplified `.npz`) or `CLASS.full`
    /// (the same drawings unsimplified).
    package static func dataSet(_ name: String) -> FetchItem {
        var base = name.hasSuffix(".npz") ? String(name.dropLast(4)) : name
        let full = base.hasSuffix(".full")
        if full { base = String(base.dropLast(5)) }
        let known = quickDrawClass(base)
        let remoteName = known ?? base
        let local = FetchedFiles.localName(base) + (full ? ".full" : "")
        return FetchItem(kind: .dataSet, name: local, remotePath: "quickdraw_dataset/sketchrnn/\(remoteName)\(full ? ".full" : "").npz",
                         fileName: "\(local).npz", isKnown: known != nil,
                         nearest: known != nil ? [] : NearestNames.nearest(to: FetchedFiles.localName(base), in: classes.map(FetchedFiles.localName)))
    }

    /// The model `name` stands for: `CLASS` or `CLASS.gen` (decoder-only), `CLASS.vae` (VAE).
    package static func model(_ name: String) -> FetchItem {
        var base = FetchedFiles.localName(name.hasSuffix(".json") ? String(name.dropLast(5)) : name)
        var kind = "gen"
        for suffix in FetchedFiles.modelSuffixes where base.hasSuffix(".\(suffix)") {
            kind = suffix
            base = String(base.dropLast(suffix.count + 1))
        }
        let known = models.contains(base)
        return FetchItem(kind: .model, name: kind == "gen" ? base : "\(base).\(kind)",
                         remotePath: "quickdraw-models/sketchRNN/large_models/\(base).\(kind).json",
                         fileName: "\(base).\(kind).json", isKnown: known,
                         nearest: known ? [] : NearestNames.nearest(to: base, in: models))
    }
}

/// One file to fetch: where it is on the server (under the base address) and on disk.
package struct FetchItem: Equatable, Sendable {
    package enum Kind: Sendable { case dataSet, model }
    package var kind: Kind
    /// The short name that finds it afterwards (`cat`, `cat.vae`, `cat.full`).
    package var name: String
    /// The path under the base address, unencoded (`quickdraw_dataset/sketchrnn/palm tree.npz`).
    package var remotePath: String
    /// The file's name in the fetched folder (`palm_tree.npz`, `cat.gen.json`).
    package var fileName: String
    /// Whether the catalog knows the name (unknown names are still asked for: a mirror may have them).
    package var isKnown: Bool
    /// The catalog's closest names when it does not know this one.
    package var nearest: [String]
}
