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

    /// Runs tmux with `arguments` on this test's server and returns what it printed.
    ///
    /// It is spawned directly (posix_spawn and waitpid, not Foundation's Process) with a clean
    /// signal mask and default handlers: the test runner blocks signals such as SIGHUP, SIGTERM
    /// and SIGWINCH, and the tmux server (and the app under it) would inherit that. Output goes
    /// through a file, as the server that new-session starts keeps the client's descriptors.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let file = folder.appendingPathComponent("\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "TMUX")
        // The app keeps its drawing in the XDG state folder: each test server has its own.
        environment["XDG_STATE_HOME"] = stateFolder.path
        let argv = ([tmux, "-S", socket] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tmux, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TmuxError(message: "cannot run \(tmux): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    struct TmuxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
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
