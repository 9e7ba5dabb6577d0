import Foundation

/// Runs a program the way the end-to-end tests need: spawned directly (posix_spawn and waitpid,
/// not Foundation's Process) with a clean signal mask and default handlers. The test runner blocks
/// signals such as SIGHUP, SIGTERM and SIGWINCH, and a tmux server (and the app under it) would
/// inherit that. Output goes through a file, as a server that `new-session` starts keeps the
/// client's descriptors.
enum CleanSpawn {
    struct Failed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs `argv` (its first element a path) with `environment`; returns the exit status and
    /// what it printed (standard output and error together).
    static func run(_ argv: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-spawn-\(UUID().uuidString).out")
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
        let args = argv.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (args + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, args, envp)
        guard rc == 0 else { throw Failed(message: "cannot run \(argv[0]): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, (try? String(contentsOf: file, encoding: .utf8)) ?? "")
    }
}
