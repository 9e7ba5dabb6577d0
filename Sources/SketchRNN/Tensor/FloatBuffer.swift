/// A fixed-size, zero-initialised float buffer owned by a layer: the preallocated scratch and saved
/// activations of the hot loops, reached by raw pointer with no copy-on-write checks.
public final class FloatBuffer: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    public func zero(count n: Int? = nil) { pointer.update(repeating: 0, count: n ?? count) }

    public subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    public func array(count n: Int? = nil, from start: Int = 0) -> [Float] {
        Array(UnsafeBufferPointer(start: pointer + start, count: n ?? (count - start)))
    }
}
