import CNcursesw
import Foundation

/// Runs the app full-screen: sets the terminal up, loops reading input and the worker's results,
/// redraws, and restores the terminal on every way out (q, Ctrl-C, SIGTERM/SIGHUP, errors).
package enum TerminalApp {
    /// Redraws caused only by the model's progress are spaced at least this far apart, so drawing
    /// the screen does not take the CPU from the model.
    static let resultFrameInterval: UInt64 = 12_000_000
    /// How long a lone ESC waits for the rest of an escape sequence.
    static let escapeTimeout: Int32 = 25
    /// How long a burst of input is read before a frame shows it.
    static let burstWindow: UInt64 = 30_000_000
    /// Frames while the drawing pace reveals endings.
    static let paceFrameInterval: UInt64 = 33_000_000

    package static func run(_ controller: AppController) throws {
        let screen = try CursesScreen()
        defer {
            screen.restore()
            controller.shutdown()
        }
        StopSignal.install()
        controller.unicode = controller.unicode && screen.unicode
        var size = CursesScreen.terminalSize() ?? TerminalSize(columns: Int(COLS), rows: Int(LINES))
        controller.resize(to: size)
        // Below the minimum size the app is hidden behind a notice: only the quit keys act.
        var fits = Layout(size: size, panels: 1) != nil

        var parser = InputParser()
        // Pixel mouse reports (mode 1016) where the terminal has them: ask, and turn them on once
        // both answers are in (see PixelMouse).
        var pixelMouse = PixelMouse()
        func windowPixelsChanged() {
            let pixels = CursesScreen.windowPixels()
            if let reply = pixelMouse.window(columns: size.columns, rows: size.rows, pixelWidth: pixels.width, pixelHeight: pixels.height) {
                CursesScreen.writeRaw(reply)
            }
            parser.pixelCell = pixelMouse.parserCell
        }
        CursesScreen.writeRaw(PixelMouse.query)
        windowPixelsChanged()
        var buffer = [UInt8](repeating: 0, count: 4096)
        // `urgent`: input or the first points of new endings, shown at once; `dirty`: the model's
        // progress, shown at most every `resultFrameInterval`.
        var urgent = true, dirty = false
        var lastFrame: UInt64 = 0
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: controller.wakeFD, events: Int16(POLLIN), revents: 0)]

        while !controller.wantsToQuit && !StopSignal.received {
            let now = DebugTiming.now()
            let revealing = controller.isRevealing(at: now)
            if revealing, now &- lastFrame >= paceFrameInterval { dirty = true }
            if urgent || (dirty && now &- lastFrame >= resultFrameInterval) {
                screen.show(controller.render())
                lastFrame = DebugTiming.now()
                controller.frameShown(at: lastFrame)
                urgent = false
                dirty = false
            }
            // Wait for input, results, the next throttled request, the next frame or the end of an
            // escape sequence.
            var timeout: Int32 = 250
            if parser.hasPendingBytes { timeout = escapeTimeout }
            if revealing { timeout = min(timeout, Int32(paceFrameInterval / 1_000_000)) }
            switch controller.tick() {
            case .sent: urgent = true; timeout = 0
            case .due(let wait): timeout = min(timeout, Int32(wait / 1_000_000) + 1)
            case .idle: break
            }
            if dirty {
                let since = DebugTiming.now() &- lastFrame
                timeout = min(timeout, Int32((resultFrameInterval - min(resultFrameInterval, since)) / 1_000_000))
            }
            for i in fds.indices { fds[i].revents = 0 }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { throw TerminalAppError.terminalSetupFailed("poll failed (errno \(errno))") }

            if fds[0].revents & Int16(POLLIN) != 0 {
                // A burst of input (held keys, a fast drag, keys pasted without bracketing) is
                // read and acted on whole before the next frame, up to `burstWindow`: one frame
                // for the burst rather than one per read.
                let burstStart = DebugTiming.now()
                var gone = false
                repeat {
                    let n = read(0, &buffer, buffer.count)
                    if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) { gone = true; break }  // the terminal went away
                    guard n > 0 else { break }
                    let time = DebugTiming.now()
                    for event in parser.feed(buffer[0..<n]) {
                        if case .report(let report) = event {
                            if let reply = pixelMouse.receive(report) { CursesScreen.writeRaw(reply) }
                            parser.pixelCell = pixelMouse.parserCell
                            continue
                        }
                        guard fits || InputParser.actsWhileTooSmall(event) else { continue }
                        controller.handle(event, at: time)
                    }
                    urgent = true
                } while DebugTiming.now() &- burstStart < burstWindow && CursesScreen.inputReady()
                if gone { break }
            } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                break
            } else if ready == 0 && parser.hasPendingBytes {
                for event in parser.flush() where fits || InputParser.actsWhileTooSmall(event) { controller.handle(event) }
                urgent = true
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                switch controller.receiveResults() {
                case .none: break
                case .progress: dirty = true
                case .firstPoints: urgent = true
                }
            }
            if let newSize = CursesScreen.terminalSize(), newSize != size {
                size = newSize
                screen.resize(to: size)
                controller.resize(to: size)
                windowPixelsChanged()
                if pixelMouse.enabled { CursesScreen.writeRaw("\u{1B}[16t") }  // the font may have changed
                fits = Layout(size: size, panels: 1) != nil
                urgent = true
            }
        }
    }
}

/// SIGTERM, SIGHUP, SIGINT (a `kill -INT`: Ctrl-C itself is a key in raw mode) and SIGQUIT end the
/// loop, so the terminal is restored and the drawing written on the way out.
enum StopSignal {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0
    static var received: Bool { flag != 0 }

    static func install() {
        for s in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal(s) { _ in StopSignal.flag = 1 }
        }
        signal(SIGXFSZ, SIG_IGN)
        // A parent may have left these blocked (test runners do); the app relies on them.
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH] { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
