import CNcursesw
import Foundation

/// Runs the app full-screen: sets the terminal up, loops reading input and the worker's results,
/// redraws, and restores the terminal on every way out (q, Ctrl-C, SIGTERM/SIGHUP, errors).
public enum TerminalApp {
    /// Redraws caused only by the model's progress are spaced at least this far apart, so drawing
    /// the screen does not take the CPU from the model.
    static let resultFrameInterval: UInt64 = 12_000_000
    /// How long a lone ESC waits for the rest of an escape sequence.
    static let escapeTimeout: Int32 = 25

    public static func run(_ controller: AppController) throws {
        let screen = try CursesScreen()
        defer { screen.restore() }
        StopSignal.install()
        controller.unicode = controller.unicode && screen.unicode
        var size = CursesScreen.terminalSize() ?? TerminalSize(columns: Int(COLS), rows: Int(LINES))
        controller.resize(to: size)

        var parser = InputParser()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var dirty = true, resultsWaiting = false
        var lastFrame: UInt64 = 0
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: controller.wakeFD, events: Int16(POLLIN), revents: 0)]

        while !controller.wantsToQuit && !StopSignal.received {
            let now = DebugTiming.now()
            if resultsWaiting, now &- lastFrame >= resultFrameInterval {
                resultsWaiting = false
                if controller.receiveResults() { dirty = true }
            }
            if dirty {
                screen.show(controller.render())
                lastFrame = DebugTiming.now()
                controller.frameShown(at: lastFrame)
                dirty = false
            }
            // Wait for input, results, the next throttled request or the end of an escape sequence.
            var timeout: Int32 = 250
            if parser.hasPendingBytes { timeout = escapeTimeout }
            switch controller.tick() {
            case .sent: dirty = true; timeout = 0
            case .due(let wait): timeout = min(timeout, Int32(wait / 1_000_000) + 1)
            case .idle: break
            }
            if resultsWaiting {
                timeout = min(timeout, Int32((resultFrameInterval - min(resultFrameInterval, DebugTiming.now() &- lastFrame)) / 1_000_000) + 1)
            }
            for i in fds.indices { fds[i].revents = 0 }
            let ready = poll(&fds, nfds_t(resultsWaiting ? 1 : 2), timeout)
            if ready < 0 && errno != EINTR { throw TerminalAppError.terminalSetupFailed("poll failed (errno \(errno))") }

            if fds[0].revents & Int16(POLLIN) != 0 {
                let n = read(0, &buffer, buffer.count)
                if n == 0 { break }  // the terminal went away
                if n > 0 {
                    let time = DebugTiming.now()
                    for event in parser.feed(buffer[0..<n]) { controller.handle(event, at: time) }
                    dirty = true
                }
            } else if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                break
            } else if ready == 0 && parser.hasPendingBytes {
                for event in parser.flush() { controller.handle(event) }
                dirty = true
            }
            if !resultsWaiting, fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
                resultsWaiting = true
            }
            if let newSize = CursesScreen.terminalSize(), newSize != size {
                size = newSize
                screen.resize(to: size)
                controller.resize(to: size)
                dirty = true
            }
        }
    }
}

/// SIGTERM and SIGHUP end the loop so the terminal is restored on the way out.
enum StopSignal {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0
    static var received: Bool { flag != 0 }

    static func install() {
        for s in [SIGTERM, SIGHUP] {
            signal(s) { _ in StopSignal.flag = 1 }
        }
    }
}
