/// Where each named tensor lives in the single flat parameter buffer.
///
/// All parameters of a model sit in one contiguous `[Float]`, and their gradients in a second buffer
/// with the same layout, so that Adam, clipping and norms are single loops over a whole buffer.
/// Names are stable and dotted (`decoder.whh`, `output.bias`, ...): model files and importers use them.
package struct ParameterLayout: Equatable, Sendable {
    package struct Entry: Equatable, Sendable {
        package let name: String
        package let shape: [Int]
        package let offset: Int
        package var count: Int { shape.reduce(1, *) }
    }

    package private(set) var entries: [Entry] = []
    package private(set) var totalCount = 0
    private var indexByName: [String: Int] = [:]

    package init() {}

    /// Appends a tensor; returns its offset.
    @discardableResult
    package mutating func append(_ name: String, _ shape: [Int]) -> Int {
        precondition(indexByName[name] == nil, "parameter \(name) declared twice")
        indexByName[name] = entries.count
        entries.append(Entry(name: name, shape: shape, offset: totalCount))
        totalCount += shape.reduce(1, *)
        return totalCount - shape.reduce(1, *)
    }

    package func entry(_ name: String) -> Entry? { indexByName[name].map { entries[$0] } }

    package var names: [String] { entries.map(\.name) }
}

extension ParameterLayout {
    /// The layout of a sketch-rnn model (docs/model.md §2), in a fixed order: the names, shapes
    /// and order are those of `ModelTensors(config:appendingTo:)`, which hands the layers their
    /// tensors. Shapes are row-major `[in, out]` so that a batch `x [N, in]` maps by `x W`; gates
    /// are ordered i, j, f, o within every `4H` block.
    package init(config: ModelConfig) {
        self.init()
        _ = ModelTensors(config: config, appendingTo: &self)
    }
}

/// The eight pre-activation blocks a HyperLSTM scales, in the order its stacked embedding tensors
/// hold them: four from `x W_xh`, then four from `h W_hh` (which also get an additive `beta`).
package enum HyperBlock: String, CaseIterable, Sendable {
    case ix, jx, fx, ox, ih, jh, fh, oh
}
