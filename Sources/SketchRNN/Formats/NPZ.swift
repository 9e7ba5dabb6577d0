import Foundation
import ZIPFoundation

/// numpy's `.npz`: a zip (stored or deflated) of `.npy` members, one per named array.
package enum NPZ {
    /// How much a zip may unpack to. A zip's member sizes are claims; unpacking stops as soon as
    /// the bytes pass them, so a zip bomb costs at most what these allow.
    package struct Limits: Sendable, Equatable {
        /// The most one member may unpack to. QuickDraw's largest sketch-rnn class files hold a
        /// few hundred MB a split; the shipped data sets 11 MB at most.
        package var maxMemberBytes: Int64
        /// Unpacked over packed size at most, for members that unpack to more than
        /// `ratioCheckAbove` bytes: real stroke arrays deflate about 3:1, a zip bomb 1000:1.
        /// (Small members may compress as they like: a data set of straight lines does.)
        package var maxCompressionRatio: Int64
        package var ratioCheckAbove: Int64

        package init(maxMemberBytes: Int64 = 1 << 30, maxCompressionRatio: Int64 = 50, ratioCheckAbove: Int64 = 64 << 20) {
            self.maxMemberBytes = maxMemberBytes
            self.maxCompressionRatio = maxCompressionRatio
            self.ratioCheckAbove = ratioCheckAbove
        }

        /// Environment variable raising `maxMemberBytes` (in MB) for every command.
        package static let environmentVariable = "SKETCH_NPZ_MAX_MB"

        /// The defaults, with `maxMemberBytes` taken from `SKETCH_NPZ_MAX_MB` when set.
        package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Limits {
            var limits = Limits()
            if let text = environment[environmentVariable], let mb = Int64(text), mb > 0, mb < 1 << 40 {
                limits.maxMemberBytes = mb << 20
                limits.maxCompressionRatio = .max
            }
            return limits
        }
    }

    /// Reads every `.npy` member, in the zip's order, named without the `.npy` suffix, or only the
    /// `members` named (in that order; each must be there), the others not unpacked at all: a zip
    /// of 100 000 extra members costs their names only. Each member's size is checked against
    /// `limits` before it is unpacked and while it is, and its CRC-32 against the zip's. A name held
    /// twice is refused (numpy would read the last, zip tools the first: which was meant is unknowable).
    package static func read(contentsOf url: URL, limits: Limits = .fromEnvironment(),
                             members wanted: [String]? = nil) throws -> [(name: String, array: NumpyArray)] {
        let file = url.path
        try InputFile.checkIsFile(url) { FormatError(file: file, problem: $0) }
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
        var entries: [String: Entry] = [:]
        var names: [String] = []
        for entry in archive where entry.type == .file {
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            guard entries.updateValue(entry, forKey: name) == nil else {
                throw FormatError(file: file, record: entry.path, problem: "the zip holds this member twice (damaged or hostile)")
            }
            names.append(name)
        }
        if let wanted, let absent = wanted.first(where: { entries[$0] == nil }) {
            let shown = names.prefix(10).joined(separator: ", ")
            let more = names.count > 10 ? " and \(names.count - 10) more" : ""
            throw FormatError(file: file, record: "\(absent).npy", problem:
                names.isEmpty ? "missing (the zip holds no arrays)" : "missing (the zip holds: \(shown)\(more))")
        }
        var arrays: [(name: String, array: NumpyArray)] = []
        for name in wanted ?? names {
            guard let entry = entries[name] else { continue }
            let member = entry.path
            let declared = Int64(exactly: entry.uncompressedSize) ?? .max
            try check(declared: declared, packed: Int64(exactly: entry.compressedSize) ?? .max, limits: limits, file: file, member: member)
            var bytes = Data()
            bytes.reserveCapacity(Int(min(declared, 1 << 28)))  // a header may lie
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry, bufferSize: 1 << 20) { chunk in
                    guard Int64(bytes.count + chunk.count) <= declared else { throw UnpackError.longerThanDeclared }
                    bytes.append(chunk)
                }
            } catch UnpackError.longerThanDeclared {
                throw FormatError(file: file, record: member, problem: "unpacks to more than the \(declared) bytes the zip declares (damaged or hostile)")
            } catch {
                throw FormatError(file: file, record: member, problem: "cannot unpack the zip member (truncated or damaged: \(words(error)))")
            }
            guard bytes.count == Int(declared) else {
                throw FormatError(file: file, record: member, problem: "unpacked \(bytes.count) of \(declared) bytes (truncated)")
            }
            guard checksum == entry.checksum else {
                throw FormatError(file: file, record: member, problem: String(
                    format: "CRC-32 mismatch: the zip records %08x, the unpacked bytes give %08x (the file is damaged)",
                    entry.checksum, checksum))
            }
            arrays.append((name, try NPY.decode(bytes, file: file, record: member)))
        }
        guard !arrays.isEmpty else { throw FormatError(file: file, problem: "the zip holds no arrays") }
        return arrays
    }

    private enum UnpackError: Error { case longerThanDeclared }

    private static func check(declared: Int64, packed: Int64, limits: Limits, file: String, member: String) throws {
        if declared > limits.maxMemberBytes {
            throw FormatError(file: file, record: member, problem:
                "unpacks to \(declared) bytes, above the limit of \(limits.maxMemberBytes >> 20) MB for a sketch data set "
                + "(set \(Limits.environmentVariable) to a larger number of MB to read it)")
        }
        let (ratioLimit, overflow) = packed.multipliedReportingOverflow(by: limits.maxCompressionRatio)
        if declared > limits.ratioCheckAbove, !overflow, declared > ratioLimit {
            throw FormatError(file: file, record: member, problem:
                "\(packed) packed bytes claim to unpack to \(declared), more than \(limits.maxCompressionRatio):1 "
                + "(a zip bomb, not stroke data; set \(Limits.environmentVariable) to read it anyway)")
        }
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
    package static func write(_ arrays: [(name: String, array: NumpyArray)], to url: URL) throws {
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
