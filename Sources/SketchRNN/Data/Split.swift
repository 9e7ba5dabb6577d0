/// The three splits of a data set.
public enum Split: String, CaseIterable, Codable, Sendable {
    case train, valid, test
}

/// Sketches held per split: a data file as read (`SketchFile`) or prepared (`SketchDataSet`).
/// Picking a split is written once, here.
public protocol SplitSketches {
    var train: [Sketch] { get }
    var valid: [Sketch] { get }
    var test: [Sketch] { get }
}

extension SplitSketches {
    /// The sketches of `split`.
    public func sketches(_ split: Split) -> [Sketch] {
        switch split {
        case .train: return train
        case .valid: return valid
        case .test: return test
        }
    }
}
