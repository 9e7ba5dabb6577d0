import Foundation

/// The `.npy` format (versions 1.0-3.0): a magic string, a Python-dict header giving dtype,
/// order and shape, then the raw elements, or for object arrays a pickle (read by `SafePickle`).
package enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Reads a `.npy` file.
    package static func read(contentsOf url: URL) throws -> NumpyArray {
        let data = try InputFile.read(url) { FormatError(file: url.path, problem: $0) }
        return try decode(data, file: url.path)
    }

    /// Decodes `.npy` bytes; `file` and `record` name them in errors.
    package static func decode(_ data: Data, file: String, record: String? = nil) throws -> NumpyArray {
        do {
            return try data.withUnsafeBytes { try decode($0) }
        } catch let problem as PickleProblem {
            throw FormatError(file: file, record: record, problem: problem.message)
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws -> NumpyArray {
        guard raw.count > 0 else { throw PickleProblem("the file is empty") }
        guard raw.count >= 10, Array(raw[0..<6]) == magic else { throw PickleProblem("not a .npy file (no \\x93NUMPY magic)") }
        let major = raw[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(raw[8]) | Int(raw[9]) << 8
            headerStart = 10
        case 2, 3:
            guard raw.count >= 12 else { throw PickleProblem("the .npy header is cut short") }
            headerLength = Int(raw[8]) | Int(raw[9]) << 8 | Int(raw[10]) << 16 | Int(raw[11]) << 24
            headerStart = 12
        default:
            throw PickleProblem(".npy version \(major) is not supported")
        }
        guard headerStart + headerLength <= raw.count else { throw PickleProblem("the .npy header is cut short") }
        let header = String(decoding: UnsafeRawBufferPointer(rebasing: raw[headerStart..<(headerStart + headerLength)]), as: UTF8.self)
        let fields = try parseHeader(header)
        let payload = UnsafeRawBufferPointer(rebasing: raw[(headerStart + headerLength)...])

        var bigEndian = false
        guard let dtype = NumpyDType(descr: fields.descr, bigEndian: &bigEndian) else {
            throw PickleProblem("unexpected dtype '\(fields.descr)' (supported: integers, floats, bools, objects)")
        }
        var array: NumpyArray
        if dtype.kind == .object {
            array = try SafePickle.readArray(payload)
            guard array.dtype.kind == .object, array.count == fields.count else {
                throw PickleProblem("the pickled array (\(array.shape), \(array.dtype)) does not match the header (\(fields.shape), |O)")
            }
            array.shape = fields.shape
            return array
        }
        let size = fields.count * dtype.size
        guard payload.count >= size else {
            throw PickleProblem("the data is cut short: shape \(fields.shape) of \(dtype) needs \(size) bytes, \(payload.count) present")
        }
        array = NumpyArray(shape: fields.shape, dtype: dtype, bytes: Array(payload[0..<size]))
        if bigEndian { array.swapByteOrder() }
        if fields.fortran { try array.convertFortranToC() }
        return array
    }

    struct Header {
        var descr: String
        var fortran: Bool
        var shape: [Int]
        var count: Int { shape.reduce(1, *) }
    }

    /// Parses `{'descr': '<i2', 'fortran_order': False, 'shape': (3, 4), }` without evaluating it.
    static func parseHeader(_ text: String) throws -> Header {
        func value(of key: String) throws -> Substring {
            guard let keyRange = text.range(of: "'\(key)':") else { throw PickleProblem("the .npy header has no '\(key)'") }
            return text[keyRange.upperBound...].drop { $0 == " " }
        }
        let descrText = try value(of: "descr")
        guard descrText.first == "'", let close = descrText.dropFirst().firstIndex(of: "'") else {
            throw PickleProblem("unexpected dtype \(descrText.prefix(40)) (structured dtypes are not supported)")
        }
        let descr = String(descrText[descrText.index(after: descrText.startIndex)..<close])
        let fortranText = try value(of: "fortran_order")
        let fortran: Bool
        if fortranText.hasPrefix("True") { fortran = true } else if fortranText.hasPrefix("False") { fortran = false } else {
            throw PickleProblem("the .npy header's fortran_order is not True or False")
        }
        let shapeText = try value(of: "shape")
        guard shapeText.first == "(", let end = shapeText.firstIndex(of: ")") else { throw PickleProblem("the .npy header's shape is not a tuple") }
        var shape: [Int] = []
        var count = 1
        for part in shapeText[shapeText.index(after: shapeText.startIndex)..<end].split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if trimmed.isEmpty { continue }
            guard let n = Int(trimmed), n >= 0 else { throw PickleProblem("the .npy header's shape holds '\(trimmed)'") }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product < 1 << 40 else { throw PickleProblem("the .npy shape is absurdly large") }
            count = product
            shape.append(n)
        }
        return Header(descr: descr, fortran: fortran, shape: shape)
    }

    /// Encodes an array as `.npy` version 1.0 bytes. Object arrays of numeric arrays are pickled
    /// (protocol 3) so that `numpy.load(..., allow_pickle=True)` reads them back identically.
    package static func encode(_ array: NumpyArray) -> Data {
        let shapeText: String
        switch array.shape.count {
        case 1: shapeText = "(\(array.shape[0]),)"
        default: shapeText = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(array.dtype.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // numpy pads the header with spaces so the data starts at a multiple of 64 bytes.
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data(magic)
        out.append(contentsOf: [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        out.append(contentsOf: Array(header.utf8))
        if array.dtype.kind == .object {
            out.append(contentsOf: PickleWriter.pickle(array))
        } else {
            out.append(contentsOf: array.bytes)
        }
        return out
    }
}
