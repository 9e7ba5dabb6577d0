import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Damaged bytes anywhere in a `.npy`/pickle must give an error or a value, never a crash.
@Suite struct PickleFuzzTests {
    @Test func mutatedObjectArraysNeverCrash() throws {
        let sketches = [PolylineTests.square, Sketch(points: [StrokePoint(dx: 0.5, dy: -1, penLifted: true)])]
        let original = [UInt8](NPY.encode(StrokeArrays.array(from: sketches)))
        var generator = SeededGenerator(seed: 11)
        var failures = 0
        for round in 0..<3000 {
            var bytes = original
            let edits = 1 + Int.random(in: 0..<4, using: &generator)
            for _ in 0..<edits {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 3 {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: at)
                }
                if bytes.isEmpty { break }
            }
            do {
                let array = try NPY.decode(Data(bytes), file: "fuzz.npy")
                _ = try? StrokeArrays.sketches(from: array, file: "fuzz.npy", record: "x")
            } catch is FormatError {
                failures += 1
            }
        }
        #expect(failures > 1000)
    }
}

extension PickleFuzzTests {
    @Test func mutatedZipsNeverCrash() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("small.npz")
        try FixtureData.writeSmallFile(url)
        let original = [UInt8](try Data(contentsOf: url))
        var generator = SeededGenerator(seed: 12)
        var failures = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + Int.random(in: 0..<3, using: &generator)) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let damaged = folder.file("damaged.npz")
            try Data(bytes).write(to: damaged)
            do { _ = try NPZ.read(contentsOf: damaged) } catch is FormatError { failures += 1 }
        }
        #expect(failures > 30)
    }
}
