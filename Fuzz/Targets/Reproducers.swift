import Foundation
import SketchRNN

/// Inputs that once crashed, hung or exhausted memory (the fuzzers' findings), remade by code
/// so that a fresh clone has them, as small as still shows the fault. The fuzz smoke runs every one
/// through its target; the regression tests (Tests/SketchFuzzTests) check the error each now gets.
package enum Reproducers {
    package struct Input: Sendable {
        package let name: String
        package let bytes: Data
    }

    package static func make(_ target: FuzzTarget) -> [Input] {
        switch target {
        case .pickle:
            return [Input(name: "nested-lists", bytes: nestedLists(100_000)),
                    Input(name: "nested-tuple1", bytes: nestedTuple1(100_000)),
                    Input(name: "nested-mark-tuples", bytes: nestedMarkTuples(100_000))]
        case .npy:
            return [Input(name: "nested-lists", bytes: Seeds.objectArrayHeader + nestedLists(100_000))]
        case .ndjson, .prefix:
            return [Input(name: "too-many-points", bytes: rawZigZagLine(points: DrawingLimits.standard.maxPoints + 1, width: 10)),
                    Input(name: "resamples-too-long", bytes: rawZigZagLine(points: 1000, width: 1000))]
        case .qdbin:
            return [Input(name: "too-many-points", bytes: binaryRecord(strokes: 2, pointsEach: DrawingLimits.standard.maxPoints / 2 + 1))]
        case .safetensors, .model:
            return [Input(name: "fractional-shape", bytes: (try? fractionalShape()) ?? Data()),
                    Input(name: "f16-relabelled-bf16", bytes: (try? relabelledDType()) ?? Data())]
                + (target == .model ? [Input(name: "js-fractional-shape", bytes: (try? jsFractionalShape()) ?? Data()),
                                       Input(name: "js-nan-literal", bytes: (try? jsNaNLiteral()) ?? Data())] : [])
        case .npz:
            return [Input(name: "duplicate-members", bytes: (try? duplicateMembers()) ?? Data()),
                    Input(name: "many-members-no-train", bytes: (try? manyMembers(2_000, withSplits: false)) ?? Data())]
        case .state, .input:
            return []
        }
    }

    // MARK: pickles

    /// A pickle of lists each inside the next, `depth` deep: `[[[…]]]`.
    package static func nestedLists(_ depth: Int) -> Data {
        Data([0x80, 2] + [UInt8](repeating: 0x5D, count: depth) + [UInt8](repeating: 0x61, count: depth - 1) + [0x2E])
    }

    /// `((((),),),)`: TUPLE1 applied `depth` times to an empty list.
    package static func nestedTuple1(_ depth: Int) -> Data {
        Data([0x80, 2, 0x5D] + [UInt8](repeating: 0x85, count: depth) + [0x2E])
    }

    /// MARK … TUPLE pairs nested `depth` deep.
    package static func nestedMarkTuples(_ depth: Int) -> Data {
        Data([0x80, 2] + [UInt8](repeating: 0x28, count: depth) + [UInt8](repeating: 0x74, count: depth) + [0x2E])
    }

    // MARK: Quick, Draw!

    /// One raw ndjson line: a stroke zig-zagging `points` times across `width` screen pixels.
    package static func rawZigZagLine(points: Int, width: Int) -> Data {
        let xs = (0..<points).map { $0 % 2 == 0 ? "0" : "\(width)" }.joined(separator: ",")
        let ys = (0..<points).map { "\($0 % 7)" }.joined(separator: ",")
        let ts = (0..<points).map { "\($0)" }.joined(separator: ",")
        return Data(#"{"word":"zigzag","drawing":[[[\#(xs)],[\#(ys)],[\#(ts)]]]}"#.utf8 + [0x0A])
    }

    /// One `.bin` record of `strokes` strokes of `pointsEach` points.
    package static func binaryRecord(strokes: Int, pointsEach: Int) -> Data {
        var bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0] + Array("GB".utf8) + [1, 0, 0, 0, 0, UInt8(strokes & 0xFF), UInt8(strokes >> 8)]
        for _ in 0..<strokes {
            bytes += [UInt8(pointsEach & 0xFF), UInt8(pointsEach >> 8)]
            bytes += (0..<pointsEach).map { UInt8($0 % 2 * 255) } + (0..<pointsEach).map { UInt8($0 % 256) }
        }
        return Data(bytes)
    }

    // MARK: .npz

    /// The bytes of an `.npz` holding `arrays` (names may repeat).
    package static func npz(_ arrays: [(name: String, array: NumpyArray)]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-reproducer-\(getpid())-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url)
        return try Data(contentsOf: url)
    }

    static var splits: [(name: String, array: NumpyArray)] {
        ["train", "valid", "test"].map { ($0, StrokeArrays.array(from: [Seeds.square])) }
    }

    /// A sketch data set whose `train.npy` is there twice, the second of other sketches.
    package static func duplicateMembers() throws -> Data {
        let other = Sketch(points: [StrokePoint(dx: 1, dy: 1, penLifted: true)])
        return try npz(splits + [("train", StrokeArrays.array(from: [other, other]))])
    }

    /// `count` tiny extra members, with or without the three splits.
    package static func manyMembers(_ count: Int, withSplits: Bool) throws -> Data {
        let tiny = NumpyArray(shape: [1], int16: [0])
        return try npz((withSplits ? splits : []) + (0..<count).map { ("extra\($0)", tiny) })
    }

    // MARK: model files

    /// A safetensors file with its JSON header changed by `edit` (checksums kept as they were).
    package static func rewritingHeader(_ file: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        let length = Int(file.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        guard var header = try JSONSerialization.jsonObject(with: file[8..<(8 + length)]) as? [String: Any] else { return file }
        edit(&header)
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + file[(8 + length)...]
    }

    /// A model whose first matrix's row count is `rows + 0.5` (a reader truncating it loads it).
    package static func fractionalShape() throws -> Data {
        try rewritingHeader(try Seeds.tinyModel(.decoder).safetensors.encoded()) { header in
            guard let name = header.keys.sorted().first(where: { (header[$0] as? [String: Any])?["shape"] as? [Int] != nil
                && ((header[$0] as? [String: Any])?["shape"] as? [Int])?.count == 2 }),
                  var entry = header[name] as? [String: Any], let shape = entry["shape"] as? [Int] else { return }
            entry["shape"] = [Double(shape[0]) + 0.5, Double(shape[1])]
            header[name] = entry
        }
    }

    /// An f16 model whose tensors are relabelled BF16: the same bytes, other numbers.
    package static func relabelledDType() throws -> Data {
        try rewritingHeader(try Seeds.tinyModel(.decoder).safetensors.encoded(as: .f16)) { header in
            for (name, value) in header where name != "__metadata__" {
                guard var entry = value as? [String: Any] else { continue }
                entry["dtype"] = "BF16"
                header[name] = entry
            }
        }
    }

    /// A sketch-rnn-js model rewritten by `edit` of its `[info, shapes, blobs]` array.
    static func rewritingJS(_ edit: (inout [Any]) -> Void) throws -> Data {
        let bytes = try SketchRNNJS.encode(Seeds.tinyModel(.decoder, mixtures: 20))
        guard var top = try JSONSerialization.jsonObject(with: bytes) as? [Any] else { return bytes }
        edit(&top)
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys])
    }

    /// A sketch-rnn-js model whose first shape's first size is a half.
    package static func jsFractionalShape() throws -> Data {
        try rewritingJS { top in
            guard var shapes = top[1] as? [[Int]] else { return }
            var first: [Double] = shapes[0].map(Double.init)
            first[0] += 0.5
            var mixed: [Any] = shapes.map { $0 as Any }
            mixed[0] = first
            shapes = []
            top[1] = mixed
        }
    }

    /// A sketch-rnn-js model whose `scale_factor` is Python's `NaN` literal.
    package static func jsNaNLiteral() throws -> Data {
        let marked = try rewritingJS { top in
            guard var info = top[0] as? [String: Any] else { return }
            info["scale_factor"] = "@NaN@"
            top[0] = info
        }
        return Data(String(decoding: marked, as: UTF8.self).replacingOccurrences(of: "\"@NaN@\"", with: "NaN").utf8)
    }
}
