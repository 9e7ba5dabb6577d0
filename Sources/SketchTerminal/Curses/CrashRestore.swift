import CNcursesw
import Foundation

/// Puts the terminal back when the app dies of a fatal signal (a trap, a bad access, an abort), so
/// that whatever is printed next — Swift's backtrace, the shell's prompt — lands on a normal screen:
/// out of the alternate screen, mouse reporting and bracketed paste off, cursor shown, the saved
/// terminal modes back. The handler only writes bytes prepared in advance and calls `tcsetattr`
/// (both async-signal-safe), then hands the signal to whoever handled it before.
enum CrashRestore {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    nonisolated(unsafe) private static var bytes: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var byteCount = 0
    nonisolated(unsafe) private static var modes = termios()
    nonisolated(unsafe) private static var haveModes = false
    /// The handlers replaced, by signal number (allocated once, zeroed).
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 64)
        UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: 64 * MemoryLayout<sigaction>.stride)
        return p
    }()
    nonisolated(unsafe) private static var installed = false

    /// Call before curses changes the terminal modes, with the bytes that undo the screen set-up.
    static func install(restoring sequence: String) {
        guard !installed else { return }
        let text = Array(sequence.utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, text.count))
        buffer.initialize(from: text, count: text.count)
        bytes = buffer
        byteCount = text.count
        haveModes = tcgetattr(0, &modes) == 0
        for s in signals {
            var action = previous[0]  // zeroed
            action.__sigaction_handler.sa_sigaction = { signal, info, context in CrashRestore.handle(signal, info, context) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            sigaction(s, &action, previous + Int(s))
        }
        installed = true
    }

    /// Hands the signals back to their previous handlers (the terminal has been restored normally).
    static func uninstall() {
        guard installed else { return }
        for s in signals { sigaction(s, previous + Int(s), nil) }
        installed = false
    }

    private static func handle(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        if let bytes { _ = write(1, bytes, byteCount) }
        if haveModes { tcsetattr(0, TCSANOW, &modes) }
        // Then whoever handled the signal before (Swift's backtracer) prints what it prints, and
        // the process dies of the signal — also when it was sent, not raised by a fault, and the
        // previous handler returns.
        let before = previous[Int(signal)]
        if before.sa_flags & SA_SIGINFO != 0, let handler = before.__sigaction_handler.sa_sigaction {
            handler(signal, info, context)
        }
        var fatal = previous[0]  // zeroed: SIG_DFL
        sigaction(signal, &fatal, nil)
        raise(signal)
    }
}
