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
    /// The server's socket, in a folder of its own that goes when the test is done.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-e2e-tmux-\(UUID().uuidString.prefix(8))")
    var socket: String { folder.appendingPathComponent("socket").path }
    /// `XDG_STATE_HOME` for the programs this server runs.
    var stateFolder: URL { folder.appendingPathComponent("state") }
    let target = "app"

    /// Starts `command` (a shell command line) in a detached session of `columns` x `rows`.
    /// The pane stays after the program exits so its exit status can be read.
    init?(columns: Int, rows: Int, command: String) throws {
        guard let tmux = Tmux.executable else { return nil }
        self.tmux = tmux
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shell = "\(command); echo \"EXITED $?\"; sleep 120"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)", shell])
        try run(["set-option", "-t", target, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs tmux with `arguments` on this test's server and returns what it printed
    /// (`CleanSpawn`: a clean signal mask, so the server and the app under it get their signals).
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "TMUX")
        // The app keeps its drawing in the XDG state folder: each test server has its own.
        environment["XDG_STATE_HOME"] = stateFolder.path
        return try CleanSpawn.run([tmux, "-S", socket] + arguments, environment: environment).output
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

    /// The process id of the program the pane's shell runs (its first child).
    func programPID() throws -> pid_t? {
        guard let shell = Int32(try format("#{pane_pid}")) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// A left-button click (press and release) on a cell (0-based).
    func click(x: Int, y: Int) throws {
        try send("\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m")
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
