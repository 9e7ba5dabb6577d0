import Testing
@testable import SketchTerminal

@Suite struct UndoHistoryTests {
    let a: [[SIMD2<Float>]] = []
    let b: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(1, 1)]]
    let c: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(1, 1)], [SIMD2(5, 5), SIMD2(6, 9)]]

    @Test func undoAndRedoWalkTheSteps() {
        var history = UndoHistory()
        history.record(a)  // a -> b
        history.record(b)  // b -> c
        #expect(history.undo(from: c) == b)
        #expect(history.undo(from: b) == a)
        #expect(history.undo(from: a) == nil)
        #expect(history.redo(from: a) == b)
        #expect(history.redo(from: b) == c)
        #expect(history.redo(from: c) == nil)
    }

    @Test func aNewChangeForgetsWhatWasUndone() {
        var history = UndoHistory()
        history.record(a)
        _ = history.undo(from: b)
        #expect(history.canRedo)
        history.record(a)
        #expect(!history.canRedo)
        #expect(history.redo(from: c) == nil)
    }

    @Test func keepsAtMostItsLimit() {
        var history = UndoHistory()
        history.limit = 3
        for i in 0..<10 { history.record([[SIMD2(Float(i), 0)]]) }
        #expect(history.undoStack.count == 3)
        #expect(history.undoStack.first == [[SIMD2(7, 0)]])
    }
}
