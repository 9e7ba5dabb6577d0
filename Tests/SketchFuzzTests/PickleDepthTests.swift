import Foundation
import Testing
import SketchFuzzTargets
@testable import SketchRNN

/// Issue 28: pickles nested 60 000 deep or more crashed (SIGSEGV) when their values were released.
/// Depths are now known as values are made and refused past a stated limit.
@Suite struct PickleDepthTests {
    func decode(_ pickle: Data) throws -> NumpyArray { try NPY.decode(Seeds.objectArrayHeader + pickle, file: "deep.npy") }

    func message(_ pickle: Data) -> String {
        do { _ = try decode(pickle) } catch { return "\(error)" }
        return "(no error)"
    }

    @Test func deeplyNestedListsAndTuplesAreRefusedAtTheLimit() {
        for pickle in [Reproducers.nestedLists(200_000), Reproducers.nestedTuple1(200_000), Reproducers.nestedMarkTuples(SafePickle.maxOpenMarks)] {
            #expect(message(pickle).contains("lists and tuples nested more than 100 deep"), "\(message(pickle))")
        }
        // At the limit the same shapes are only the wrong kind of value.
        #expect(message(Reproducers.nestedLists(SafePickle.maxNesting)).contains("holds a list, not a numpy array"))
        #expect(message(Reproducers.nestedTuple1(SafePickle.maxNesting - 1)).contains("holds a tuple, not a numpy array"))
    }

    @Test func openMarksHaveAStatedLimit() {
        let error = message(Reproducers.nestedMarkTuples(SafePickle.maxOpenMarks + 1))
        #expect(error.contains("more than 1000 MARKs open"), "\(error)")
    }

    @Test func aListCannotChangeOnceInsideAnotherValue() {
        // ] BINPUT 0, BINGET 0, APPEND: a list into itself (a cycle that would never be released).
        #expect(message(Data([0x80, 2, 0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E])).contains("APPEND to a list that is already inside"))
        // ] BINPUT 0, ] BINGET 0, APPEND (inner inside outer), then ] APPEND to the inner one later.
        let later = Data([0x80, 2, 0x5D, 0x71, 0, 0x5D, 0x68, 0, 0x61, 0x68, 0, 0x5D, 0x61, 0x2E])
        #expect(message(later).contains("APPEND to a list that is already inside"), "\(message(later))")
    }

    @Test func objectArraysNestAtMostTheStatedDepth() throws {
        func nested(_ depth: Int) -> NumpyArray {
            var array = NumpyArray(shape: [1, 3], int16: [1, 2, 0])
            for _ in 1..<depth { array = NumpyArray(objects: [array]) }
            return array
        }
        #expect(try NPY.decode(NPY.encode(nested(SafePickle.maxArrayNesting)), file: "ok.npy").objects.count == 1)
        let error = #expect(throws: FormatError.self) { try NPY.decode(NPY.encode(nested(SafePickle.maxArrayNesting + 1)), file: "deep.npy") }
        #expect("\(error!)".contains("nested more than 8 deep"), "\(error!)")
    }
}
