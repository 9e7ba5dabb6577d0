import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// The real binary under tmux, on the shipped sheep checkpoint: nothing a person draws is lost
/// (undo and redo of a taken ending and of a clear, the drawing kept across `kill -9`, `--open`)
/// and the mouse reaches the ending panels.
@Suite(.serialized) struct EndToEndKeptDrawingTests {
    static var canRun: Bool { Tmux.executable != nil && EndToEndTests.binary != nil && EndToEndTests.shipped("sheep") != nil }
    static let skipReason: Comment = "needs tmux, a built sketch binary and checkpoints/sheep.safetensors"

    let e2e = EndToEndTests()

    func start(_ dir: URL, columns: Int = 120, rows: Int = 40, arguments: String = "") throws -> Tmux? {
        let binary = try #require(EndToEndTests.binary)
        let tmux = try Tmux(columns: columns, rows: rows,
                            command: "cd '\(dir.path)' && TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model sheep --save-dir '\(dir.path)' \(arguments)")
        if let tmux {
            let started = try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") && $0.contains("sheep") }
            #expect(started.ok, "the app did not start:\n\(started.screen)")
        }
        return tmux
    }

    /// The drawing in the state file, once `condition` holds for it.
    func kept(in dir: URL, timeout: Double = 10, _ condition: ([[SIMD2<Float>]]) -> Bool) -> [[SIMD2<Float>]]? {
        let url = DrawingStateFile(folder: dir).url
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let data = try? Data(contentsOf: url), let drawing = try? JSONDecoder().decode(StrokeDrawing.self, from: data),
               condition(drawing.polylines) {
                return drawing.polylines
            }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < end
        return nil
    }

    /// The kept drawing once its strokes are finished (the pen lifted after the last).
    func finishedDrawing(in dir: URL, timeout: Double = 10) -> [[SIMD2<Float>]]? {
        let url = DrawingStateFile(folder: dir).url
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let data = try? Data(contentsOf: url), let drawing = try? JSONDecoder().decode(StrokeDrawing.self, from: data),
               drawing.penLifted, !drawing.polylines.isEmpty {
                return drawing.polylines
            }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < end
        return nil
    }

    static func canvasDots(_ screen: String, columns: Int = 120, rows: Int = 40) -> Int {
        guard let c = Layout(size: TerminalSize(columns: columns, rows: rows), panels: 6)?.canvas else { return 0 }
        return EndToEndTests.brailleCount(screen, x: c.x..<c.maxX, y: c.y..<c.maxY)
    }

    @Test(.enabled(if: canRun, skipReason))
    func takenEndingAndClearAreUndoneAndRedone() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let tmux = try start(dir) else { return }
        try e2e.drawStrokeAndExpectEndings(tmux, columns: 120, rows: 40)
        // Once the pen has lifted: live endings fill the panels while the stroke is still drawn.
        let drawn = try #require(finishedDrawing(in: dir), "the stroke was not kept in the state file")

        try tmux.send("1")
        let screen = try tmux.screen()
        let taken = try #require(kept(in: dir) { $0.count > 1 || $0.first?.count ?? 0 > drawn[0].count },
                                 "taking ending 1 did not change the drawing:\n\(screen)")
        try tmux.send("u")
        #expect(kept(in: dir) { $0 == drawn } != nil, "one u did not restore the drawing before the ending")
        try tmux.send("U")
        #expect(kept(in: dir) { $0 == taken } != nil, "U did not take the ending again")

        try tmux.send("c")
        let cleared = try tmux.waitFor { $0.contains("draw here") && EndToEndKeptDrawingTests.canvasDots($0) == 0 }
        #expect(cleared.ok, "c did not clear the canvas:\n\(cleared.screen)")
        #expect(kept(in: dir) { $0.isEmpty } != nil)
        try tmux.send("u")
        let back = try tmux.waitFor { EndToEndKeptDrawingTests.canvasDots($0) > 10 }
        #expect(back.ok, "u after c did not bring the drawing back:\n\(back.screen)")
        #expect(kept(in: dir) { $0 == taken } != nil)
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }

    @Test(.enabled(if: canRun, skipReason))
    func aDrawingSurvivesKillNine() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = try #require(Layout(size: TerminalSize(columns: 120, rows: 40), panels: 6))
        let c = layout.canvas
        do {
            guard let tmux = try start(dir) else { return }
            try e2e.drawStrokeAndExpectEndings(tmux, columns: 120, rows: 40)
            // A second stroke, still being drawn when the app is killed.
            let y = c.y + c.height / 4
            try tmux.send("\u{1B}[<0;\(c.x + 5);\(y)M")
            for x in (c.x + 5)...(c.x + 25) { try tmux.send("\u{1B}[<32;\(x);\(y)M") }
            Thread.sleep(forTimeInterval: 0.7)
            try tmux.send("\u{1B}[<32;\(c.x + 26);\(y + 3)M")
            #expect(kept(in: dir) { $0.count == 2 } != nil, "the stroke in progress was not kept")
            let pid = try #require(try tmux.programPID())
            #expect(kill(pid, SIGKILL) == 0)
            #expect(try tmux.waitFor { $0.contains("EXITED 137") }.ok)
        }
        guard let again = try start(dir) else { return }
        let restored = try again.waitFor { $0.contains("restored your drawing") && EndToEndKeptDrawingTests.canvasDots($0) > 20 }
        #expect(restored.ok, "the drawing was not restored after kill -9:\n\(restored.screen)")
        try again.send("q")
        #expect(try again.waitFor { $0.contains("EXITED 0") }.ok)
    }

    @Test(.enabled(if: canRun, skipReason))
    func openShowsASavedDrawing() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A square and a diagonal, as `s` would save them.
        let square: [[SIMD2<Float>]] = [[SIMD2(60, 60), SIMD2(160, 60), SIMD2(160, 160), SIMD2(60, 160), SIMD2(60, 60)],
                                        [SIMD2(60, 60), SIMD2(160, 160)]]
        let file = dir.appendingPathComponent("square.json")
        try StrokeDrawing(polylines: square, units: .screen, pixelFactor: 1, penLifted: true, model: "sheep").encoded().write(to: file)
        guard let tmux = try start(dir, arguments: "--open '\(file.path)'") else { return }
        let shown = try tmux.waitFor { $0.contains("opened") && EndToEndKeptDrawingTests.canvasDots($0) > 40 }
        #expect(shown.ok, "--open did not show the drawing:\n\(shown.screen)")
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }

    @Test(.enabled(if: Tmux.executable != nil && EndToEndTests.binary != nil, "needs tmux and a built sketch binary"))
    func openRefusesABadFile() throws {
        let dir = try e2e.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.json")
        try Data("{\"strokes\": 3".utf8).write(to: file)
        let binary = try #require(EndToEndTests.binary)
        guard let tmux = try Tmux(columns: 120, rows: 40, command: "'\(binary)' --open '\(file.path)'") else { return }
        let refused = try tmux.waitFor { $0.contains("EXITED") }
        #expect(refused.ok && refused.screen.contains("bad.json") && !refused.screen.contains("EXITED 0"), "\(refused.screen)")
    }
}
