/// A numpy element type this project reads and writes: fixed-size numbers and booleans, or
/// Python objects (which in sketch-rnn files are themselves arrays).
package struct NumpyDType: Equatable, Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Character, Sendable {
        case signed = "i", unsigned = "u", float = "f", bool = "b", object = "O"
    }

    package var kind: Kind
    /// Bytes per element (8 for objects, as numpy's `O8`).
    package var size: Int

    package init(kind: Kind, size: Int) {
        self.kind = kind
        self.size = size
    }

    package static let int16 = NumpyDType(kind: .signed, size: 2)
    package static let int32 = NumpyDType(kind: .signed, size: 4)
    package static let float32 = NumpyDType(kind: .float, size: 4)
    package static let float64 = NumpyDType(kind: .float, size: 8)
    package static let object = NumpyDType(kind: .object, size: 8)

    /// Parses numpy's type strings (`<i2`, `|O`, `f8`, `O8`, `>f4`, `?`); nil for anything this
    /// project does not handle (strings, complex, dates, structured types, half floats).
    /// `bigEndian` reports a `>` byte order, which readers swap.
    package init?(descr: String, bigEndian: inout Bool) {
        var text = Substring(descr)
        bigEndian = false
        if let first = text.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            text = text.dropFirst()
        }
        if text == "?" { self.init(kind: .bool, size: 1); return }
        guard let k = text.first, let kind = Kind(rawValue: k) else { return nil }
        let digits = text.dropFirst()
        let size = digits.isEmpty && kind == .object ? 8 : Int(digits) ?? -1
        switch kind {
        case .signed, .unsigned: guard [1, 2, 4, 8].contains(size) else { return nil }
        case .float: guard [4, 8].contains(size) else { return nil }
        case .bool: guard size == 1 else { return nil }
        case .object: guard size == 8 else { return nil }
        }
        self.init(kind: kind, size: size)
    }

    /// numpy's little-endian type string (`<i2`, `<f8`, `|b1`, `|O`).
    package var descr: String {
        switch kind {
        case .object: return "|O"
        case .bool: return "|b1"
        default: return size == 1 ? "|\(kind.rawValue)1" : "<\(kind.rawValue)\(size)"
        }
    }

    /// The short form numpy's pickles pass to `dtype(...)` (`i2`, `f8`, `O8`).
    var pickleName: String { "\(kind.rawValue)\(size)" }

    package var description: String { descr }
}

/// An n-dimensional numpy array in C order: numbers as little-endian bytes (kept as they came, so
/// a file written back is identical), or, for object arrays, the arrays it holds.
package struct NumpyArray: Equatable, Sendable {
    package var shape: [Int]
    package var dtype: NumpyDType
    /// Little-endian element bytes, C order (empty for object arrays).
    package var bytes: [UInt8]
    /// The items of an object array, C order (empty for numeric arrays).
    package var objects: [NumpyArray]

    package init(shape: [Int], dtype: NumpyDType, bytes: [UInt8]) {
        self.shape = shape
        self.dtype = dtype
        self.bytes = bytes
        self.objects = []
    }

    package init(objects: [NumpyArray]) {
        self.shape = [objects.count]
        self.dtype = .object
        self.bytes = []
        self.objects = objects
    }

    /// Elements in the array (the product of the shape).
    package var count: Int { shape.reduce(1, *) }

    /// Every element as a Double, C order (empty for object arrays).
    package func doubles() -> [Double] {
        let n = bytes.count / max(dtype.size, 1)
        return bytes.withUnsafeBytes { raw -> [Double] in
            func read<T>(_: T.Type, _ convert: (T) -> Double) -> [Double] {
                (0..<n).map { convert(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
            switch (dtype.kind, dtype.size) {
            case (.signed, 1): return read(Int8.self) { Double($0) }
            case (.signed, 2): return read(Int16.self) { Double(Int16(littleEndian: $0)) }
            case (.signed, 4): return read(Int32.self) { Double(Int32(littleEndian: $0)) }
            case (.signed, 8): return read(Int64.self) { Double(Int64(littleEndian: $0)) }
            case (.unsigned, 1), (.bool, 1): return read(UInt8.self) { Double($0) }
            case (.unsigned, 2): return read(UInt16.self) { Double(UInt16(littleEndian: $0)) }
            case (.unsigned, 4): return read(UInt32.self) { Double(UInt32(littleEndian: $0)) }
            case (.unsigned, 8): return read(UInt64.self) { Double(UInt64(littleEndian: $0)) }
            case (.float, 4): return read(UInt32.self) { Double(Float(bitPattern: UInt32(littleEndian: $0))) }
            case (.float, 8): return read(UInt64.self) { Double(bitPattern: UInt64(littleEndian: $0)) }
            default: return []
            }
        }
    }

    /// An int16 array of the given shape.
    package init(shape: [Int], int16 values: [Int16]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 2)
        for v in values {
            let u = UInt16(bitPattern: v)
            bytes.append(UInt8(u & 0xFF))
            bytes.append(UInt8(u >> 8))
        }
        self.init(shape: shape, dtype: .int16, bytes: bytes)
    }

    /// A float64 array of the given shape.
    package init(shape: [Int], float64 values: [Double]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for v in values {
            var bits = v.bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(bits & 0xFF))
                bits >>= 8
            }
        }
        self.init(shape: shape, dtype: .float64, bytes: bytes)
    }

    /// Reverses each element's bytes (big-endian input) in place.
    mutating func swapByteOrder() {
        let size = dtype.size
        guard size > 1, dtype.kind != .object else { return }
        var i = 0
        while i + size <= bytes.count {
            bytes[i..<(i + size)].reverse()
            i += size
        }
    }

    /// Rewrites a 2-D Fortran-ordered array's bytes in C order.
    mutating func convertFortranToC() throws {
        guard shape.count > 1 else { return }
        guard shape.count == 2 else { throw PickleProblem("Fortran-ordered arrays of more than 2 dimensions are not supported") }
        let rows = shape[0], columns = shape[1], size = dtype.kind == .object ? 1 : dtype.size
        if dtype.kind == .object {
            var reordered = objects
            for r in 0..<rows { for c in 0..<columns { reordered[r * columns + c] = objects[c * rows + r] } }
            objects = reordered
        } else {
            var reordered = bytes
            for r in 0..<rows {
                for c in 0..<columns {
                    let to = (r * columns + c) * size, from = (c * rows + r) * size
                    for k in 0..<size { reordered[to + k] = bytes[from + k] }
                }
            }
            bytes = reordered
        }
    }
}

/// What went wrong inside a pickle or `.npy` payload; the file layer adds the file and record.
struct PickleProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
