import Foundation
import Testing
import SketchFuzzTargets
@testable import SketchRNN

/// Issue 28's reproducers (Fuzz/Targets/Reproducers.swift): each is refused with the number or the
/// literal that is wrong. The same inputs run through the fuzz targets in `FuzzSmokeTests`.
@Suite struct ReproducerTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "(no error)"
    }

    // MARK: sizes

    @Test func aDrawingPastThePointLimitIsRefusedAsItIsRead() throws {
        let ndjson = message { _ = try QuickDraw.decodeNDJSON(Reproducers.rawZigZagLine(points: 100_001, width: 10), file: "z.ndjson") }
        #expect(ndjson.contains("z.ndjson") && ndjson.contains("100001 points, above the limit of 100000"), "\(ndjson)")
        let binary = message { _ = try QuickDraw.decodeBinary(Reproducers.binaryRecord(strokes: 2, pointsEach: 50_001), file: "z.bin") }
        #expect(binary.contains("100002 points, above the limit of 100000"), "\(binary)")
        let prefix = message { _ = try PrefixDrawing.decode(Reproducers.rawZigZagLine(points: 100_001, width: 10), file: "p.ndjson") }
        #expect(prefix.contains("100001 points"), "\(prefix)")
        #expect(try QuickDraw.decodeBinary(Reproducers.binaryRecord(strokes: 2, pointsEach: 50_001), file: "z.bin", limits: .lifted).count == 1)
    }

    @Test func aLineTooLongForAnyDrawingIsRefusedBeforeItIsParsed() throws {
        // The 10 M-point line of the issue is 66 MB; the same check on a small limit.
        let line = Reproducers.rawZigZagLine(points: 200, width: 10)
        let error = message { _ = try QuickDraw.decodeNDJSON(line, file: "z.ndjson", limits: DrawingLimits(maxLineBytes: 1000)) }
        #expect(error.contains("line 1") && error.contains("the line is \(line.count - 1) bytes, above the limit"), "\(error)")
        #expect(try QuickDraw.decodeNDJSON(line, file: "z.ndjson").count == 1)
    }

    @Test func aPrefixFileLargerThanAnyPartialDrawingIsRefusedUnparsed() {
        var bytes = Data("[[1, 2, 0]".utf8)
        bytes.append(Data(repeating: 0x20, count: PrefixDrawing.maxBytes))
        let error = message { _ = try PrefixDrawing.decode(bytes, file: "big.json") }
        #expect(error.contains("big.json") && error.contains("above the limit of 16 MB for a partial drawing"), "\(error)")
    }

    @Test func aRawDrawingThatWouldResampleTooFarIsRefused() throws {
        // 1000 points, each segment across the whole 0–255 frame: 255 000 resampled points.
        let line = Reproducers.rawZigZagLine(points: 1000, width: 1000)
        let error = message { _ = try QuickDraw.decodeNDJSON(line, file: "z.ndjson") }
        #expect(error.contains("resamples to 254") && error.contains("above the limit of 200000"), "\(error)")
        let lifted = try QuickDraw.decodeNDJSON(line, file: "z.ndjson", limits: .lifted)
        #expect(lifted[0].polylines().joined().count > 900)
    }

    @Test func rdpKeepsPieceEndsBeyondItsPieceLength() {
        // A straight line past the piece length keeps its ends and the pieces' ends only.
        let straight = (0..<(2 * rdpPieceLength + 10)).map { SIMD2(Float($0), 0) }
        #expect(simplifyRDP(straight, epsilon: 2) == [straight[0], straight[rdpPieceLength - 1], straight[2 * rdpPieceLength - 2], straight.last!])
        #expect(simplifyRDP(Array(straight.prefix(rdpPieceLength)), epsilon: 2) == [straight[0], straight[rdpPieceLength - 1]])
        // A zig-zag whose points are all far from every chord: n²/2 distances if taken whole (the
        // 1 M-point reproducer took 15 s in a release build), at most n × rdpPieceLength in pieces.
        let zigZag: Polyline = (0..<(40 * rdpPieceLength)).map { i -> SIMD2<Float> in
            let x = Float(i), y: Float = i % 2 == 0 ? 0 : 100
            return SIMD2(x, y + x * 0.01)
        }
        let simplified = simplifyRDP(zigZag, epsilon: 2)
        #expect(simplified.first == zigZag.first && simplified.last == zigZag.last && simplified.count > zigZag.count / 2)
    }

    @Test func aPrefixFarLongerThanNmaxIsRefusedUnlessLifted() throws {
        let model = Seeds.tinyModel(.decoder)  // Nmax 12
        let face = try SketchModel(file: model)
        let line: Polyline = (0..<100).map { SIMD2(Float($0 % 2) * 30, Float($0)) }
        var options = CompletionOptions(count: 2, simplification: 0, maxDrawingPoints: 4 * model.config.nmax)
        let error = message { try face.complete([line], options: options) }
        #expect(error.contains("the prefix has 99 points once simplified, above the limit of 48 (the model's Nmax is 12)"), "\(error)")
        options.maxDrawingPoints = nil
        #expect(try face.complete([line], options: options).endings.count == 2)
    }

    @Test func trainingDataWithAScaleFactorNoModelMayCarryIsRefused() throws {
        let tiny = Sketch(points: [StrokePoint(dx: 1e-31, dy: -1e-31, penLifted: false), StrokePoint(dx: 2e-31, dy: 0, penLifted: true)])
        let set = SketchDataSet(names: ["tiny"], train: [tiny, tiny], valid: [tiny], test: [tiny])
        let error = message { try set.checkScaleFactor() }
        #expect(error.contains("tiny: the training sketches' scale_factor") && error.contains("is not a number in [0.0001, 1000000.0]"), "\(error)")
        let ordinary = Sketch(points: [StrokePoint(dx: 10, dy: -5, penLifted: false), StrokePoint(dx: 20, dy: 3, penLifted: true)])
        try SketchDataSet(names: ["ok"], train: [ordinary, ordinary], valid: [ordinary], test: [ordinary]).checkScaleFactor()
    }

    // MARK: .npz

    func npzFile(_ bytes: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-reproducer-\(UUID().uuidString).npz")
        try bytes.write(to: url)
        return url
    }

    @Test func aMemberHeldTwiceIsRefused() throws {
        let url = try npzFile(try Reproducers.duplicateMembers())
        defer { try? FileManager.default.removeItem(at: url) }
        let error = message { _ = try SketchFile.read(contentsOf: url) }
        #expect(error.contains("train.npy") && error.contains("holds this member twice"), "\(error)")
    }

    @Test func extraMembersAreNotUnpackedAndAMissingSplitIsSaidBriefly() throws {
        let crowded = try npzFile(try Reproducers.manyMembers(2_000, withSplits: true))
        defer { try? FileManager.default.removeItem(at: crowded) }
        #expect(try SketchFile.read(contentsOf: crowded).train.count == 1)
        let missing = try npzFile(try Reproducers.manyMembers(2_000, withSplits: false))
        defer { try? FileManager.default.removeItem(at: missing) }
        let error = message { _ = try SketchFile.read(contentsOf: missing) }
        #expect(error.contains("train.npy") && error.contains("missing (the zip holds: extra0, extra1,") && error.contains("and 1990 more)"), "\(error)")
        #expect(error.count < 400, "\(error.count) characters")
    }

    // MARK: exact formats

    @Test func fractionalShapesAreRefused() throws {
        let safetensors = message { _ = try ModelFile.decode(try Reproducers.fractionalShape(), name: "half.safetensors") }
        #expect(safetensors.contains(".5 is not a whole number"), "\(safetensors)")
        let js = message { _ = try ModelFile.decode(try Reproducers.jsFractionalShape(), name: "half.json") }
        #expect(js.contains("is not a vector or matrix of positive whole sizes"), "\(js)")
    }

    @Test func aRelabelledDTypeIsRefusedByTheContentChecksum() throws {
        let error = message { _ = try ModelFile.decode(try Reproducers.relabelledDType(), name: "relabelled.safetensors") }
        #expect(error.contains("the header and data's CRC-32"), "\(error)")
    }

    @Test func filesWithoutTheContentChecksumStillLoadAndEverySaveWritesIt() throws {
        let model = Seeds.tinyModel(.vae)
        let written = try model.safetensors.encoded()
        let metadata = try SafetensorsFile.decode(written, name: "m").metadata
        #expect(metadata["content_crc32"] == nil, "the checksums are not metadata a reader sees")
        let header = String(decoding: written.prefix(4096), as: UTF8.self)
        #expect(header.contains("\"content_crc32\":\"") && header.contains("\"data_crc32\":\""))
        let older = try Reproducers.rewritingHeader(written) { header in
            var metadata = header["__metadata__"] as? [String: String] ?? [:]
            metadata["content_crc32"] = nil
            header["__metadata__"] = metadata
        }
        #expect(try ModelFile.decode(older, name: "older.safetensors").parameters == model.parameters)
        // A changed metadata value is caught too.
        let renamed = try Reproducers.rewritingHeader(written) { header in
            var metadata = header["__metadata__"] as? [String: String] ?? [:]
            metadata["name"] = "other"
            header["__metadata__"] = metadata
        }
        #expect(message { _ = try ModelFile.decode(renamed, name: "renamed.safetensors") }.contains("the header and data's CRC-32"))
    }

    @Test func aNaNLiteralInAJSONModelIsNamed() throws {
        let error = message { _ = try ModelFile.decode(try Reproducers.jsNaNLiteral(), name: "nan.json") }
        #expect(error.contains("holds the literal NaN, which JSON does not allow"), "\(error)")
        #expect(SketchRNNJS.nonFiniteLiteral(in: Data(#"["NaN", -Infinity]"#.utf8))! == ("-Infinity", 8))
    }
}
