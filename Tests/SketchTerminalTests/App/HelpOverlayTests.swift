import Testing
@testable import SketchTerminal

/// The help (`?`) is an overlay over the mode on screen: it never changes what is shown under it,
/// so that closing it, or pressing `?` twice, leaves no stale mode behind for later keys.
@Suite struct HelpOverlayTests {
    /// A drawing and its latent grid on screen; `s` appends what it saves to `saved`.
    func gridShown(saving saved: @escaping (DrawingToSave) -> Void) -> AppController {
        let controller = AppController.forTesting(engine: FakeEngine(vae: true)) { saved($0); return ["/x/a.svg"] }
        controller.send(" ll\r")
        controller.settle()
        controller.send("g")
        controller.settle()
        return controller
    }

    @Test func helpOpenedAndClosedOverTheGridLeavesNothingStaleForTheVariations() throws {
        var saved: [DrawingToSave] = []
        let controller = gridShown { saved.append($0) }
        controller.send("?")
        controller.send("?")   // closes the help: back on the grid
        #expect(controller.state.mode == .grid)
        controller.send("\u{1B}")  // Escape: back to the drawing
        controller.settle()
        #expect(controller.state.mode == .drawing)
        controller.send("v")
        controller.settle()
        controller.send("s")
        #expect(saved.count == 1)
        #expect(saved.first?.sheetName == "variations", "the sheet saved is not what the screen shows")
        #expect(saved.first?.sheet.count == controller.state.variations?.cells.count)
        #expect(controller.render().text.contains("variations:"))
    }

    @Test func theScreenUnderTheHelpIsTheModeItWasOpenedFrom() throws {
        var saved: [DrawingToSave] = []
        let controller = gridShown { saved.append($0) }
        let grid = controller.render().text
        controller.send("?")
        let help = controller.render().text
        #expect(help.contains("keys"))
        #expect(help.contains("latent grid:"), "the grid's status line stays under the help")
        controller.send("\u{1B}")  // any key closes the help, and only the help
        #expect(controller.state.mode == .grid)
        #expect(controller.render().text == grid)
        controller.send("\u{1B}")
        controller.settle()
        controller.send("?")
        controller.send("x")
        #expect(controller.state.mode == .drawing)
        controller.send("s")
        #expect(saved.last?.sheetName == "endings")
    }
}
