import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// Runs the real `sketch` binary under tmux: draws with SGR mouse reports, reads the screen, and
/// checks the stroke, the endings, the temperature keys, the latent grid, saving and quitting.
@Suite(.serialized) struct EndToEndTests {
    static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Tests/SketchTerminalTests/App/x.swift
        return url
    }()

    /// The release binary when built (`make test` builds it), else the debug one.
    static var binary: String? {
        for config in ["release", "debug"] {
            let path = projectRoot.appendingPathComponent(".build/\(config)/sketch").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// A checkpoint this project ships (`checkpoints/NAME.safetensors`): the tests run in a fresh clone.
    static func shipped(_ name: String) -> String? {
        let path = projectRoot.appendingPathComponent("checkpoints/\(name).safetensors").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static var canRun: Bool { Tmux.executable != nil && binary != nil && shipped("sheep") != nil }
    static let skipReason: Comment = "needs tmux, a built sketch binary and checkpoints/sheep.safetensors"

    /// Braille cells (the drawing) inside a rectangle of the captured screen.
    static func brailleCount(_ screen: String, x: Range<Int>, y: Range<Int>) -> Int {
        let lines = screen.components(separatedBy: "\n")
        var n = 0
        for row in y where row < lines.count {
            let chars = Array(lines[row])
            for col in x where col < chars.count {
                if let v = chars[col].unicodeScalars.first?.value, v > 0x2800, v <= 0x28FF { n += 1 }
            }
        }
        return n
    }

    /// A panel shows an ending, or says that the model stopped at once ("stops here").
    static func panelAnswered(_ screen: String, box: Rect) -> Bool {
        let inner = box.inset(by: 1)
        if brailleCount(screen, x: inner.x..<inner.maxX, y: inner.y..<inner.maxY) > 5 { return true }
        let lines = screen.components(separatedBy: "\n")
        return (inner.y..<inner.maxY).contains { y in
            y < lines.count && String(Array(lines[y]).dropFirst(inner.x).prefix(inner.width)).contains("stops here")
        }
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Drags an L-shaped stroke across the canvas (aimed with the layout the app computes), then
    /// expects the stroke on the canvas and an ending in every panel; returns the dragged cells.
    @discardableResult
    func drawStrokeAndExpectEndings(_ tmux: Tmux, columns: Int, rows: Int) throws -> [(x: Int, y: Int)] {
        let layout = try #require(Layout(size: TerminalSize(columns: columns, rows: rows), panels: 6))
        let c = layout.canvas
        let y = c.y + c.height / 2
        var path: [(x: Int, y: Int)] = []
        for x in (c.x + 3)...(c.x + c.width / 2) { path.append((x, y)) }
        for dy in 1...(c.height / 3) { path.append((c.x + c.width / 2, y - dy)) }
        try tmux.drag(path)

        let stroke = try tmux.waitFor {
            EndToEndTests.brailleCount($0, x: c.x..<c.maxX, y: c.y..<c.maxY) >= path.count / 2
        }
        #expect(stroke.ok, "the stroke did not appear on the canvas:\n\(stroke.screen)")
        let endings = try tmux.waitFor(timeout: 10) { screen in
            layout.panelBoxes.allSatisfy { EndToEndTests.panelAnswered(screen, box: $0) }
        }
        #expect(endings.ok, "not every panel shows an ending:\n\(endings.screen)")
        return path
    }

    /// What a user of a fresh clone sees first: `sketch` with no flags, from any folder, opens on the
    /// shipped sheep checkpoint and completes a drawing with it. Needs no ../shared.
    @Test(.enabled(if: EndToEndTests.canRun, EndToEndTests.skipReason))
    func opensOnTheShippedCheckpointWithNoFlags() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = try #require(EndToEndTests.binary)
        guard let tmux = try Tmux(columns: 120, rows: 40,
                                  command: "cd '\(dir.path)' && TERM=xterm-256color LANG=C.UTF-8 '\(binary)'") else { return }
        let started = try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") && $0.contains("sheep") && $0.contains("decoder") }
        #expect(started.ok, "the app did not open on the shipped sheep checkpoint:\n\(started.screen)")
        try drawStrokeAndExpectEndings(tmux, columns: 120, rows: 40)
        try tmux.send("q")
        let exited = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(exited.ok, "q did not exit cleanly:\n\(exited.screen)")
    }

    @Test(.enabled(if: EndToEndTests.canRun, EndToEndTests.skipReason), arguments: [(120, 40), (80, 24)])
    func drawSeeEndingsChangeTemperatureSaveAndQuit(columns: Int, rows: Int) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = try #require(EndToEndTests.binary), model = try #require(EndToEndTests.shipped("sheep"))
        guard let tmux = try Tmux(columns: columns, rows: rows,
                                  command: "cd '\(dir.path)' && TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model '\(model)'") else { return }
        let started = try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") && $0.contains("sheep") }
        #expect(started.ok, "the app did not start:\n\(started.screen)")

        let path = try drawStrokeAndExpectEndings(tmux, columns: columns, rows: rows)

        try tmux.send("]]")
        #expect(try tmux.waitFor { $0.contains("temperature 0.60") }.ok)
        try tmux.send("t")
        #expect(try tmux.waitFor { $0.contains("temperature 0.75") }.ok)
        try tmux.send("[")
        #expect(try tmux.waitFor { $0.contains("temperature 0.70") }.ok)

        try tmux.send("s")
        let saved = try tmux.waitFor { $0.contains("saved ") }
        #expect(saved.ok, "no saved message:\n\(saved.screen)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let svgName = try #require(files.first { $0.hasSuffix(".svg") })
        let svg = try String(contentsOf: dir.appendingPathComponent(svgName), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("<polyline"))
        let jsonName = try #require(files.first { $0.hasSuffix(".json") })
        let json = try JSONDecoder().decode(StrokeDrawing.self, from: Data(contentsOf: dir.appendingPathComponent(jsonName)))
        #expect(json.strokes.count == 1 && json.strokes[0].count >= path.count / 2)

        try tmux.send("?")
        #expect(try tmux.waitFor { $0.contains("take that ending") }.ok)
        try tmux.send(" ")
        try tmux.send("q")
        let exited = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(exited.ok, "q did not exit cleanly:\n\(exited.screen)")
        // Back on the normal screen, with mouse reporting off.
        #expect(try tmux.format("#{alternate_on}") == "0")
        #expect(try tmux.format("#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag}") == "000")
    }

    @Test(.enabled(if: EndToEndTests.canRun && EndToEndTests.shipped("sheep-vae") != nil,
                   "needs tmux, a built binary and checkpoints/sheep-vae.safetensors"))
    func latentGridOpensWithAVAE() throws {
        let binary = try #require(EndToEndTests.binary)
        let vae = try #require(EndToEndTests.shipped("sheep-vae"))
        let gen = try #require(EndToEndTests.shipped("sheep"))
        // A small terminal keeps the grid small (5 x 3 cells), so it decodes quickly.
        guard let tmux = try Tmux(columns: 60, rows: 20,
                                  command: "TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model '\(gen)' --model '\(vae)'") else { return }
        #expect(try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") && $0.contains("sheep") }.ok)
        try tmux.send("g")
        #expect(try tmux.waitFor { $0.contains("need a VAE") }.ok)
        try tmux.send("m")
        #expect(try tmux.waitFor(timeout: 15) { $0.contains("sheep-vae") && !$0.contains("loading") }.ok)
        try tmux.send("g")
        let grid = try tmux.waitFor(timeout: 25) { screen in
            screen.contains("grid:") && !screen.contains("drawing…")
                && EndToEndTests.brailleCount(screen, x: 0..<60, y: 1..<19) > 20
        }
        #expect(grid.ok, "the latent grid did not fill:\n\(grid.screen)")
        // Right, left, Enter: takes the top-left corner, a drawing by construction.
        try tmux.send("\u{1B}[C\u{1B}[D\r")
        #expect(try tmux.waitFor { $0.contains("your drawing") }.ok)
        try tmux.send("\u{3}")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }
}
