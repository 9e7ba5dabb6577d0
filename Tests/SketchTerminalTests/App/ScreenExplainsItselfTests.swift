import Testing
@testable import SketchTerminal

/// What a first-time user reads on the screen: what the panels are and how to take one, an ending
/// that adds nothing said in words (and drawn again when asked), and an answer on the status bar
/// to every action.
@Suite struct ScreenExplainsItselfTests {
    func drawStroke(_ controller: AppController) {
        controller.send(" llllljjj\r")
        controller.settle()
    }

    @Test(arguments: [(120, 40), (80, 24)])
    func thePanelsSayWhatTheyShowAndHowToTakeOne(columns: Int, rows: Int) throws {
        let controller = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: columns, rows: rows))
        let layout = try #require(controller.layout)
        let first = layout.panelBoxes[0]
        var screen = controller.render()
        #expect(screen.row(first.y).contains("model"), "before any drawing: \(screen.row(first.y))")
        #expect(screen.row(first.maxY - 1).contains("draw"))
        drawStroke(controller)
        screen = controller.render()
        #expect(screen.row(first.y).contains("1 endings"), "\(screen.row(first.y))")
        #expect(screen.row(first.maxY - 1).contains("takes"), "\(screen.row(first.maxY - 1))")
    }

    @Test func anEndingThatStopsAtOnceSaysSoAndIsDrawnAgainWhenAsked() throws {
        let engine = FakeEngine()
        // The first endings' third stops at once; of a panel's redraw, the first candidate does too.
        engine.stopsAtOnce = { request, i in request.count == AppController.panelRedrawCandidates ? i == 0 : i == 2 }
        let controller = AppController.forTesting(engine: engine)
        drawStroke(controller)
        let view = try #require(controller.state.endings)
        #expect(view.stopsAtOnce(2) && !view.stopsAtOnce(1))
        let layout = try #require(controller.layout)
        let panel = layout.panelBoxes[2]
        let inside = controller.render().text.components(separatedBy: "\n")[panel.y..<panel.maxY].joined()
        #expect(inside.contains("stops here") && inside.contains("3 draws another"))

        let before = controller.state.drawing
        controller.send("3")
        #expect(controller.state.drawing == before, "a panel that adds nothing is not taken")
        #expect(controller.render().text.contains("drawing another"))
        controller.settle()
        let after = try #require(controller.state.endings)
        #expect(!after.stopsAtOnce(2) && after.endings[2].count == engine.steps)
        #expect(controller.state.panelRedraw == nil)
        controller.send("3")
        #expect(controller.state.message == "took ending 3 (u undoes it)")
    }

    @Test func everyActionAnswersOnTheStatusBar() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        drawStroke(controller)
        controller.send("u")
        #expect(controller.state.message == "undid a stroke (U redoes it); nothing before it")
        controller.send("U")
        #expect(controller.state.message == "redid a stroke (u undoes it)")
        controller.send("2")
        #expect(controller.state.message == "took ending 2 (u undoes it)")
        controller.send("u")
        #expect(controller.state.message?.hasPrefix("undid taking ending 2") == true)
        controller.send("c")
        controller.send("u")
        #expect(controller.state.message?.hasPrefix("undid the clear") == true)
        #expect(controller.render().row(39).contains("undid the clear"))
    }

    @Test func theHelpFitsAt80x24() {
        let controller = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: 80, rows: 24))
        controller.send("?")
        let text = controller.render().text
        for line in KeyMap.helpLines { #expect(text.contains(line.what), "\(line.what) is cut off") }
    }

    @Test func takingAGridCellAndChangingTheModelAnswer() throws {
        let vae = FakeEngine(vae: true, name: "vae")
        let other = FakeEngine(name: "other")
        let controller = AppController(models: [ModelChoice(name: "vae", reference: "a"), ModelChoice(name: "other", reference: "b")],
                                       size: TerminalSize(columns: 120, rows: 40),
                                       loader: { $0.reference == "a" ? vae : other }, saver: { _ in [] }, seeds: { 7 })
        controller.settle()
        controller.settle()
        controller.send("g")
        controller.settle()
        controller.send("l\r")
        #expect(controller.state.message == "took grid cell 2 (u undoes it)")
        controller.send("m")
        controller.settle()
        #expect(controller.state.message == "model 2 of 2: other · decoder-only")
    }
}
