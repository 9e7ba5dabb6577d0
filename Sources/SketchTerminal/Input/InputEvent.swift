/// A key, after escape sequences are decoded.
package enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    /// The numeric keypad's corners (Num Lock off): diagonals when drawing with keys.
    case home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, escape
    case controlC
    case control(UInt8)  // other control bytes, as their letter's code (Ctrl-A = 1)
}

/// A mouse report (SGR 1006, or SGR pixels 1016), in 0-based cell coordinates.
package struct MouseEvent: Equatable, Sendable {
    package enum Kind: Equatable, Sendable {
        case press, drag, release, move, wheelUp, wheelDown
    }
    package var kind: Kind
    /// 0 left, 1 middle, 2 right.
    package var button: Int
    package var x: Int
    package var y: Int
    /// Where in the cell, in cells from the screen's top-left corner: the cell's centre
    /// (`x + 0.5`, `y + 0.5`) for cell reports, finer for pixel reports.
    package var position: SIMD2<Float>

    package init(kind: Kind, button: Int = 0, x: Int, y: Int, position: SIMD2<Float>? = nil) {
        self.kind = kind
        self.button = button
        self.x = x
        self.y = y
        self.position = position ?? SIMD2(Float(x) + 0.5, Float(y) + 0.5)
    }
}

/// Answers the terminal sends to the app's queries.
package enum TerminalReport: Equatable, Sendable {
    /// DECRPM, the answer to DECRQM (`CSI ? mode $ p`): 0 not recognised, 1 set, 2 reset,
    /// 3 permanently set, 4 permanently reset.
    case privateMode(Int, setting: Int)
    /// The size of a character cell in pixels (the answer to `CSI 16 t`).
    case cellPixels(width: Int, height: Int)
}

package enum InputEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case report(TerminalReport)
}
