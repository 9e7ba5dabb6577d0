import Testing
@testable import SketchTerminal

@Suite struct LayoutTests {
    func checkCommon(_ layout: Layout, _ size: TerminalSize, panels: Int) {
        let screen = Rect(x: 0, y: 0, width: size.columns, height: size.rows)
        #expect(layout.panelBoxes.count == panels)
        for box in [layout.canvasBox] + layout.panelBoxes {
            #expect(box.x >= 0 && box.y >= 1 && box.maxX <= screen.maxX && box.maxY <= size.rows - 1, "\(box) leaves the body of \(size)")
        }
        // Nothing overlaps.
        let all = [layout.canvasBox] + layout.panelBoxes
        for i in all.indices {
            for j in all.indices where j > i {
                let a = all[i], b = all[j]
                let overlap = a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
                #expect(!overlap, "\(a) overlaps \(b) at \(size)")
            }
        }
        for box in layout.panelBoxes {
            #expect(box.x >= layout.gridArea.x && box.maxX <= layout.gridArea.maxX)
            #expect(box.y >= layout.gridArea.y && box.maxY <= layout.gridArea.maxY)
        }
    }

    @Test(arguments: [(120, 40), (100, 30), (200, 60), (160, 50), (80, 24)])
    func wideTerminalsPutTheGridOnTheRight(columns: Int, rows: Int) throws {
        let size = TerminalSize(columns: columns, rows: rows)
        let layout = try #require(Layout(size: size, panels: 6))
        #expect(layout.sideBySide)
        #expect(layout.canvasBox.width == columns / 2)
        #expect(layout.canvasBox.height == rows - 2)
        #expect(layout.gridArea.x == columns / 2)
        checkCommon(layout, size, panels: columns == 80 ? 4 : 6)
    }

    @Test(arguments: [(99, 40), (60, 24), (80, 40)])
    func tallTerminalsPutTheGridBelow(columns: Int, rows: Int) throws {
        let size = TerminalSize(columns: columns, rows: rows)
        let layout = try #require(Layout(size: size, panels: 6))
        #expect(!layout.sideBySide)
        #expect(layout.canvasBox.width == columns)
        #expect(layout.gridArea.y == layout.canvasBox.maxY)
        #expect(layout.canvasBox.height >= layout.gridArea.height)
        checkCommon(layout, size, panels: layout.panelBoxes.count)
    }

    /// 80 × 24 shows four endings large enough to read (a sheep at 11 × 7 cells was not).
    @Test func eightyByTwentyFourHasFourReadablePanels() throws {
        let layout = try #require(Layout(size: TerminalSize(columns: 80, rows: 24), panels: 6))
        #expect(layout.panelBoxes.count == 4)
        for box in layout.panelBoxes {
            #expect(min((box.width - 2) * 2, (box.height - 2) * 4) >= Layout.readablePanelDots, "\(box)")
        }
        #expect(layout.canvas.height >= 18 && layout.canvas.width >= 36)
    }

    /// A long message takes rows above the status bar from the body, so it covers no panel, and
    /// never takes a panel away.
    @Test func aMessageTakesRowsFromTheBodyNotAPanel() throws {
        let size = TerminalSize(columns: 80, rows: 24)
        let plain = try #require(Layout(size: size, panels: 6))
        let withMessage = try #require(Layout(size: size, panels: 6, messageRows: 2))
        #expect(withMessage.panelBoxes.count == plain.panelBoxes.count)
        #expect(withMessage.panelBoxes.allSatisfy { $0.maxY <= size.rows - 3 })
        #expect(withMessage.canvasBox.maxY <= size.rows - 3)
    }

    @Test(arguments: [(39, 30), (80, 13), (10, 5), (0, 0)])
    func tooSmallTerminalsHaveNoLayout(columns: Int, rows: Int) {
        #expect(Layout(size: TerminalSize(columns: columns, rows: rows), panels: 6) == nil)
    }

    @Test(arguments: 1...9)
    func anyPanelCountFits(panels: Int) throws {
        let size = TerminalSize(columns: 140, rows: 45)
        checkCommon(try #require(Layout(size: size, panels: panels)), size, panels: panels)
        let small = TerminalSize(columns: 80, rows: 24)
        checkCommon(try #require(Layout(size: small, panels: panels)), small, panels: min(panels, 4))
    }

    @Test func latentGridFollowsTheTerminal() {
        let small = Layout.latentGridShape(for: TerminalSize(columns: 80, rows: 24))
        let large = Layout.latentGridShape(for: TerminalSize(columns: 200, rows: 62))
        #expect(small.columns >= 2 && small.rows >= 2)
        #expect(large.columns > small.columns && large.rows > small.rows)
        #expect(large.columns <= 10 && large.rows <= 10)
    }

    @Test func renderedTooSmallScreenSaysSo() {
        let state = AppState()
        let screen = Renderer(state: state, size: TerminalSize(columns: 30, rows: 10), unicode: true, canvasTransform: nil).render()
        #expect(screen.text.contains("too small"))
        #expect(screen.text.contains("40x14"))
    }
}

@Suite struct LatentGridLayoutTests {
    func cells(_ columns: Int, _ rows: Int, density: Int = 0) -> [Rect] {
        let size = TerminalSize(columns: columns, rows: rows)
        let shape = Layout.latentGridShape(for: size, density: density)
        return Layout.latentGridBoxes(for: size, columns: shape.columns, rows: shape.rows)
    }

    @Test func at120x40CellsAreLargeEnoughToReadASketch() {
        let boxes = cells(120, 40)
        #expect(boxes.count <= 12)
        #expect(boxes.allSatisfy { $0.width >= 24 && $0.height >= 10 }, "\(boxes)")
    }

    @Test func at80x24TheGridIsStillUsable() {
        let boxes = cells(80, 24)
        #expect(boxes.count == 4)
        #expect(boxes.allSatisfy { $0.width >= 24 && $0.height >= 8 })
    }

    @Test func densityAddsCellsWithinTwoToTenASide() {
        let size = TerminalSize(columns: 200, rows: 60)
        let base = Layout.latentGridShape(for: size)
        let more = Layout.latentGridShape(for: size, density: 2)
        #expect(more.columns == base.columns + 2 && more.rows == base.rows + 2)
        let most = Layout.latentGridShape(for: size, density: 50)
        #expect(most.columns == 10 && most.rows == 10)
        let fewest = Layout.latentGridShape(for: size, density: -50)
        #expect(fewest.columns == 2 && fewest.rows == 2)
    }

    @Test func theGridFillsTheBodyWithoutOverlaps() {
        let boxes = cells(137, 45, density: 1)
        #expect(boxes.allSatisfy { $0.y >= 1 && $0.maxY <= 44 && $0.x >= 0 && $0.maxX <= 137 })
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] {
                #expect(!(a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY))
            }
        }
    }
}
