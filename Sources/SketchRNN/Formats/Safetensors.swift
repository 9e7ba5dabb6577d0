import Foundation
import ZIPFoundation

/// A safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, an optional
/// `__metadata__` map of strings, then the raw little-endian tensor bytes.
///
/// Tensors are held as float32 whatever their stored dtype; `write` stores them as f32 or f16.
/// Files this writes carry two CRC-32s in `__metadata__` (eight hex digits each), checked on reading
/// when present: `data_crc32` of the tensor bytes, and `content_crc32` of the header's content
/// (every tensor's name, dtype, shape and byte range, every other metadata pair; see
/// `contentDigest`) followed by the tensor bytes, so that a relabelled dtype or shape is refused as
/// well as a flipped bit. Files without them (Python's, older ones) are read as they are. Other
/// readers see two more metadata strings.
/// Python's `safetensors` opens what this writes, and this reads what Python writes (F32, F16,
/// BF16, F64).
package struct SafetensorsFile: Equatable, Sendable {
    /// Tensors by name. Writing orders them by name so that the same content gives the same bytes.
    package var tensors: [String: Tensor]
    /// Free-form string pairs carried in the header's `__metadata__`.
    package var metadata: [String: String]

    package init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Storage types this reader understands.
    package enum DType: String, Sendable, CaseIterable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"

        var byteSize: Int {
            switch self {
            case .f32: 4
            case .f16, .bf16: 2
            case .f64: 8
            }
        }
    }

    /// Storage types `write` can produce.
    package enum StorageType: Sendable {
        case f32, f16
        var dtype: DType { self == .f32 ? .f32 : .f16 }
    }

    /// Why a file is not a readable safetensors file; `description` names the file.
    package struct FormatError: Error, CustomStringConvertible, LocalizedError {
        package var file: String
        package var problem: String
        package var description: String { "\(file): not a valid safetensors file: \(problem)" }
        package var errorDescription: String? { description }
    }

    // MARK: Reading

    package static func read(from url: URL) throws -> SafetensorsFile {
        let data = try InputFile.read(url, mapped: true) { FormatError(file: url.path, problem: $0) }
        return try decode(data, name: url.path)
    }

    /// Reads only the header's metadata (cheap: the tensor bytes are not touched).
    package static func readMetadata(from url: URL) throws -> [String: String] {
        let data = try InputFile.read(url, mapped: true) { FormatError(file: url.path, problem: $0) }
        var metadata = try parseHeader(data, name: url.path).metadata
        metadata[checksumKey] = nil
        metadata[contentChecksumKey] = nil
        return metadata
    }

    /// Parses `data`; `name` is used in error messages.
    package static func decode(_ data: Data, name: String) throws -> SafetensorsFile {
        var header = try parseHeader(data, name: name)
        let body = data[(data.startIndex + 8 + header.length)...]
        if let recorded = header.metadata.removeValue(forKey: checksumKey) {
            let actual = body.crc32(checksum: 0)
            guard UInt32(recorded, radix: 16) == actual else {
                throw FormatError(file: name, problem: String(
                    format: "the tensor data's CRC-32 is %08x but the header records %@ (the file is damaged)", actual, recorded))
            }
        }
        if let recorded = header.metadata.removeValue(forKey: contentChecksumKey) {
            let described = header.entries.map { ($0.name, $0.dtype.rawValue, $0.shape, $0.begin, $0.end) }
            let actual = body.crc32(checksum: contentDigest(described, metadata: header.metadata).crc32(checksum: 0))
            guard UInt32(recorded, radix: 16) == actual else {
                throw FormatError(file: name, problem: String(
                    format: "the header and data's CRC-32 is %08x but the header records %@ (a changed dtype, shape or byte range, or damage)",
                    actual, recorded))
            }
        }
        var tensors = [String: Tensor]()
        let bufferStart = data.startIndex + 8 + header.length
        for entry in header.entries {
            let count = entry.shape.reduce(1, *)
            var values = [Float](repeating: 0, count: count)
            let start = bufferStart + entry.begin
            data[start..<(start + entry.end - entry.begin)].withUnsafeBytes { raw in
                values.withUnsafeMutableBufferPointer { out in
                    decodeValues(raw, dtype: entry.dtype, into: out)
                }
            }
            tensors[entry.name] = Tensor(shape: entry.shape, data: values)
        }
        return SafetensorsFile(tensors: tensors, metadata: header.metadata)
    }

    private struct Entry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    private struct Header {
        var length: Int
        var entries: [Entry]
        var metadata: [String: String]
    }

    private static func parseHeader(_ data: Data, name: String) throws -> Header {
        func fail(_ problem: String) -> FormatError { FormatError(file: name, problem: problem) }
        guard data.count >= 8 else {
            throw fail("the file is \(data.count) bytes, shorter than the 8-byte header length")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(data[data.startIndex + i]) << (8 * UInt64(i)) }
        guard length >= 2, length <= UInt64(data.count - 8) else {
            throw fail("the header claims \(length) bytes but the file holds \(data.count - 8) after the length (truncated?)")
        }
        let headerLength = Int(length)
        let headerBytes = data[(data.startIndex + 8)..<(data.startIndex + 8 + headerLength)]
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes))
        } catch {
            throw fail("the JSON header does not parse")
        }
        guard let object = json as? [String: Any] else { throw fail("the JSON header is not an object") }
        let bufferLength = data.count - 8 - headerLength
        var metadata = [String: String]()
        var entries = [Entry]()
        for (key, value) in object {
            if key == "__metadata__" {
                guard let map = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in map {
                    guard let s = v as? String else { throw fail("__metadata__ value for \"\(k)\" is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any],
                  let dtypeName = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any],
                  let offsetValues = info["data_offsets"] as? [Any], offsetValues.count == 2
            else { throw fail("tensor \"\(key)\" lacks dtype, shape or data_offsets") }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("tensor \"\(key)\" has dtype \(dtypeName); only \(DType.allCases.map(\.rawValue).joined(separator: ", ")) are supported")
            }
            // Whole numbers only: NSNumber's intValue would quietly make 512.5 into 512.
            let shape = try shapeValues.map { v -> Int in
                guard let n = wholeNumber(v), n >= 0 else { throw fail("tensor \"\(key)\" has a bad shape: \(v) is not a whole number of 0 or more") }
                return n
            }
            let offsets = try offsetValues.map { v -> Int in
                guard let n = wholeNumber(v), n >= 0 else { throw fail("tensor \"\(key)\" has bad data_offsets: \(v) is not a whole number of 0 or more") }
                return n
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            guard !overflow, offsets[0] <= offsets[1], offsets[1] - offsets[0] == count * dtype.byteSize else {
                throw fail("tensor \"\(key)\" of shape \(shape) \(dtypeName) does not fit its byte range \(offsets)")
            }
            guard offsets[1] <= bufferLength else {
                throw fail("tensor \"\(key)\" ends at byte \(offsets[1]) but the data holds \(bufferLength) (truncated?)")
            }
            entries.append(Entry(name: key, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        entries.sort { $0.begin < $1.begin }
        var expected = 0
        for e in entries {
            guard e.begin == expected else {
                throw fail("tensor \"\(e.name)\" starts at byte \(e.begin), expected \(expected) (overlap or gap)")
            }
            expected = e.end
        }
        return Header(length: headerLength, entries: entries, metadata: metadata)
    }

    private static func decodeValues(_ raw: UnsafeRawBufferPointer, dtype: DType, into out: UnsafeMutableBufferPointer<Float>) {
        switch dtype {
        case .f32:
            for i in 0..<out.count { out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .f16:
            for i in 0..<out.count { out[i] = HalfFloat.float(fromBits: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .bf16:
            for i in 0..<out.count {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                out[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .f64:
            for i in 0..<out.count { out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
        }
    }

    // MARK: Writing

    /// The metadata key of the tensor bytes' CRC-32.
    static let checksumKey = "data_crc32"
    /// The metadata key of the CRC-32 of `contentDigest` then the tensor bytes.
    static let contentChecksumKey = "content_crc32"

    /// The header's content as text the checksum covers, whatever the JSON's spacing or key order:
    /// a line `name dtype shape begin end` per tensor in name order, then `key=value` per metadata
    /// pair in key order (the two checksums left out), separated by tabs and newlines.
    static func contentDigest(_ entries: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int)],
                              metadata: [String: String]) -> Data {
        var text = ""
        for e in entries.sorted(by: { $0.name < $1.name }) {
            text += "\(e.name)\t\(e.dtype)\t\(e.shape.map(String.init).joined(separator: ","))\t\(e.begin)\t\(e.end)\n"
        }
        for key in metadata.keys.sorted() where key != checksumKey && key != contentChecksumKey {
            text += "\(key)=\(metadata[key] ?? "")\n"
        }
        return Data(text.utf8)
    }

    /// A JSON number that is a whole number (not 4.5), as an Int.
    package static func wholeNumber(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let d = number.doubleValue
        guard d.isFinite, d.rounded() == d, abs(d) < 0x1p53 else { return nil }
        return Int(d)
    }

    /// The file's bytes, tensors in name order, header padded with spaces to 8 bytes as Python does.
    package func encoded(as storage: StorageType = .f32) throws -> Data {
        let names = tensors.keys.sorted()
        var body = Data()
        for name in names {
            guard let t = tensors[name] else { continue }
            switch storage {
            case .f32:
                var le = t.data.map { $0.bitPattern.littleEndian }
                le.withUnsafeMutableBytes { body.append(contentsOf: $0) }
            case .f16:
                var le = t.data.map { HalfFloat.bits(from: $0).littleEndian }
                le.withUnsafeMutableBytes { body.append(contentsOf: $0) }
            }
        }
        var header: [String: Any] = [:]
        var described: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int)] = []
        var offset = 0
        for name in names {
            guard let t = tensors[name] else { continue }
            let size = t.count * storage.dtype.byteSize
            header[name] = ["dtype": storage.dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + size]] as [String: Any]
            described.append((name, storage.dtype.rawValue, t.shape, offset, offset + size))
            offset += size
        }
        var fullMetadata = metadata
        fullMetadata[Self.checksumKey] = nil
        fullMetadata[Self.contentChecksumKey] = nil
        let content = body.crc32(checksum: Self.contentDigest(described, metadata: fullMetadata).crc32(checksum: 0))
        fullMetadata[Self.checksumKey] = String(format: "%08x", body.crc32(checksum: 0))
        fullMetadata[Self.contentChecksumKey] = String(format: "%08x", content)
        header["__metadata__"] = fullMetadata
        var headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        while headerData.count % 8 != 0 { headerData.append(0x20) }
        var out = Data(capacity: 8 + headerData.count + offset)
        var length = UInt64(headerData.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(headerData)
        out.append(body)
        return out
    }

    /// Writes the file atomically (a temporary name in the same folder, then a rename).
    package func write(to url: URL, as storage: StorageType = .f32) throws {
        try AtomicFile.write(try encoded(as: storage), to: url)
    }
}
