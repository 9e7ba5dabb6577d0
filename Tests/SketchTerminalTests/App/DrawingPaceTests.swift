import Testing
@testable import SketchTerminal

/// `w`: the endings are drawn a few points at a time.
@Suite struct DrawingPaceTests {
    func endingDots(_ screen: ScreenBuffer, _ layout: Layout) -> Int {
        layout.panelBoxes.reduce(0) { total, box in
            let inner = box.inset(by: 1)
            var n = 0
            for y in inner.y..<inner.maxY {
                for x in inner.x..<inner.maxX where screen[x, y].style == .ending && screen[x, y].character != " " { n += 1 }
            }
            return total + n
        }
    }

    @Test func theEndingsAreRevealedOverTime() throws {
        let controller = AppController.forTesting(engine: FakeEngine(steps: 60))
        let layout = try #require(controller.layout)
        controller.send(" llll\r")
        controller.settle()
        let all = endingDots(controller.render(), layout)
        controller.send("w")
        #expect(controller.state.paced)
        controller.settle()
        let start = controller.state.endingsShownAt
        #expect(controller.revealedPoints(at: start) == 1)
        let first = endingDots(controller.render(at: start), layout)
        let half = endingDots(controller.render(at: start + 750_000_000), layout)  // 30 points
        let end = endingDots(controller.render(at: start + 2_000_000_000), layout)
        #expect(first > 0 && first < half && half < end)
        #expect(end == all)
        #expect(controller.isRevealing(at: start + 750_000_000))
        #expect(!controller.isRevealing(at: start + 2_000_000_000))
        #expect(controller.render().text.contains("paced"))
        // Taking an ending takes all of it, however much is shown.
        let whole = try #require(controller.state.endings?.combined(0))
        controller.send("1")
        #expect(controller.state.drawing.strokes == whole)
        controller.send("w")
        #expect(controller.revealedPoints(at: start) == nil)
        #expect(!controller.isRevealing())
    }

    @Test func helpListsThePace() {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send("?")
        #expect(controller.render().text.contains("watch the model draw"))
    }
}
