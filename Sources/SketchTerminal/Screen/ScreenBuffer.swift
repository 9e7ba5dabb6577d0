/// How a screen cell is drawn. The curses layer maps each style to a colour pair (or to plain
/// attributes on a terminal without colours).
package enum CellStyle: Hashable, Sendable {
    case plain
    case dim
    case border
    case title
    case status
    case user
    case ending
    case cursor
    case selected
    case warning
    /// A colour given as RGB components 0–255 (latent grid cells); drawn as the nearest
    /// colour the terminal has.
    case rgb(UInt8, UInt8, UInt8)
}

package struct ScreenCell: Equatable, Sendable {
    package var character: Character
    package var style: CellStyle

    package init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }
}

/// What the screen should show, cell by cell: the whole app renders into this, and the curses
/// layer copies it to the terminal. Tests read it as text.
package struct ScreenBuffer: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package private(set) var cells: [ScreenCell]

    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: ScreenCell(), count: self.width * self.height)
    }

    package subscript(x: Int, y: Int) -> ScreenCell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    package func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y), clipped to the screen and to `maxWidth` characters.
    package mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        var column = x
        for character in text {
            if column >= limit { break }
            if column >= 0 { cells[y * width + column] = ScreenCell(character, style: style) }
            column += 1
        }
    }

    package mutating func fill(_ rect: Rect, with cell: ScreenCell = ScreenCell()) {
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) { self[x, y] = cell }
        }
    }

    /// A box drawn on the edge of `rect`, with an optional title in its top edge; `heavy` draws it
    /// with thick lines (`#` and `=` in ASCII), to mark a selection.
    package mutating func box(_ rect: Rect, title: String? = nil, style: CellStyle = .border, heavy: Bool = false, unicode: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (h, v, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            switch (unicode, heavy) {
            case (true, false): ("─", "│", "┌", "┐", "└", "┘")
            case (true, true): ("━", "┃", "┏", "┓", "┗", "┛")
            case (false, false): ("-", "|", "+", "+", "+", "+")
            case (false, true): ("=", "#", "#", "#", "#", "#")
            }
        let right = rect.x + rect.width - 1, bottom = rect.y + rect.height - 1
        for x in rect.x...right {
            self[x, rect.y] = ScreenCell(h, style: style)
            self[x, bottom] = ScreenCell(h, style: style)
        }
        for y in rect.y...bottom {
            self[rect.x, y] = ScreenCell(v, style: style)
            self[right, y] = ScreenCell(v, style: style)
        }
        self[rect.x, rect.y] = ScreenCell(tl, style: style)
        self[right, rect.y] = ScreenCell(tr, style: style)
        self[rect.x, bottom] = ScreenCell(bl, style: style)
        self[right, bottom] = ScreenCell(br, style: style)
        if let title, rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, style: .title, maxWidth: rect.width - 2)
        }
    }

    /// One row as text (for tests and screen dumps).
    package func row(_ y: Int) -> String {
        String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }

    package var text: String { (0..<height).map(row).joined(separator: "\n") }
}
