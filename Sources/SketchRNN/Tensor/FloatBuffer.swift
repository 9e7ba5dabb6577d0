/// A fixed-size, zero-initialised float buffer owned by a layer: the preallocated scratch and saved
/// activations of the hot loops, reached by raw pointer with no copy-on-write checks.
package final class FloatBuffer: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Float>
    package let count: Int

    package init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    package func zero(count n: Int? = nil) { pointer.update(repeating: 0, count: n ?? count) }

    package subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    package func array(count n: Int? = nil, from start: Int = 0) -> [Float] {
        Array(UnsafeBufferPointer(start: pointer + start, count: n ?? (count - start)))
    }
}
