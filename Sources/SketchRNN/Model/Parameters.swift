/// A model's parameters (or their gradients, or Adam's moments): one flat float buffer and the layout
/// that names its pieces.
///
/// Value semantics over `[Float]` (copy on write). Hot loops take a base pointer once with
/// `withUnsafeBufferPointer` and add the offsets the layout gives.
package struct Parameters: Equatable, Sendable {
    package let layout: ParameterLayout
    package var values: [Float]

    /// All zeros: the starting point of gradients and optimiser moments.
    package init(layout: ParameterLayout) {
        self.layout = layout
        self.values = [Float](repeating: 0, count: layout.totalCount)
    }

    package init(config: ModelConfig) { self.init(layout: ParameterLayout(config: config)) }

    package var count: Int { values.count }

    /// A copy of the named tensor.
    package func tensor(_ name: String) throws -> Tensor {
        guard let e = layout.entry(name) else { throw ParameterError.unknownName(name) }
        return Tensor(shape: e.shape, data: Array(values[e.offset..<(e.offset + e.count)]))
    }

    /// Overwrites the named tensor; the shape must match the layout's (same dimensions in order).
    package mutating func set(_ name: String, _ tensor: Tensor) throws {
        try set(name, shape: tensor.shape, values: tensor.data)
    }

    /// Overwrites the named tensor from a flat array given with its shape.
    package mutating func set(_ name: String, shape: [Int], values newValues: [Float]) throws {
        guard let e = layout.entry(name) else { throw ParameterError.unknownName(name) }
        guard shape == e.shape, newValues.count == e.count else {
            throw ParameterError.shapeMismatch(name: name, expected: e.shape, got: shape)
        }
        values.withUnsafeMutableBufferPointer { dst in
            newValues.withUnsafeBufferPointer { src in
                (dst.baseAddress! + e.offset).update(from: src.baseAddress!, count: e.count)
            }
        }
    }

    /// Read-only access to one named tensor's storage.
    package func withTensor<R>(_ name: String, _ body: (UnsafeBufferPointer<Float>) throws -> R) throws -> R {
        guard let e = layout.entry(name) else { throw ParameterError.unknownName(name) }
        return try values.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[e.offset..<(e.offset + e.count)])) }
    }

    package mutating func zero() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Name of the first tensor holding a NaN or infinity, if any.
    package var firstNonFiniteTensor: String? { firstTensor { !$0.isFinite } }

    /// The largest magnitude a usable weight may have. Trained sketch-rnn weights stay within ±10
    /// (sketch-rnn-js cannot even store more); beyond this every gate saturates and the mixture's
    /// exponentials overflow, so such a file is damaged or hostile, not a model.
    package static let maxMagnitude: Float = 1e4

    /// Why these weights cannot be used (a NaN, an infinity or a magnitude above `maxMagnitude`,
    /// naming the tensor), or nil when they can. Loaders refuse such files and the trainer never
    /// checkpoints such weights, so every checkpoint it calls good loads again.
    package var unusableValueProblem: String? {
        // The trainer asks after every update: one pass finds whether anything is wrong (a NaN fails
        // the comparison too), and only then do the passes below name the tensor and the reason.
        guard firstTensor({ !(abs($0) <= Self.maxMagnitude) }) != nil else { return nil }
        if let bad = firstNonFiniteTensor { return "the tensor \(bad) holds NaN or infinite values" }
        if let bad = firstTensor({ abs($0) > Self.maxMagnitude }) {
            return "the tensor \(bad) holds values beyond ±\(Int(Self.maxMagnitude)) (damaged or diverged weights)"
        }
        return nil
    }

    private func firstTensor(_ isBad: (Float) -> Bool) -> String? {
        values.withUnsafeBufferPointer { v in
            for e in layout.entries where v[e.offset..<(e.offset + e.count)].contains(where: isBad) {
                return e.name
            }
            return nil
        }
    }
}

package enum ParameterError: Error, CustomStringConvertible, Equatable {
    case unknownName(String)
    case shapeMismatch(name: String, expected: [Int], got: [Int])

    package var description: String {
        switch self {
        case .unknownName(let name): return "the model has no parameter named \(name)"
        case .shapeMismatch(let name, let expected, let got):
            return "parameter \(name) has shape \(got), expected \(expected)"
        }
    }
}
