import Foundation

/// Why a data set cannot be used.
package struct DataSetError: Error, CustomStringConvertible, LocalizedError {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
    package var errorDescription: String? { message }
}

/// One or more sketch-rnn data files as one data set (several files = several classes,
/// concatenated per split, as the paper's (cat, pig) models), prepared by `SketchPreparation`:
/// empty sketches and sketches longer than Nmax left out, offsets clipped to ±1000, and everything
/// divided by one scale factor computed on the training split (docs/model.md §1).
package struct SketchDataSet: SplitSketches, Sendable {
    /// The data set names (file names without `.npz`), in load order.
    package var names: [String]
    /// Normalised sketches of each split.
    package var train: [Sketch]
    package var valid: [Sketch]
    package var test: [Sketch]
    /// Raw data units per model unit: offsets were divided by it.
    package var scaleFactor: Float
    /// The longest sketch allowed (and the padded length of faithful batches).
    package var nmax: Int

    /// Builds a data set from raw stroke-3 splits. With `nmax`, longer sketches are dropped;
    /// without it Nmax is the longest sketch of all three splits, as in TF. `scaleFactor`
    /// overrides the training split's (to match a model trained elsewhere).
    package init(names: [String], train: [Sketch], valid: [Sketch], test: [Sketch], nmax: Int? = nil, scaleFactor: Float? = nil) {
        let preparation = SketchPreparation(nmax: nmax)
        let (rawTrain, rawValid, rawTest) = (preparation.clipped(train), preparation.clipped(valid), preparation.clipped(test))
        let factor = scaleFactor ?? Sketch.scaleFactor(of: rawTrain)
        self.names = names
        self.train = rawTrain.map { $0.normalized(by: factor) }
        self.valid = rawValid.map { $0.normalized(by: factor) }
        self.test = rawTest.map { $0.normalized(by: factor) }
        self.scaleFactor = factor
        self.nmax = nmax ?? [rawTrain, rawValid, rawTest].joined().map(\.count).max() ?? 0
    }

    /// Loads sketch-rnn `.npz` files as one data set.
    package static func load(_ urls: [URL], nmax: Int? = nil, scaleFactor: Float? = nil) throws -> SketchDataSet {
        guard !urls.isEmpty else { throw DataSetError("no data files given") }
        if let nmax, nmax < 1 { throw DataSetError("Nmax must be at least 1, not \(nmax)") }
        var train: [Sketch] = [], valid: [Sketch] = [], test: [Sketch] = []
        var names: [String] = []
        for url in urls {
            let file = try SketchFile.read(contentsOf: url)
            train += file.train
            valid += file.valid
            test += file.test
            names.append(url.deletingPathExtension().lastPathComponent)
        }
        let set = SketchDataSet(names: names, train: train, valid: valid, test: test, nmax: nmax, scaleFactor: scaleFactor)
        guard !set.train.isEmpty else {
            throw DataSetError("\(urls.map(\.path).joined(separator: ", ")): no training sketches\(nmax.map { " of at most \($0) points" } ?? "")")
        }
        return set
    }

    /// One split of sketch-rnn `.npz` files in a model's units (evaluation, encoding a split): the
    /// preparation of `load`, with the model's Nmax and scale factor (docs/model.md §5). `leftOut`
    /// counts the split's sketches that are empty or longer than `nmax`.
    package static func loadSplit(_ urls: [URL], split: Split, nmax: Int, scaleFactor: Float) throws -> (sketches: [Sketch], leftOut: Int) {
        var raw: [Sketch] = []
        for url in urls { raw += try SketchFile.read(contentsOf: url).sketches(split) }
        let sketches = SketchPreparation(nmax: nmax).prepared(raw, scaleFactor: scaleFactor)
        guard !sketches.isEmpty else {
            throw DataSetError("\(urls.map(\.path).joined(separator: ", ")): no \(split.rawValue) sketches of 1 to \(nmax) points")
        }
        return (sketches, raw.count - sketches.count)
    }

    /// The longest Nmax taken from the data without being asked for. Nmax defaults to the longest
    /// sketch (as in TF), and every batch is padded to it: one stray 1,000,000-point sketch would
    /// make training allocate gigabytes. Sketch-rnn data sets stay far below (sheep 250, omniglot 157).
    package static let automaticNmaxLimit = 1000

    /// Refuses a set whose scale factor no model may carry (`ModelLimits.scaleFactorRange`): hours
    /// of training would write a checkpoint that every loader then refuses.
    package func checkScaleFactor() throws {
        guard let problem = ModelLimits.scaleFactorProblem(scaleFactor) else { return }
        throw DataSetError("\(names.joined(separator: " + ")): the training sketches' \(problem), so no model trained on them "
            + "could be loaded (offsets of a few to a few hundred data pixels give 10–100; these are damaged or in other units)")
    }

    /// Refuses a default Nmax (the longest sketch of a set loaded without one) above
    /// `Self.automaticNmaxLimit`, naming the fix and a value that keeps 99.9 % of the sketches.
    package func checkAutomaticNmax() throws {
        let lengths = (train + valid + test).map(\.count).sorted()
        guard let longest = lengths.last, longest > Self.automaticNmaxLimit else { return }
        let suggestion = min(Self.automaticNmaxLimit, lengths[(lengths.count - 1) * 999 / 1000])
        let dropped = lengths.count - lengths.prefix { $0 <= suggestion }.count
        let plural = dropped == 1 ? "" : "es"
        let limit = Self.automaticNmaxLimit
        throw DataSetError("\(names.joined(separator: " + ")): the longest sketch has \(longest) points, and Nmax "
            + "defaults to the longest sketch (above \(limit) it is refused: every batch is padded to Nmax); "
            + "an Nmax of \(suggestion) would drop the \(dropped) longer sketch\(plural)")
    }

    /// Sketch counts and lengths (points) of one split.
    package struct Summary: Equatable, Sendable {
        package var count: Int
        package var minLength: Int
        package var meanLength: Double
        package var maxLength: Int
    }

    package func summary(_ split: Split) -> Summary {
        let lengths = sketches(split).map(\.count)
        return Summary(count: lengths.count, minLength: lengths.min() ?? 0,
                       meanLength: lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count),
                       maxLength: lengths.max() ?? 0)
    }
}
