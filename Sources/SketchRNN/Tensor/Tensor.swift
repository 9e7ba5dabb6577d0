/// A dense float32 array with a row-major shape: the unit in which weights, gradients and
/// activations are stored, named and saved.
///
/// It is a value type over `[Float]` (copy on write). Hot loops reach its storage through
/// `withUnsafeBufferPointer`/`withUnsafeMutableBufferPointer` on buffers allocated once up front.
package struct Tensor: Equatable, Sendable {
    package private(set) var shape: [Int]
    package var data: [Float]

    package init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    package init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    package var count: Int { data.count }
    package var rank: Int { shape.count }

    package subscript(i: Int) -> Float {
        get { data[i] }
        set { data[i] = newValue }
    }

    /// Row-major element `[r, c]` of a rank-2 tensor.
    package subscript(r: Int, c: Int) -> Float {
        get { data[r * shape[1] + c] }
        set { data[r * shape[1] + c] = newValue }
    }

    /// The same values seen with another shape of the same size.
    package func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    package mutating func fill(_ value: Float) {
        data.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }

    package var hasNonFinite: Bool { data.contains { !$0.isFinite } }
}
