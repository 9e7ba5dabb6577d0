import Foundation

/// A private tmux server running one program in a pane of a fixed size, for the end-to-end test:
/// send keys (or raw escape sequences) and read the screen back.
final class Tmux {
    static var executable: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    let tmux: String
    let socket = "sketch-e2e-\(UUID().uuidString.prefix(8))"
    let target = "app"

    /// Starts `command` (a shell command line) in a detached session of `columns` x `rows`.
    /// The pane stays after the program exits so its exit status can be read.
    init?(columns: Int, rows: Int, command: String) throws {
        guard let tmux = Tmux.executable else { return nil }
        self.tmux = tmux
        let shell = "\(command); echo \"EXITED $?\"; sleep 120"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)", shell])
        try run(["set-option", "-t", target, "remain-on-exit", "on"])
    }

    deinit { _ = try? run(["kill-server"]) }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmux)
        process.arguments = ["-L", socket] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "TMUX")
        process.environment = environment
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Types `text` literally (escape sequences included).
    func send(_ text: String) throws { try run(["send-keys", "-t", target, "-l", text]) }

    func screen() throws -> String { try run(["capture-pane", "-p", "-t", target]) }

    func format(_ f: String) throws -> String {
        try run(["display-message", "-p", "-t", target, f]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `condition` holds or `timeout` seconds pass; returns the last screen.
    @discardableResult
    func waitFor(timeout: Double = 10, _ condition: (String) -> Bool) throws -> (ok: Bool, screen: String) {
        let end = Date().addingTimeInterval(timeout)
        var text = try screen()
        while !condition(text) {
            if Date() > end { return (false, text) }
            Thread.sleep(forTimeInterval: 0.05)
            text = try screen()
        }
        return (true, text)
    }

    /// An SGR mouse drag with the left button along `points` (0-based cells).
    func drag(_ points: [(x: Int, y: Int)]) throws {
        guard let first = points.first, let last = points.last else { return }
        var text = "\u{1B}[<0;\(first.x + 1);\(first.y + 1)M"
        for p in points.dropFirst() { text += "\u{1B}[<32;\(p.x + 1);\(p.y + 1)M" }
        text += "\u{1B}[<0;\(last.x + 1);\(last.y + 1)m"
        try send(text)
    }
}
