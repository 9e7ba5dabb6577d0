import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Damaged and hostile `.npz`/`.npy` input: each gives a `FormatError` naming the file, the record
/// and the problem, and never a crash.
@Suite struct BadNPZTests {
    static func error(_ body: () throws -> Void) -> FormatError? {
        do { try body() } catch let error as FormatError { return error } catch {
            Issue.record("expected a FormatError, got \(type(of: error)): \(error)")
            return nil
        }
        return nil
    }

    @Test func truncatedZip() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = folder.file("whole.npz"), cut = folder.file("cut.npz")
        try FixtureData.writeSmallFile(whole)
        let data = try Data(contentsOf: whole)
        for length in [data.count / 2, data.count - 10, 30] {
            try data.prefix(length).write(to: cut)
            let error = try #require(Self.error { _ = try SketchFile.read(contentsOf: cut) })
            #expect(error.file == cut.path)
            #expect(error.description.contains("truncated") || error.description.contains("damaged"), "\(error)")
        }
    }

    @Test func truncatedSheep() throws {
        let source = FixtureData.url("aaron_sheep.npz")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cut = folder.file("aaron_sheep.npz")
        let whole = try Data(contentsOf: source)
        try whole.prefix(whole.count / 2).write(to: cut)
        let error = try #require(Self.error { _ = try SketchFile.read(contentsOf: cut) })
        #expect(error.description.hasPrefix(cut.path), "\(error)")
    }

    @Test func emptyFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("empty.npz")
        try Data().write(to: url)
        let error = try #require(Self.error { _ = try NPZ.read(contentsOf: url) })
        #expect(error.description == "\(url.path): the file is empty")
        #expect(Self.error { _ = try NPY.decode(Data(), file: "empty.npy") }?.problem == "the file is empty")
    }

    @Test func unexpectedDtype() throws {
        var bytes = NPY.encode(NumpyArray(shape: [2], int16: [1, 2]))
        let at = try #require(bytes.firstRange(of: Data("'<i2'".utf8)))
        bytes.replaceSubrange(at, with: Data("'<U2'".utf8))
        let error = try #require(Self.error { _ = try NPY.decode(bytes, file: "f.npz", record: "train.npy") })
        #expect(error.description.hasPrefix("f.npz: train.npy: unexpected dtype '<U2'"), "\(error)")
        // Inside a pickle too: a complex dtype.
        let pickled = Self.objectNpy(pickle: "\u{80}\u{02}cnumpy\ndtype\nU\u{03}c16K\u{00}K\u{01}\u{87}R.".unicodeScalars.map { UInt8($0.value) })
        #expect(Self.error { _ = try NPY.decode(pickled, file: "f") }?.problem.contains("unsupported dtype 'c16'") == true)
    }

    /// A `.npy` of dtype `|O` and shape (1,) whose payload is `pickle`.
    static func objectNpy(pickle: [UInt8]) -> Data {
        var data = NPY.encode(NumpyArray(objects: [NumpyArray(shape: [0, 3], int16: [])]))
        let headerEnd = data.firstIndex(of: 0x0A)! + 1
        data = data.prefix(headerEnd) + Data(pickle)
        return data
    }

    @Test(arguments: [
        "\u{80}\u{02}cos\nsystem\nU\u{02}lsK\u{00}\u{86}R.",
        "\u{80}\u{04}\u{8c}\u{08}builtins\u{94}\u{8c}\u{04}eval\u{94}\u{93}.",
        "\u{80}\u{02}cnumpy\nload\n.",
    ])
    func pickleNamingAnotherGlobal(pickle: String) throws {
        let data = Self.objectNpy(pickle: pickle.unicodeScalars.map { UInt8($0.value) })
        let error = try #require(Self.error { _ = try NPY.decode(data, file: "evil.npz", record: "train.npy") })
        #expect(error.file == "evil.npz" && error.record == "train.npy")
        #expect(error.problem.contains("which is refused"), "\(error)")
    }

    @Test func pickleWithOtherOpcodesOrGarbage() throws {
        // INST (0x69) builds arbitrary objects: refused. A cut-off pickle: ends early.
        for pickle: [UInt8] in [[0x80, 0x02, 0x69], [0x80, 0x02, 0x28], [0x80, 0x02, 0x4A, 1]] {
            let error = Self.error { _ = try NPY.decode(Self.objectNpy(pickle: pickle), file: "x.npy") }
            #expect(error != nil)
        }
    }

    @Test func nanAndAbsurdOffsets() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cases: [(Double, String)] = [(.nan, "non-finite"), (.infinity, "non-finite"), (3e9, "absurd offset")]
        for (value, problem) in cases {
            let url = folder.file("bad.npz")
            let bad = NumpyArray(shape: [2, 3], float64: [1, 2, 0, value, 4, 1])
            let good = StrokeArrays.array(from: PolylineTests.square)
            try NPZ.write([("train", NumpyArray(objects: [good, good, bad])), ("valid", NumpyArray(objects: [good])),
                           ("test", NumpyArray(objects: [good]))], to: url)
            let error = try #require(Self.error { _ = try SketchFile.read(contentsOf: url) })
            #expect(error.file == url.path)
            #expect(error.record == "train.npy, sketch 2, point 1", "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func wrongShapeAndMissingSplit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("odd.npz")
        try NPZ.write([("train", StrokeArrays.array(from: [PolylineTests.square]))], to: url)
        let error = try #require(Self.error { _ = try SketchFile.read(contentsOf: url) })
        #expect(error.record == "valid.npy" && error.problem.contains("missing"), "\(error)")
        try NPZ.write([("train", NumpyArray(objects: [NumpyArray(shape: [2, 2], int16: [1, 2, 3, 4])])),
                       ("valid", NumpyArray(objects: [])), ("test", NumpyArray(objects: []))], to: url)
        let shapeError = try #require(Self.error { _ = try SketchFile.read(contentsOf: url) })
        #expect(shapeError.record == "train.npy, sketch 0" && shapeError.problem.contains("[n, 3]"), "\(shapeError)")
    }
}
