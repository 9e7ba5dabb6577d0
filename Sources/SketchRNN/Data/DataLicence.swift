/// The licences of the data sets the project trains its shipped models on (each model card in
/// docs/models/ names its data and licence). A model card and a shipped checkpoint must name them;
/// aaron_sheep's forbids commercial use.
package enum DataLicence {
    /// Licence by data set name (the file name without `.npz`).
    package static let known: [String: String] = [
        "aaron_sheep": "CC BY-NC 4.0 (Aaron Koblin's Sheep Market; non-commercial)",
        "kanji.rdp100": "CC BY-SA 3.0 (KanjiVG)",
        "omniglot": "MIT-style licence of the Omniglot repository (brendenlake/omniglot)",
    ]

    /// The licence of a data set, from its name with or without `.npz`; nil when unknown.
    package static func licence(of dataSet: String) -> String? {
        let stem = dataSet.hasSuffix(".npz") ? String(dataSet.dropLast(4)) : dataSet
        let base = stem.split(separator: "/").last.map(String.init) ?? stem
        return known[base]
    }
}
