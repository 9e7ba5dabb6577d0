/// The three splits of a data set.
package enum Split: String, CaseIterable, Codable, Sendable {
    case train, valid, test
}

/// Sketches held per split: a data file as read (`SketchFile`) or prepared (`SketchDataSet`).
/// Picking a split is written once, here.
package protocol SplitSketches {
    var train: [Sketch] { get }
    var valid: [Sketch] { get }
    var test: [Sketch] { get }
}

extension SplitSketches {
    /// The sketches of `split`.
    package func sketches(_ split: Split) -> [Sketch] {
        switch split {
        case .train: return train
        case .valid: return valid
        case .test: return test
        }
    }
}
