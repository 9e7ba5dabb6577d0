import Foundation
import Testing
@testable import SketchTerminal

/// Issue 16: the app killed by a fatal error left the terminal in the alternate screen with mouse
/// reporting on and the cursor hidden. Runs the real binary under tmux, sends it a fatal signal and
/// reads the pane's modes back from tmux.
@Suite(.serialized) struct TerminalRestoreTests {
    static var canRun: Bool { Tmux.executable != nil && EndToEndTests.binary != nil && EndToEndTests.shipped("sheep") != nil }

    func start(_ columns: Int, _ rows: Int, pidFile: URL) throws -> Tmux? {
        let binary = try #require(EndToEndTests.binary)
        // Swift's backtracer would wait for a key on a terminal: tell it not to.
        let command = "sh -c 'echo $$ > \"\(pidFile.path)\"; TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no exec \"\(binary)\"'"
        return try Tmux(columns: columns, rows: rows, command: command)
    }

    @Test(.enabled(if: canRun, "needs tmux, a built sketch binary and checkpoints/sheep.safetensors"),
          arguments: [SIGSEGV, SIGILL, SIGABRT])
    func aFatalSignalRestoresTheTerminalFirst(signal: Int32) throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-pid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        guard let tmux = try start(80, 24, pidFile: pidFile) else { return }
        let started = try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") }
        #expect(started.ok, "the app did not start:\n\(started.screen)")
        let modes = "#{alternate_on} #{mouse_sgr_flag} #{mouse_button_flag} #{cursor_flag}"
        #expect(try tmux.format(modes) == "1 1 1 0")
        let pid = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, signal)
        let exited = try tmux.waitFor(timeout: 20) { $0.contains("EXITED") }
        #expect(exited.ok && !exited.screen.contains("EXITED 0"), "\(exited.screen)")
        // Out of the alternate screen, no mouse reporting, the cursor shown.
        #expect(try tmux.format(modes) == "0 0 0 1", "\(exited.screen)")
    }

    /// Below the minimum size only q and Ctrl-C act: `c` must not clear the hidden drawing.
    @Test(.enabled(if: canRun, "needs tmux, a built sketch binary and checkpoints/sheep.safetensors"))
    func keysDoNothingWhileTheTerminalIsTooSmall() throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-pid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        guard let tmux = try start(100, 30, pidFile: pidFile) else { return }
        #expect(try tmux.waitFor(timeout: 15) { $0.contains("temperature 0.50") }.ok)
        try tmux.send("]")
        #expect(try tmux.waitFor { $0.contains("temperature 0.55") }.ok)
        try tmux.run(["resize-window", "-t", tmux.target, "-x", "30", "-y", "10"])
        #expect(try tmux.waitFor { $0.contains("too small") }.ok)
        try tmux.send("]]]t")
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.run(["resize-window", "-t", tmux.target, "-x", "100", "-y", "30"])
        let back = try tmux.waitFor { $0.contains("temperature") }
        #expect(back.screen.contains("temperature 0.55"), "\(back.screen)")
        try tmux.run(["resize-window", "-t", tmux.target, "-x", "30", "-y", "10"])
        #expect(try tmux.waitFor { $0.contains("too small") }.ok)
        try tmux.send("q")
        #expect(try tmux.waitFor { $0.contains("EXITED 0") }.ok)
    }
}
