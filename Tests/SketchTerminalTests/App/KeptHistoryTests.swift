import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// The undo history is kept in the state file beside the drawing, so the next launch can undo
/// what the last one did — a clear just before quitting above all.
@Suite struct KeptHistoryTests {
    let history = AppControllerHistoryTests()

    func session(writingTo file: DrawingStateFile) -> AppController {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.autosave = { [unowned controller] in try file.write($0, history: controller.state.history) }
        return controller
    }

    @Test func aClearBeforeQuittingIsUndoneAtTheNextLaunch() throws {
        let folder = try history.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        let first = session(writingTo: file)
        try history.drawStroke(first)
        let drawn = first.state.drawing.strokes
        first.send("c")
        first.flushAutosave()
        // The state file is still stroke JSON any reader takes (an empty drawing), with the history beside it.
        #expect(try file.read()?.polylines.allSatisfy(\.isEmpty) == true)
        #expect(file.readHistory()?.undoLabel == "the clear")

        let second = AppController.forTesting(engine: FakeEngine())
        second.restore(from: file)
        #expect(second.state.drawing.isEmpty)
        #expect(second.state.message?.contains("u brings back") == true)
        second.send("u")
        #expect(second.state.drawing.strokes == drawn)
        #expect(second.state.message?.hasPrefix("undid the clear") == true)
    }

    @Test func theHistoryMovesWithARestoredDrawing() throws {
        let folder = try history.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        let first = session(writingTo: file)
        try history.drawStroke(first)
        try history.drawStroke(first, row: 9)
        first.flushAutosave()

        // A smaller terminal: the drawing is moved to the middle, and its history with it.
        let second = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: 80, rows: 24))
        second.restore(from: file)
        let restored = second.state.drawing.strokes
        let shift = restored[0][0] - first.state.drawing.strokes[0][0]
        second.send("u")
        let undone = second.state.drawing.strokes
        #expect(undone.count == 1)
        #expect(zip(undone[0], restored[0]).allSatisfy { abs($0.x - $1.x) < 1e-3 && abs($0.y - $1.y) < 1e-3 },
                "undo brings back the first stroke where the restored drawing has it (moved by \(shift))")
        second.send("U")
        #expect(second.state.drawing.strokes == restored)
    }

    @Test func onlyTheLastStepsAreKept() throws {
        let folder = try history.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        var long = UndoHistory()
        for i in 0..<(DrawingStateFile.keptHistorySteps + 20) { long.record([[SIMD2(Float(i), 0), SIMD2(Float(i), 5)]], label: "a stroke") }
        try file.write(StrokeDrawing(polylines: [[SIMD2(1, 1), SIMD2(2, 2)]], units: .screen, pixelFactor: 1, penLifted: true, model: nil),
                       history: long)
        #expect(file.readHistory()?.undoSteps.count == DrawingStateFile.keptHistorySteps)
        #expect(file.readHistory()?.undoSteps.last?.strokes == long.undoSteps.last?.strokes)
    }

    /// The terminal's real size is known only once the screen is taken over: a restored drawing is
    /// centred again for it (its history with it), until the person works on it.
    @Test func aRestoredDrawingIsCentredForTheRealSizeUntilWorkedOn() throws {
        let folder = try history.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        let first = session(writingTo: file)
        try history.drawStroke(first)
        try history.drawStroke(first, row: 9)
        first.flushAutosave()

        let second = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: 80, rows: 24))
        second.restore(from: file)
        second.resize(to: TerminalSize(columns: 150, rows: 50))
        func centre(_ box: BoundingBox) -> SIMD2<Float> { SIMD2(box.minX + box.width / 2, box.minY + box.height / 2) }
        let placed = second.state.drawing.strokes
        let box = try #require(BoundingBox(around: placed.joined())), frame = try #require(second.state.frame)
        #expect(abs(centre(box).x - centre(frame).x) < 0.01 && abs(centre(box).y - centre(frame).y) < 0.01)
        second.settle()
        #expect(second.state.endings?.prefix == placed, "the endings follow the drawing to its new place")

        second.send("]")  // worked on: it keeps its place from now on
        second.resize(to: TerminalSize(columns: 100, rows: 30))
        #expect(second.state.drawing.strokes == placed)
        second.send("u")
        #expect(second.state.drawing.strokes.count == 1)
        #expect(zip(second.state.drawing.strokes[0], placed[0]).allSatisfy { abs($0.x - $1.x) < 1e-3 && abs($0.y - $1.y) < 1e-3 },
                "the history moved with the drawing")
    }
}
