import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// What a first-time user meets, in the real binary under tmux at 120 × 40 and 80 × 24: panels
/// that say what they are, a stroke dragged off the canvas cut at its edge, an answer to `u` on
/// the status bar, readable panels at 80 × 24, and a kept drawing restored in the middle of the
/// canvas with its message clear of the panels.
@Suite(.serialized) struct EndToEndFirstUserTests {
    let kept = EndToEndKeptDrawingTests()
    let e2e = EndToEndTests()

    func panelsWithDrawings(_ screen: String, layout: Layout) -> Int {
        layout.panelBoxes.filter { EndToEndTests.panelAnswered(screen, box: $0) }.count
    }

    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun, EndToEndKeptDrawingTests.skipReason), arguments: [(120, 40), (80, 24)])
    func panelsSayWhatTheyAreAndAStrokeStopsAtTheEdge(columns: Int, rows: Int) throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let tmux = try kept.start(dir, columns: columns, rows: rows) else { return }
        let layout = try #require(Layout(size: TerminalSize(columns: columns, rows: rows), panels: 6))
        let first = layout.panelBoxes[0]
        let lines = { (screen: String) in screen.components(separatedBy: "\n") }
        let before = try tmux.waitFor { screen in lines(screen)[first.y].contains("model") }
        #expect(before.ok, "before any drawing the first panel does not say what the panels show:\n\(before.screen)")
        if columns == 80 { #expect(layout.panelBoxes.count == 4) }

        // Right across the canvas's right edge, 8 cells beyond, and back in two rows lower.
        let c = layout.canvas
        let y = c.y + c.height / 2
        var text = "\u{1B}[<0;\(c.maxX - 8);\(y + 1)M"
        for x in (c.maxX - 7)...(c.maxX + 8) { text += "\u{1B}[<32;\(x + 1);\(y + 1)M" }
        for x in stride(from: c.maxX + 8, through: c.maxX - 10, by: -1) { text += "\u{1B}[<32;\(x + 1);\(y + 3)M" }
        text += "\u{1B}[<0;\(c.maxX - 10);\(y + 3)m"
        try tmux.send(text)
        let strokes = kept.kept(in: dir) { $0.count == 2 }
        #expect(strokes != nil, "a drag off the canvas and back is not two strokes")
        // Nothing drawn on the canvas's border column or beyond it.
        let screen = try tmux.waitFor(timeout: 10) { panelsWithDrawings($0, layout: layout) == layout.panelBoxes.count }
        #expect(screen.ok, "not every panel shows an ending:\n\(screen.screen)")
        for row in lines(screen.screen)[c.y..<c.maxY] {
            let border = Array(row)[c.maxX]
            #expect(border == "│", "the canvas's right border is drawn over: \(row)")
        }
        #expect(lines(screen.screen)[first.y].contains("1 endings"), "\(lines(screen.screen)[first.y])")
        #expect(lines(screen.screen)[first.maxY - 1].contains("takes"))

        try tmux.send("u")
        let undone = try tmux.waitFor { lines($0)[rows - 1].contains("undid a stroke") }
        #expect(undone.ok, "u does not answer on the status bar:\n\(undone.screen)")
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }

    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun, EndToEndKeptDrawingTests.skipReason))
    func aKeptDrawingIsRestoredInTheMiddleAt80x24() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            guard let tmux = try kept.start(dir) else { return }
            // A small stroke in the canvas's top-left corner.
            let c = try #require(Layout(size: TerminalSize(columns: 120, rows: 40), panels: 6)).canvas
            var text = "\u{1B}[<0;\(c.x + 3);\(c.y + 3)M"
            for x in (c.x + 3)...(c.x + 12) { text += "\u{1B}[<32;\(x + 1);\(c.y + 3)M" }
            text += "\u{1B}[<0;\(c.x + 13);\(c.y + 3)m"
            try tmux.send(text)
            #expect(kept.kept(in: dir) { $0.count == 1 } != nil)
            try tmux.send("q")
            #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
        }
        guard let again = try kept.start(dir, columns: 80, rows: 24) else { return }
        let restored = try again.waitFor { $0.contains("restored your drawing") }
        #expect(restored.ok, "\(restored.screen)")
        let layout = try #require(Layout(size: TerminalSize(columns: 80, rows: 24), panels: 6))
        let c = layout.canvas
        let lines = restored.screen.components(separatedBy: "\n")
        var columns: [Int] = [], rowsWithDots: [Int] = []
        for y in c.y..<min(c.maxY, lines.count) {
            let chars = Array(lines[y])
            for x in c.x..<min(c.maxX, chars.count) {
                if let v = chars[x].unicodeScalars.first?.value, v > 0x2800, v <= 0x28FF {
                    columns.append(x)
                    rowsWithDots.append(y)
                }
            }
        }
        let minX = try #require(columns.min()), maxX = try #require(columns.max())
        #expect(abs((minX + maxX) / 2 - (c.x + c.width / 2)) <= 2, "the restored drawing is not in the middle:\n\(restored.screen)")
        // The restore message, too long for the status bar, sits above it without covering a
        // panel: every panel keeps its bottom border.
        let message = try #require(lines.firstIndex { $0.contains("restored your drawing") })
        #expect(lines[message - 1].hasSuffix("┘") && lines[message - 1].hasPrefix("└"),
                "the message covers the panels' bottom edge:\n\(restored.screen)")
        #expect(lines[message - 1].filter { $0 == "┘" }.count == 3)
        try again.send("q")
        #expect(try again.waitFor { $0.contains("EXITED 0") }.ok)
    }

    /// `--save-dir` is made when missing; a clear before quitting is undone at the next launch; a
    /// cut-off escape sequence followed by a paste does nothing; 200 alternating u and U leave the
    /// drawing as it was and the app answering.
    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun, EndToEndKeptDrawingTests.skipReason))
    func aClearIsUndoneAfterARelaunchAndFragmentsDoNothing() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = try #require(EndToEndTests.binary)
        let saveDir = dir.appendingPathComponent("new/nested")
        func launch() throws -> Tmux? {
            let tmux = try Tmux(columns: 80, rows: 24, command: "cd '\(dir.path)' && TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model sheep --save-dir '\(saveDir.path)'")
            if let tmux { #expect(try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") }.ok) }
            return tmux
        }
        do {
            guard let tmux = try launch() else { return }
            try e2e.drawStrokeAndExpectEndings(tmux, columns: 80, rows: 24)
            // Once the pen has lifted (live endings fill the panels while the stroke is still drawn).
            let drawn = try #require(kept.finishedDrawing(in: saveDir), "--save-dir was not made, or the stroke not kept there")
            // ESC [ 1 ; 5 cut off, then a paste of "2[": no ending taken, the temperature unchanged.
            try tmux.send("\u{1B}[1;5\u{1B}[200~2[\u{1B}[201~")
            try tmux.send(String(repeating: "uU", count: 100))
            try tmux.send("]")
            let answered = try tmux.waitFor { $0.contains("temperature 0.55") }
            #expect(answered.ok, "the app did not answer after a burst:\n\(answered.screen)")
            #expect(!answered.screen.contains("took ending"))
            #expect(kept.kept(in: saveDir) { $0 == drawn } != nil, "200 u and U did not leave the drawing as it was")
            try tmux.send("c")
            #expect(kept.kept(in: saveDir) { $0.isEmpty } != nil)
            try tmux.send("q")
            #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
        }
        guard let again = try launch() else { return }
        #expect(try again.waitFor { $0.contains("u brings back") }.ok)
        try again.send("u")
        let back = try again.waitFor { EndToEndKeptDrawingTests.canvasDots($0, columns: 80, rows: 24) > 10 && $0.contains("undid the clear") }
        #expect(back.ok, "u after a relaunch did not undo the clear:\n\(back.screen)")
        try again.send("q")
        #expect(try again.waitFor { $0.contains("EXITED 0") }.ok)
    }

    /// Runs a script of the project with python3 (`CleanSpawn`, so that the tmux servers it
    /// starts get their signals and do not outlive it); returns its exit status and output.
    func runScript(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let root = EndToEndTests.projectRoot.path
        return try CleanSpawn.run(["/usr/bin/env", "python3"] + arguments.map { $0.hasPrefix("scripts/") ? "\(root)/\($0)" : $0 },
                                  environment: ProcessInfo.processInfo.environment)
    }

    /// Smoke runs of the two scripts that look at the app from outside: the README's picture
    /// (a real screen rendered to SVG) and the latent grid's timings.
    @Test(.enabled(if: EndToEndKeptDrawingTests.canRun && EndToEndTests.shipped("sheep-vae") != nil,
                   "needs tmux, a built binary and the shipped checkpoints"))
    func theScreenshotAndGridScriptsRun() throws {
        let binary = try #require(EndToEndTests.binary)
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("screen.svg")
        let shot = try runScript(["scripts/app_screenshot.py", "--binary", binary, "--size", "80x24", "--wait", "2", "--output", svg.path])
        #expect(shot.status == 0, "\(shot.output)")
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.components(separatedBy: "<circle").count > 200, "the picture has no drawing")
        #expect(text.contains(">endings<") || text.contains(">1<"), "the picture has no panel titles")
        let grid = try runScript(["scripts/measure_grid.py", "--binary", binary, "--model", "sheep-vae", "--size", "80x24", "--presses", "1"])
        #expect(grid.status == 0 && grid.output.contains("1 of 1 complete"), "\(grid.output)")
    }
}
