import Foundation
import ZIPFoundation

/// numpy's `.npz`: a zip (stored or deflated) of `.npy` members, one per named array.
public enum NPZ {
    /// Reads every `.npy` member, in the zip's order, named without the `.npy` suffix.
    public static func read(contentsOf url: URL) throws -> [(name: String, array: NumpyArray)] {
        let file = url.path
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw FormatError(file: file, problem: "cannot read the file (\(error.localizedDescription))")
        }
        guard size > 0 else { throw FormatError(file: file, problem: "the file is empty") }
        // The archive is read from the file, not from memory: ZIPFoundation's in-memory reader
        // traps on offsets past the end, which a damaged zip can hold.
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw FormatError(file: file, problem: "not a readable zip archive (truncated or damaged: \(words(error)))")
        }
        var arrays: [(name: String, array: NumpyArray)] = []
        for entry in archive where entry.type == .file {
            let member = entry.path
            guard entry.uncompressedSize < 1 << 34 else {
                throw FormatError(file: file, record: member, problem: "member is absurdly large (\(entry.uncompressedSize) bytes)")
            }
            var bytes = Data()
            bytes.reserveCapacity(min(Int(entry.uncompressedSize), 1 << 28))  // a header may lie
            do {
                _ = try archive.extract(entry, bufferSize: 1 << 20) { bytes.append($0) }
            } catch {
                throw FormatError(file: file, record: member, problem: "cannot unpack the zip member (truncated or damaged: \(words(error)))")
            }
            guard bytes.count == Int(entry.uncompressedSize) else {
                throw FormatError(file: file, record: member, problem: "unpacked \(bytes.count) of \(entry.uncompressedSize) bytes (truncated)")
            }
            let name = member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
            arrays.append((name, try NPY.decode(bytes, file: file, record: member)))
        }
        guard !arrays.isEmpty else { throw FormatError(file: file, problem: "the zip holds no arrays") }
        return arrays
    }

    /// ZIPFoundation's error cases are camel-case names; spelled out they read as a reason.
    private static func words(_ error: Error) -> String {
        let name = String(describing: error)
        guard name.allSatisfy({ $0.isLetter || $0.isNumber }) else { return name }
        var out = ""
        for ch in name {
            if ch.isUppercase { out += " " + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Writes the arrays as `NAME.npy` members, deflated, atomically (a temporary file renamed).
    public static func write(_ arrays: [(name: String, array: NumpyArray)], to url: URL) throws {
        try AtomicFile.write(to: url) { temporary in
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, array) in arrays {
                let payload = NPY.encode(array)
                try archive.addEntry(with: "\(name).npy", type: .file, uncompressedSize: Int64(payload.count),
                                     compressionMethod: .deflate) { position, size in
                    payload.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
        }
    }
}
