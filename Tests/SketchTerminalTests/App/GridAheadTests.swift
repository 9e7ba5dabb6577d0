import Testing
@testable import SketchTerminal

/// The latent grid answers at once: cells arrive one by one, and once a page is complete the
/// next one (new corners) is computed ahead, so `n` shows it without waiting.
@Suite struct GridAheadTests {
    @Test func theNextPageIsComputedAheadAndShownAtOnce() throws {
        let engine = FakeEngine(vae: true)
        var seed: UInt64 = 0
        let controller = AppController.forTesting(engine: engine, seeds: { seed += 1; return seed })
        controller.gridBrowser.computesAhead = true
        controller.send(" lllljj\r")
        controller.settle()
        controller.send("g")
        controller.settle()  // the page; its end starts the next one ahead
        controller.settle()  // the page ahead
        #expect(engine.gridRequests.count == 2)
        let shown = try #require(controller.state.grid)
        #expect(shown.cells.allSatisfy { $0 != nil })
        #expect(!controller.state.busy, "working ahead is not shown as work to wait for")

        controller.send("l")  // the cursor moves while the page ahead is computed
        #expect(controller.state.grid?.selection == 1)
        controller.send("n")
        let next = try #require(controller.state.grid)
        #expect(next.job != shown.job)
        #expect(next.cells.allSatisfy { $0 != nil }, "the page computed ahead shows at once")
        #expect(next.selection == 1)
        // Its corners differ from the first page's (new ones from the prior), the drawing stays.
        #expect(engine.gridRequests[1].seed != engine.gridRequests[0].seed)
        if case .sketch = engine.gridRequests[1].corners[0] {} else { Issue.record("the drawing is not the top-left corner") }
    }

    @Test func anyNewWorkDropsThePageAhead() throws {
        let controller = AppController.forTesting(engine: FakeEngine(vae: true))
        controller.gridBrowser.computesAhead = true
        controller.send("g")
        controller.settle()
        controller.settle()
        #expect(controller.gridBrowser.ahead?.done == true)
        controller.send("]")  // the page ahead was drawn at the old temperature
        #expect(controller.gridBrowser.ahead == nil)
        controller.settle()
        controller.settle()
        #expect(controller.gridBrowser.ahead?.request.temperature == controller.state.temperature.value)
    }
}
