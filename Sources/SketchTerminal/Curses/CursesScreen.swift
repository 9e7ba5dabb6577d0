import CNcursesw
import Foundation

/// The only place that talks to curses: sets the terminal up and restores it, copies a
/// `ScreenBuffer` onto the screen, and reports the terminal's size. Input is read as raw bytes
/// (see `TerminalInput`), so curses' own key and mouse decoding is not used.
final class CursesScreen {
    let unicode: Bool
    let colours: Bool
    private var pairs: [CellStyle: Int16] = [:]
    private var nextPair: Int16 = 1
    private var active = false

    // ncurses attribute bits (the A_* macros are not visible to Swift).
    static let attrShift = 8
    static let bold = attr_t(1) << (13 + attrShift)
    static let dim = attr_t(1) << (12 + attrShift)
    static let reverse = attr_t(1) << (10 + attrShift)

    /// Mouse reporting: button events with motion while a button is held (1002), SGR encoding
    /// (1006); and bracketed paste (2004), so that pasted text arrives marked and is dropped.
    static let mouseOn = "\u{1B}[?1002h\u{1B}[?1006h\u{1B}[?2004h"
    static let mouseOff = PixelMouse.disable + "\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1002l"
    /// What a crash writes before anything else: the above off, the cursor shown, the alternate
    /// screen left (xterm's sequences, which every terminal the app supports understands).
    static let crashRestore = mouseOff + "\u{1B}[?25h\u{1B}[?1049l\r\n"

    init() throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalAppError.notATerminal }
        CrashRestore.install(restoring: CursesScreen.crashRestore)
        guard initscr() != nil else {
            CrashRestore.uninstall()
            throw TerminalAppError.terminalSetupFailed("initscr failed (is TERM set?)")
        }
        active = true
        raw()
        noecho()
        nonl()
        keypad(stdscr, false)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            colours = true
        } else {
            colours = false
        }
        CursesScreen.writeRaw(CursesScreen.mouseOn)
    }

    /// Puts the terminal back as it was. Safe to call twice.
    func restore() {
        guard active else { return }
        active = false
        CursesScreen.writeRaw(CursesScreen.mouseOff)
        endwin()
        CrashRestore.uninstall()
    }

    deinit { restore() }

    /// True when standard input has bytes to read at once.
    static func inputReady() -> Bool {
        var fd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0 && fd.revents & Int16(POLLIN) != 0
    }

    static func writeRaw(_ text: String) {
        fflush(stdout)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// The terminal's size now (asks the kernel, so a resize is seen before curses knows of it).
    static func terminalSize() -> TerminalSize? {
        var ws = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return TerminalSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row))
    }

    /// The window's size in pixels, when the terminal tells the kernel (many do not: zero).
    static func windowPixels() -> (width: Int, height: Int) {
        var ws = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &ws) == 0 else { return (0, 0) }
        return (Int(ws.ws_xpixel), Int(ws.ws_ypixel))
    }

    func resize(to size: TerminalSize) {
        resizeterm(Int32(size.rows), Int32(size.columns))
        clear()
    }

    /// Copies `screen` onto the terminal, one run of same-styled cells at a time.
    func show(_ screen: ScreenBuffer) {
        let rows = min(screen.height, Int(LINES)), columns = min(screen.width, Int(COLS))
        var run: [wchar_t] = []
        for y in 0..<rows {
            var x = 0
            while x < columns {
                let style = screen[x, y].style
                run.removeAll(keepingCapacity: true)
                let start = x
                while x < columns, screen[x, y].style == style {
                    // The bottom-right cell would scroll the screen on some terminals: leave it.
                    if y == rows - 1 && x == columns - 1 { break }
                    let scalar = screen[x, y].character.unicodeScalars.first?.value ?? 32
                    run.append(wchar_t(bitPattern: unicode || scalar < 128 ? scalar : 63))
                    x += 1
                }
                if y == rows - 1 && x == columns - 1 && run.isEmpty { x += 1; continue }
                attrset(Int32(bitPattern: UInt32(truncatingIfNeeded: attributes(for: style))))
                _ = mvaddnwstr(Int32(y), Int32(start), run, Int32(run.count))
            }
        }
        attrset(0)
        refresh()
    }

    func attributes(for style: CellStyle) -> attr_t {
        guard colours else {
            switch style {
            case .status, .cursor, .selected: return CursesScreen.reverse
            case .user, .title, .warning: return CursesScreen.bold
            case .border: return CursesScreen.dim
            default: return 0
            }
        }
        let pair = pairNumber(for: style)
        var a = attr_t(pair) << CursesScreen.attrShift
        switch style {
        case .title, .warning, .selected, .user: a |= CursesScreen.bold
        case .cursor, .status: a |= CursesScreen.reverse
        default: break
        }
        return a
    }

    /// The colour pair for a style, made on first use (-1 is the terminal's default colour).
    func pairNumber(for style: CellStyle) -> Int16 {
        if let p = pairs[style] { return p }
        guard Int32(nextPair) < COLOR_PAIRS else { return 0 }
        let many = COLORS >= 256
        let foreground: Int16
        switch style {
        case .plain, .status, .cursor: foreground = -1
        case .dim, .border: foreground = many ? 244 : Int16(COLOR_BLUE)
        case .title: foreground = Int16(COLOR_YELLOW)
        case .user: foreground = many ? 75 : Int16(COLOR_CYAN)
        case .ending: foreground = many ? 203 : Int16(COLOR_RED)
        case .selected: foreground = Int16(COLOR_YELLOW)
        case .warning: foreground = Int16(COLOR_RED)
        case .rgb(let r, let g, let b):
            foreground = many ? CursesScreen.cubeIndex(r, g, b) : CursesScreen.basicColour(r, g, b)
        }
        let p = nextPair
        init_pair(p, foreground, -1)
        pairs[style] = p
        nextPair += 1
        return p
    }

    /// The nearest colour of xterm's 6×6×6 cube.
    static func cubeIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int16 {
        func level(_ v: UInt8) -> Int16 { Int16((Float(v) / 255 * 5).rounded()) }
        return 16 + 36 * level(r) + 6 * level(g) + level(b)
    }

    /// The nearest of the eight basic colours.
    static func basicColour(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int16 {
        Int16((r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0))
    }
}
