import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// The real binary under tmux on the shipped checkpoints: a click on an ending panel takes that
/// ending, and the latent grid's cells are large enough to read.
@Suite(.serialized) struct EndToEndMouseAndGridTests {
    let e2e = EndToEndTests()
    let kept = EndToEndKeptDrawingTests()

    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun, EndToEndKeptDrawingTests.skipReason))
    func aClickOnPanelTwoTakesEndingTwo() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let tmux = try kept.start(dir) else { return }
        try e2e.drawStrokeAndExpectEndings(tmux, columns: 120, rows: 40)
        let drawn = try #require(kept.finishedDrawing(in: dir))
        let panel = try #require(Layout(size: TerminalSize(columns: 120, rows: 40), panels: 6)?.panelBoxes[1])
        try tmux.click(x: panel.x + panel.width / 2, y: panel.y + panel.height / 2)
        var taken = try tmux.waitFor { $0.contains("took ending 2") || $0.contains("stopped at once") }
        if taken.screen.contains("stopped at once") {
            // Ending 2 added nothing: the click drew another in its place; the next click takes it.
            Thread.sleep(forTimeInterval: 2)
            try tmux.click(x: panel.x + panel.width / 2, y: panel.y + panel.height / 2)
            taken = try tmux.waitFor { $0.contains("took ending 2") }
        }
        #expect(taken.ok, "a click on panel 2 did not take ending 2:\n\(taken.screen)")
        #expect(kept.kept(in: dir) { $0 != drawn && $0.first?.starts(with: drawn[0]) == true } != nil)
        // Any click closes the help.
        try tmux.send("?")
        #expect(try tmux.waitFor { $0.contains("redo what u undid") }.ok)
        try tmux.click(x: 2, y: 2)
        let closed = try tmux.waitFor { !$0.contains("redo what u undid") }
        #expect(closed.ok, "a click did not close the help:\n\(closed.screen)")
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }

    static var shippedVAE: Bool {
        FileManager.default.fileExists(atPath: EndToEndTests.projectRoot.appendingPathComponent("checkpoints/sheep-vae.safetensors").path)
    }

    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun && shippedVAE, "needs tmux, a built binary and checkpoints/sheep-vae.safetensors"))
    func theGridAt120x40ShowsAtMostTwelveCells() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = try #require(EndToEndTests.binary)
        guard let tmux = try Tmux(columns: 120, rows: 40, command: "cd '\(dir.path)' && TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model sheep-vae") else { return }
        #expect(try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") && $0.contains("sheep-vae") }.ok)
        try tmux.send("g")
        let grid = try tmux.waitFor(timeout: 30) { $0.contains("latent grid") && !$0.contains("drawing…") }
        #expect(grid.ok, "the latent grid did not finish:\n\(grid.screen)")
        let corners = grid.screen.filter { $0 == "┌" || $0 == "┏" }.count
        #expect(corners >= 4 && corners <= 12, "\(corners) cells:\n\(grid.screen)")
        #expect(grid.screen.filter { $0 == "┏" }.count == 1, "the selection is not marked:\n\(grid.screen)")
        // A click on a cell takes it.
        let boxes = Layout.latentGridBoxes(for: TerminalSize(columns: 120, rows: 40), columns: 4, rows: 3)
        try tmux.click(x: boxes[5].x + 10, y: boxes[5].y + 5)
        #expect(try tmux.waitFor { $0.contains("your drawing") && !$0.contains("latent grid") }.ok)
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }
}
