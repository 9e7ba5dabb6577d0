/// A dense float32 array with a row-major shape: the unit in which weights, gradients and
/// activations are stored, named and saved.
///
/// It is a value type over `[Float]` (copy on write). Hot loops reach its storage through
/// `withUnsafeBufferPointer`/`withUnsafeMutableBufferPointer` on buffers allocated once up front.
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    public subscript(i: Int) -> Float {
        get { data[i] }
        set { data[i] = newValue }
    }

    /// Row-major element `[r, c]` of a rank-2 tensor.
    public subscript(r: Int, c: Int) -> Float {
        get { data[r * shape[1] + c] }
        set { data[r * shape[1] + c] = newValue }
    }

    /// The same values seen with another shape of the same size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    public mutating func fill(_ value: Float) {
        data.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }

    public var hasNonFinite: Bool { data.contains { !$0.isFinite } }
}
