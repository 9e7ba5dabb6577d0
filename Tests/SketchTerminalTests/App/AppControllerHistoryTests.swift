import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// Every change is one undoable step, with redo; the drawing is kept in a state file and restored.
@Suite struct AppControllerHistoryTests {
    func drawStroke(_ controller: AppController, row: Int = 5) throws {
        let canvas = try #require(controller.layout).canvas
        let y = canvas.y + row
        var text = "\u{1B}[<0;\(canvas.x + 6);\(y + 1)M"
        for x in (canvas.x + 6)...(canvas.x + 20) { text += "\u{1B}[<32;\(x + 1);\(y + 1)M" }
        text += "\u{1B}[<0;\(canvas.x + 21);\(y + 1)m"
        controller.send(text)
        controller.settle()
    }

    @Test func takingAnEndingIsOneStepBackAndForth() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        try drawStroke(controller)
        let before = controller.state.drawing.strokes
        let ending = try #require(controller.state.endings?.combined(0))
        controller.send("1")
        #expect(controller.state.drawing.strokes == ending)
        #expect(ending.count > before.count)
        controller.send("u")
        #expect(controller.state.drawing.strokes == before)
        controller.send("U")
        #expect(controller.state.drawing.strokes == ending)
        controller.send("u")
        controller.send("\u{12}")  // Ctrl-R
        #expect(controller.state.drawing.strokes == ending)
    }

    @Test func strokesUndoOneAtATimeAndRedo() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        try drawStroke(controller, row: 3)
        try drawStroke(controller, row: 8)
        let both = controller.state.drawing.strokes
        #expect(both.count == 2)
        controller.send("u")
        #expect(controller.state.drawing.strokes == [both[0]])
        controller.send("u")
        #expect(controller.state.drawing.isEmpty)
        controller.send("u")
        #expect(controller.render().text.contains("nothing to undo"))
        controller.send("UU")
        #expect(controller.state.drawing.strokes == both)
        controller.send("U")
        #expect(controller.render().text.contains("nothing to redo"))
        // A new stroke after an undo forgets the undone one.
        controller.send("u")
        try drawStroke(controller, row: 10)
        controller.send("U")
        #expect(controller.state.drawing.strokes.count == 2 && controller.state.drawing.strokes[1] != both[1])
    }

    @Test func clearIsUndoable() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        try drawStroke(controller)
        let drawing = controller.state.drawing.strokes
        controller.send("c")
        #expect(controller.state.drawing.isEmpty)
        #expect(controller.render().text.contains("u brings the drawing back"))
        controller.send("u")
        #expect(controller.state.drawing.strokes == drawing)
        controller.settle()
        #expect(controller.state.endings?.prefix == drawing)
    }

    @Test func undoWhileDrawingDropsTheStrokeInProgress() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        try drawStroke(controller)
        let one = controller.state.drawing.strokes
        controller.send(" lll")
        #expect(controller.state.drawing.isPenDown)
        controller.send("u")
        #expect(!controller.state.drawing.isPenDown)
        #expect(controller.state.drawing.strokes == one)
    }

    @Test func takingAGridCellIsUndoable() throws {
        let controller = AppController.forTesting(engine: FakeEngine(vae: true))
        try drawStroke(controller)
        let drawing = controller.state.drawing.strokes
        controller.send("g")
        controller.settle()
        controller.send("l\r")
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.drawing.strokes != drawing)
        controller.send("u")
        #expect(controller.state.drawing.strokes == drawing)
    }

    @Test func helpListsRedo() {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send("?")
        let text = controller.render().text
        #expect(text.contains("U / Ctrl-R") && text.contains("redo"))
    }

    // MARK: - Kept drawing

    @Test func everyChangeIsWrittenToTheStateFile() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        var written: [StrokeDrawing] = []
        controller.autosave = { written.append($0) }
        try drawStroke(controller)
        let last = try #require(written.last)
        #expect(last.polylines == controller.state.drawing.strokes)
        #expect(last.penLifted)
        #expect(last.model == "fake")
        let count = written.count
        controller.send("]")  // not a change to the drawing: nothing written
        #expect(written.count == count)
        controller.send("c")
        #expect(written.last?.strokes.isEmpty == true)
        controller.send("u")
        #expect(written.last?.polylines == controller.state.drawing.strokes)
    }

    @Test func aStrokeInProgressIsWrittenAtMostEveryInterval() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        var written: [StrokeDrawing] = []
        controller.autosave = { written.append($0) }
        controller.autosaving.interval = 1_000_000_000
        controller.handle(.key(.character(" ")), at: 10_000_000_000)
        #expect(written.count == 1)  // the first point
        #expect(written.last?.penLifted == false)
        controller.handle(.key(.character("l")), at: 10_100_000_000)
        controller.handle(.key(.character("l")), at: 10_200_000_000)
        #expect(written.count == 1)
        controller.handle(.key(.character("l")), at: 11_100_000_000)
        #expect(written.count == 2)
        #expect(written.last?.strokes.first?.count == 4)
        controller.handle(.key(.enter), at: 11_200_000_000)
        // The pen lifts: written once the endings it asks for are on screen, never before them.
        #expect(written.count == 2)
        controller.settle()
        #expect(written.count == 3)
        #expect(written.last?.penLifted == true)
    }

    @Test func aFailingStateFileIsSaidOnce() throws {
        struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.autosave = { _ in throw Full() }
        try drawStroke(controller)
        #expect(controller.render().text.contains("not being kept: disk full"))
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theNextLaunchRestoresTheDrawing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        let first = AppController.forTesting(engine: FakeEngine())
        first.autosave = { try file.write($0) }
        try drawStroke(first)
        try drawStroke(first, row: 9)
        let drawing = first.state.drawing.strokes

        let second = AppController.forTesting(engine: FakeEngine())
        second.restore(from: file)
        second.settle()
        // The same drawing, moved to the middle of the canvas.
        func shape(_ strokes: [[SIMD2<Float>]]) -> [[SIMD2<Float>]] {
            let origin = strokes[0][0]
            return strokes.map { $0.map { ($0 - origin) * 1000 }.map { $0.rounded(.toNearestOrAwayFromZero) } }
        }
        let restored = second.state.drawing.strokes
        #expect(shape(restored) == shape(drawing))
        let box = try #require(BoundingBox(around: restored.joined())), frame = try #require(second.state.frame)
        #expect(abs(box.minX + box.width / 2 - (frame.minX + frame.width / 2)) < 0.01)
        #expect(abs(box.minY + box.height / 2 - (frame.minY + frame.height / 2)) < 0.01)
        #expect(second.render().text.contains("restored your drawing"))
        #expect(second.state.endings?.prefix == restored)
        // c starts afresh, and u brings the restored drawing back.
        second.send("c")
        #expect(second.state.drawing.isEmpty)
        second.send("u")
        #expect(second.state.drawing.strokes == restored)
    }

    @Test func anUnreadableStateFileIsMovedAsideNotOverwritten() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrawingStateFile(folder: folder)
        try Data("{\"format\": \"sketch-strokes\", \"vers".utf8).write(to: file.url)
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.restore(from: file)
        #expect(controller.state.drawing.isEmpty)
        #expect(controller.render().text.contains("could not read the kept drawing"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == 1 && names[0].hasPrefix(DrawingStateFile.fileName + ".unreadable-"))
    }

    @Test func openingADrawingIsUndoableAndPlacedOnTheCanvas() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        try drawStroke(controller)
        let mine = controller.state.drawing.strokes
        // Far off the canvas: it is moved onto it, keeping its shape.
        let far: [[SIMD2<Float>]] = [[SIMD2(5000, 5000), SIMD2(5040, 5000)], [SIMD2(5000, 5010), SIMD2(5000, 5050)]]
        controller.open(PrefixDrawing(polylines: far, dataPixelsPerUnit: 1, penLifted: true), message: "opened x.json")
        let opened = controller.state.drawing.strokes
        let frame = try #require(controller.state.frame)
        #expect(opened.count == 2)
        #expect(opened[0][1] - opened[0][0] == far[0][1] - far[0][0])
        #expect(opened.joined().allSatisfy { $0.x >= frame.minX && $0.x <= frame.maxX && $0.y >= frame.minY && $0.y <= frame.maxY })
        #expect(controller.render().text.contains("opened x.json"))
        controller.send("u")
        #expect(controller.state.drawing.strokes == mine)
    }

    @Test func theStateFolderFollowsXDG() {
        #expect(DrawingStateFile.defaultFolder(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/sketch")
        #expect(DrawingStateFile.defaultFolder(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).path == "/h/.local/state/sketch")
        #expect(DrawingStateFile.defaultFolder(environment: ["HOME": "/h"]).path == "/h/.local/state/sketch")
    }
}
