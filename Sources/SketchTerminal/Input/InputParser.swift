/// Turns the raw bytes read from the terminal into keys and mouse events. The app reads bytes
/// itself (rather than through curses' key handling) so that SGR mouse reports, with motion while
/// a button is held, arrive intact; everything here is testable without a terminal.
///
/// Pasted text (bracketed paste, which the app turns on) is dropped whole: a paste of `q`, digits
/// or escape sequences must not quit, take endings or fake the mouse.
package struct InputParser: Sendable {
    private var pending: [UInt8] = []
    /// The size of a cell in pixels once the terminal sends SGR pixel mouse reports (mode 1016);
    /// nil while reports are in cells.
    package var pixelCell: CellPixels?

    /// Inside a bracketed paste: bytes are dropped up to its end marker.
    private var pasting = false

    /// Ends a bracketed paste (which `ESC [ 200 ~` starts).
    static let pasteEnd = Array("\u{1B}[201~".utf8)

    package init() {}

    /// True when the bytes so far end inside an escape sequence or a paste (a lone ESC may be the
    /// Escape key: call `flush()` when no more bytes arrive shortly).
    package var hasPendingBytes: Bool { !pending.isEmpty || pasting }

    package mutating func feed<S: Sequence>(_ bytes: S) -> [InputEvent] where S.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var events: [InputEvent] = []
        var i = 0
        while i < pending.count {
            if pasting {
                guard let end = InputParser.find(InputParser.pasteEnd, in: pending, from: i) else {
                    // Keep only what could be the start of the end marker.
                    pending.removeFirst(max(i, pending.count - (InputParser.pasteEnd.count - 1)))
                    return events
                }
                pasting = false
                i = end + InputParser.pasteEnd.count
                continue
            }
            switch InputParser.decode(pending, at: i) {
            case .event(let event, let length):
                if case .mouse(let mouse)? = event, let cell = pixelCell {
                    events.append(.mouse(InputParser.fromPixels(mouse, cell: cell)))
                } else if let event {
                    events.append(event)
                }
                i += length
            case .pasteStarts(let length):
                pasting = true
                i += length
            case .incomplete:
                pending.removeFirst(i)
                return events
            }
        }
        pending.removeAll()
        return events
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count - start >= needle.count else { return nil }
        for i in start...(bytes.count - needle.count) where bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    /// Gives up waiting for the rest of a sequence: a lone ESC becomes the Escape key; anything
    /// longer is the fragment of a sequence that never finished (`ESC [ 1 ; 5`) and is dropped
    /// whole, so its bytes never act as keys. A paste whose end marker has not come is over.
    package mutating func flush() -> [InputEvent] {
        if pasting {
            pasting = false
            pending.removeAll()
            return []
        }
        defer { pending.removeAll() }
        return pending == [0x1B] ? [.key(.escape)] : []
    }

    enum Decoded {
        case event(InputEvent?, length: Int)
        case pasteStarts(length: Int)
        case incomplete
    }

    static func decode(_ bytes: [UInt8], at start: Int) -> Decoded {
        let b = bytes[start]
        switch b {
        case 0x1B:
            return decodeEscape(bytes, at: start)
        case 0x0D, 0x0A:
            return .event(.key(.enter), length: 1)
        case 0x09:
            return .event(.key(.tab), length: 1)
        case 0x7F, 0x08:
            return .event(.key(.backspace), length: 1)
        case 0x03:
            return .event(.key(.controlC), length: 1)
        case 0x00..<0x20:
            return .event(.key(.control(b)), length: 1)
        case 0x20..<0x80:
            return .event(.key(.character(Character(Unicode.Scalar(b)))), length: 1)
        default:
            // UTF-8: decode one scalar; stray bytes are dropped.
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            if length == 1 { return .event(nil, length: 1) }
            guard start + length <= bytes.count else { return .incomplete }
            if let s = String(validating: bytes[start..<(start + length)], as: UTF8.self), let c = s.first {
                return .event(.key(.character(c)), length: length)
            }
            return .event(nil, length: 1)
        }
    }

    static func decodeEscape(_ bytes: [UInt8], at start: Int) -> Decoded {
        guard start + 1 < bytes.count else { return .incomplete }
        let second = bytes[start + 1]
        if second == UInt8(ascii: "O") {  // SS3: application-mode arrows, Home and End
            guard start + 2 < bytes.count else { return .incomplete }
            return .event(arrow(bytes[start + 2]).map { .key($0) }, length: 3)
        }
        guard second == UInt8(ascii: "[") else {
            if second == 0x1B { return .event(.key(.escape), length: 1) }
            // Alt+key: read as the key.
            return .event(nil, length: 1)
        }
        // CSI: parameters and intermediates up to a final byte 0x40–0x7E.
        var j = start + 2
        while j < bytes.count {
            let c = bytes[j]
            if c >= 0x40 && c <= 0x7E { break }
            // Only parameter and intermediate bytes may come before the final one: anything else
            // (an ESC starting the next sequence) means this one was cut off. The fragment is
            // dropped whole and the byte read afresh, so no part of it acts as a key.
            if c < 0x20 || c > 0x3F { return .event(nil, length: j - start) }
            j += 1
            if j - start > 32 { return .event(nil, length: j - start) }  // garbage: skip it
        }
        guard j < bytes.count else { return .incomplete }
        let final = bytes[j]
        let parameters = Array(bytes[(start + 2)..<j])
        let length = j - start + 1
        if parameters.first == UInt8(ascii: "<"), final == UInt8(ascii: "M") || final == UInt8(ascii: "m") {
            return .event(sgrMouse(parameters.dropFirst(), released: final == UInt8(ascii: "m")).map { .mouse($0) }, length: length)
        }
        if final == UInt8(ascii: "~"), parameters == Array("200".utf8) { return .pasteStarts(length: length) }
        if final == UInt8(ascii: "Z") { return .event(.key(.backTab), length: length) }
        if final == UInt8(ascii: "~"), let key = tildeKey(String(decoding: parameters, as: UTF8.self)) {
            return .event(.key(key), length: length)
        }
        if let report = terminalReport(parameters, final: final) { return .event(.report(report), length: length) }
        return .event(arrow(final).map { .key($0) }, length: length)
    }

    static func arrow(_ final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        default: return nil
        }
    }

    /// `CSI n ~` keys (a modifier after `;` ignored): Home, End, Page Up, Page Down.
    static func tildeKey(_ parameters: String) -> Key? {
        switch parameters.split(separator: ";").first.map(String.init) {
        case "1", "7": return .home
        case "4", "8": return .end
        case "5": return .pageUp
        case "6": return .pageDown
        default: return nil
        }
    }

    /// DECRPM (`CSI ? mode ; setting $ y`) and the cell size (`CSI 6 ; height ; width t`).
    static func terminalReport(_ parameters: [UInt8], final: UInt8) -> TerminalReport? {
        let text = String(decoding: parameters, as: UTF8.self)
        if final == UInt8(ascii: "y"), text.hasPrefix("?"), text.hasSuffix("$") {
            let fields = text.dropFirst().dropLast().split(separator: ";").map { Int($0) }
            guard fields.count == 2, let mode = fields[0], let setting = fields[1] else { return nil }
            return .privateMode(mode, setting: setting)
        }
        if final == UInt8(ascii: "t") {
            let fields = text.split(separator: ";").map { Int($0) }
            guard fields.count == 3, fields[0] == 6, let height = fields[1], let width = fields[2], width > 0, height > 0 else { return nil }
            return .cellPixels(width: width, height: height)
        }
        return nil
    }

    /// A pixel report (0-based pixels in `x`, `y`) as cells, keeping where in the cell it fell.
    static func fromPixels(_ mouse: MouseEvent, cell: CellPixels) -> MouseEvent {
        let w = max(1, cell.width), h = max(1, cell.height)
        let position = SIMD2((Float(mouse.x) + 0.5) / Float(w), (Float(mouse.y) + 0.5) / Float(h))
        return MouseEvent(kind: mouse.kind, button: mouse.button, x: mouse.x / w, y: mouse.y / h, position: position)
    }

    /// The largest coordinate or button code a report may carry: terminals are far smaller, and
    /// a bound keeps every sum below from overflowing whatever the bytes say.
    static let maxReportNumber = 100_000

    /// `b;x;y` of an SGR report (1-based cells); bit 32 of b is motion, 64 the wheel, low bits the
    /// button. Reports with numbers that are negative, zero-based or absurd are dropped.
    static func sgrMouse<C: Collection>(_ parameters: C, released: Bool) -> MouseEvent? where C.Element == UInt8 {
        let fields = String(decoding: parameters, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false).map {
            field -> Int? in
            guard !field.isEmpty, field.count <= 6, field.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(field),
                  n <= maxReportNumber else { return nil }
            return n
        }
        guard fields.count == 3, let code = fields[0], let x = fields[1], let y = fields[2], x >= 1, y >= 1 else { return nil }
        let button = code & 3
        let kind: MouseEvent.Kind
        if code & 64 != 0 {
            kind = button == 0 ? .wheelUp : .wheelDown
        } else if released {
            kind = .release
        } else if code & 32 != 0 {
            kind = button == 3 ? .move : .drag
        } else {
            kind = .press
        }
        return MouseEvent(kind: kind, button: button == 3 ? 0 : button, x: x - 1, y: y - 1)
    }

    /// Whether `event` still acts while the terminal is below the app's minimum size: only the
    /// quit keys, so that nothing changes on a screen the user cannot see.
    package static func actsWhileTooSmall(_ event: InputEvent) -> Bool {
        event == .key(.controlC) || event == .key(.character("q"))
    }
}
