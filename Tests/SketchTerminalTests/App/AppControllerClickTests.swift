import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// The mouse reaches everything; `r` redraws with a fresh seed; the latent grid and variations
/// are sized and spread as documented.
@Suite struct AppControllerClickTests {
    func click(_ controller: AppController, _ box: Rect) {
        let x = box.x + box.width / 2, y = box.y + box.height / 2
        controller.send("\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m")
    }

    func counter() -> () -> UInt64 {
        var n: UInt64 = 0
        return { n += 1; return n }
    }

    @Test func aClickOnAnEndingPanelTakesIt() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send(" llll\r")
        controller.settle()
        let layout = try #require(controller.layout)
        let expected = try #require(controller.state.endings?.combined(1))
        click(controller, layout.panelBoxes[1])
        #expect(controller.state.drawing.strokes == expected)
        // The panel's border takes it too; a click on the title bar does nothing.
        controller.settle()
        let next = try #require(controller.state.endings?.combined(4))
        controller.send("\u{1B}[<0;\(layout.panelBoxes[4].x + 1);\(layout.panelBoxes[4].y + 1)M")
        #expect(controller.state.drawing.strokes == next)
        controller.send("\u{1B}[<0;3;1M")
        #expect(controller.state.drawing.strokes == next)
    }

    @Test func aClickOnAGridCellTakesIt() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine)
        controller.send("g")
        controller.settle()
        let grid = try #require(controller.state.grid)
        let boxes = Layout.latentGridBoxes(for: controller.size, columns: grid.columns, rows: grid.rows)
        let cell = try #require(grid.cells[5])
        click(controller, boxes[5])
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.drawing.strokes.count == 1)
        // The fake's cell i is a line of slope i / 10: the taken drawing is cell 5's.
        let line = try #require(controller.state.drawing.strokes.first)
        let d = line[1] - line[0]
        #expect(abs(d.y / d.x - cell.points[1].dy / cell.points[1].dx) < 1e-4)
    }

    @Test func aClickOnAVariationTakesIt() throws {
        let controller = AppController.forTesting(engine: FakeEngine(vae: true))
        controller.send(" llll\r")
        controller.send("v")
        controller.settle()
        let layout = try #require(controller.layout)
        let boxes = Layout.grid(count: controller.state.variations?.cells.count ?? 0, in: layout.gridArea)
        click(controller, boxes[2])
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.variations?.selection == 2)
    }

    @Test func anyClickClosesTheHelp() {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send("?")
        #expect(controller.state.showsHelp)
        controller.send("\u{1B}[<2;10;10M")  // right button, anywhere
        #expect(!controller.state.showsHelp)
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.drawing.isEmpty)
    }

    @Test func rDrawsNewEndingsAtTheSameTemperature() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine, seeds: counter())
        controller.send(" ll\r]")
        controller.settle()
        let before = try #require(engine.requests.last)
        controller.send("r")
        controller.settle()
        let after = try #require(engine.requests.last)
        #expect(after.seed != before.seed)
        #expect(after.temperature == before.temperature && after.strokes == before.strokes && after.count == before.count)
    }

    @Test func rRedrawsTheGridWithTheSameCornersAndNNewCorners() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine, seeds: counter())
        controller.send("g")
        controller.settle()
        let first = try #require(engine.gridRequests.last)
        controller.send("r")
        controller.settle()
        let redrawn = try #require(engine.gridRequests.last)
        #expect(redrawn.seed != first.seed)
        #expect("\(redrawn.corners)" == "\(first.corners)")
        #expect(redrawn.temperature == first.temperature)
        controller.send("]")  // a new temperature keeps the seed
        controller.settle()
        #expect(engine.gridRequests.last?.seed == redrawn.seed)
        controller.send("n")
        controller.settle()
        #expect(engine.gridRequests.count == 4)
        #expect(engine.gridRequests.last?.seed != redrawn.seed)
    }

    @Test func plusAndMinusInTheGridChangeItsCellsNotTheEndings() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine)
        controller.send("g")
        controller.settle()
        let start = try #require(controller.state.grid)
        #expect(start.columns * start.rows <= 12)
        controller.send("+")
        controller.settle()
        let more = try #require(controller.state.grid)
        #expect(more.columns == start.columns + 1 && more.rows == start.rows + 1)
        #expect(engine.gridRequests.last?.columns == more.columns)
        controller.send("----------")
        let fewest = try #require(controller.state.grid)
        #expect(fewest.columns == 2 && fewest.rows == 2)
        #expect(controller.render().text.contains("at its smallest"))
        #expect(controller.state.endingCount == 6)
    }

    @Test func theSelectedGridCellIsDrawnHeavy() throws {
        let controller = AppController.forTesting(engine: FakeEngine(vae: true))
        controller.send("g")
        controller.settle()
        controller.send("l")
        let grid = try #require(controller.state.grid)
        let boxes = Layout.latentGridBoxes(for: controller.size, columns: grid.columns, rows: grid.rows)
        let screen = controller.render()
        let selected = boxes[1], other = boxes[0]
        #expect(screen[selected.x, selected.y].character == "┏" && screen[selected.x, selected.y].style == .selected)
        #expect(screen[other.x, other.y].character == "┌")
        #expect(screen.row(selected.y).contains("Enter takes"))
    }

    @Test func variationsCoverTheWholeRangeWhateverTheEndingsCount() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine)
        controller.send("----")  // two endings
        controller.send(" ll\r")
        controller.send("v")
        controller.settle()
        let temperatures = try #require(engine.variationRequests.last?.temperatures)
        #expect(temperatures.count == 6)
        #expect(abs(temperatures.first! - 0.05) < 1e-6 && abs(temperatures.last! - 1.5) < 1e-6)
        controller.send("+++++")
        controller.settle()
        #expect(engine.variationRequests.last?.temperatures.count == 9)
        #expect(controller.render().text.contains("variations: 2 to 9"))
        #expect(controller.state.endingCount == 2)
    }

    @Test func variationTemperaturesAreEvenStepsOverTheRange() {
        let six = AppController.variationTemperatures(count: 6).map { Temperature.format($0) }
        #expect(six == ["0.05", "0.35", "0.65", "0.90", "1.20", "1.50"])
        let two = AppController.variationTemperatures(count: 2).map { Temperature.format($0) }
        #expect(two == ["0.05", "1.50"])
    }
}
