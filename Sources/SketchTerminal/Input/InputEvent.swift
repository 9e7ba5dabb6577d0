/// A key, after escape sequences are decoded.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case enter, tab, backTab, backspace, escape
    case controlC
    case control(UInt8)  // other control bytes, as their letter's code (Ctrl-A = 1)
}

/// A mouse report (SGR 1006), in 0-based cell coordinates.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case press, drag, release, move, wheelUp, wheelDown
    }
    public var kind: Kind
    /// 0 left, 1 middle, 2 right.
    public var button: Int
    public var x: Int
    public var y: Int

    public init(kind: Kind, button: Int = 0, x: Int, y: Int) {
        self.kind = kind
        self.button = button
        self.x = x
        self.y = y
    }
}

public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
}
