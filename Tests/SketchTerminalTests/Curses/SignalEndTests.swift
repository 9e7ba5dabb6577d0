import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// Issue 28: SIGINT mid-stroke exited with mouse reporting on and the stroke's last points lost;
/// SIGQUIT left the alternate screen on behind the backtrace prompt; a file-size limit killed the
/// app (SIGXFSZ) in mouse mode, and after a failed write `q` said nothing. The real binary under
/// tmux, as TerminalRestoreTests.
@Suite(.serialized) struct SignalEndTests {
    static var canRun: Bool { Tmux.executable != nil && EndToEndTests.binary != nil && EndToEndTests.shipped("sheep") != nil }
    static let modes = "#{alternate_on} #{mouse_sgr_flag} #{mouse_button_flag} #{cursor_flag}"

    func start(_ dir: URL, prefix: String = "") throws -> (Tmux, pid_t)? {
        let binary = try #require(EndToEndTests.binary)
        let pidFile = dir.appendingPathComponent("pid")
        let command = "sh -c 'echo $$ > \"\(pidFile.path)\"; TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no exec "
            + "\(prefix) \"\(binary)\" --model sheep --save-dir \"\(dir.path)\"'"
        guard let tmux = try Tmux(columns: 100, rows: 30, command: command) else { return nil }
        let started = try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") }
        #expect(started.ok, "the app did not start:\n\(started.screen)")
        let pid = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        return (tmux, pid)
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A stroke of `count` points still being drawn (the button never released).
    func drawUnfinishedStroke(_ tmux: Tmux, count: Int) throws {
        let c = try #require(Layout(size: TerminalSize(columns: 100, rows: 30), panels: 6)?.canvas)
        let y = c.y + c.height / 2
        try tmux.send("\u{1B}[<0;\(c.x + 3);\(y)M")
        for i in 1..<count { try tmux.send("\u{1B}[<32;\(c.x + 3 + i);\(y + i % 3)M") }
    }

    @Test(.enabled(if: canRun, "needs tmux, a built sketch binary and checkpoints/sheep.safetensors"), arguments: [SIGINT, SIGQUIT])
    func aSignalEndsTheAppAsSIGTERMDoesKeepingTheStroke(signal: Int32) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let (tmux, pid) = try start(dir) else { return }
        try drawUnfinishedStroke(tmux, count: 15)
        Thread.sleep(forTimeInterval: 0.3)
        kill(pid, signal)
        let exited = try tmux.waitFor(timeout: 20) { $0.contains("EXITED") }
        #expect(exited.ok && exited.screen.contains("EXITED 0"), "\(exited.screen)")
        #expect(try tmux.format(Self.modes) == "0 0 0 1", "\(exited.screen)")
        let kept = try PrefixDrawing.read(from: DrawingStateFile(folder: dir).url)
        #expect(kept.polylines.map(\.count) == [15], "\(kept.polylines)")
    }

    @Test(.enabled(if: canRun && PrlimitTool.path != nil, "needs tmux, prlimit, a built sketch binary and checkpoints/sheep.safetensors"))
    func aFileSizeLimitIsAWriteErrorSaidOnQuitting() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 40 bytes: too small for any drawing, so every write of the state file fails.
        guard let (tmux, _) = try start(dir, prefix: "\(PrlimitTool.path!) --fsize=40") else { return }
        try drawUnfinishedStroke(tmux, count: 6)
        try tmux.send("\u{1B}[<0;20;15m")
        let warned = try tmux.waitFor { $0.contains("not being kept") }
        #expect(warned.ok, "\(warned.screen)")
        try tmux.send("q")
        let exited = try tmux.waitFor(timeout: 20) { $0.contains("EXITED") }
        #expect(exited.ok && exited.screen.contains("EXITED 1") && exited.screen.contains("the newest strokes were not kept"), "\(exited.screen)")
        #expect(try tmux.format(Self.modes) == "0 0 0 1", "\(exited.screen)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".partial") }
        #expect(left.isEmpty, "\(left)")
    }
}

enum PrlimitTool {
    static var path: String? { ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) } }
}
