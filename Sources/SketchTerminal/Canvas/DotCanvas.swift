/// A raster of square dots, 2 × 4 per terminal cell (a cell is about twice as tall as it is wide,
/// so these dots are square on screen). Lines are drawn into it, then it is turned into Braille
/// characters (U+2800 block) or, where the terminal cannot show them, ASCII.
package struct DotCanvas: Sendable {
    package let columns: Int
    package let rows: Int
    package var dotWidth: Int { columns * 2 }
    package var dotHeight: Int { rows * 4 }

    /// Braille dot bits per cell; the style of the last line drawn through each cell.
    private var bits: [UInt8]
    private var styles: [CellStyle?]

    package init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        styles = Array(repeating: nil, count: self.columns * self.rows)
    }

    /// Braille bit for the dot at (column 0–1, row 0–3) inside a cell (dots 1–8 of the pattern).
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    package mutating func setDot(x: Int, y: Int, style: CellStyle) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= DotCanvas.dotBits[x % 2][y % 4]
        styles[cell] = style
    }

    package func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y / 4) * columns + x / 2] & DotCanvas.dotBits[x % 2][y % 4] != 0
    }

    /// A straight line between two dot positions (Bresenham on the rounded ends); parts outside
    /// the canvas are clipped.
    package mutating func line(from a: SIMD2<Float>, to b: SIMD2<Float>, style: CellStyle) {
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
        // Far-off points (a wild sample) would make the loop long: clamp to a margin around the canvas.
        let limit = Float(max(dotWidth, dotHeight) * 4 + 16)
        var x0 = Int(max(-limit, min(limit, a.x)).rounded()), y0 = Int(max(-limit, min(limit, a.y)).rounded())
        let x1 = Int(max(-limit, min(limit, b.x)).rounded()), y1 = Int(max(-limit, min(limit, b.y)).rounded())
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            setDot(x: x0, y: y0, style: style)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    /// Draws a polyline (a single point draws one dot).
    package mutating func polyline(_ points: [SIMD2<Float>], style: CellStyle) {
        guard let first = points.first else { return }
        if points.count == 1 { line(from: first, to: first, style: style); return }
        for i in 1..<points.count { line(from: points[i - 1], to: points[i], style: style) }
    }

    /// The character and style of one cell; nil when no dot is set there.
    package func cell(column: Int, row: Int, unicode: Bool) -> ScreenCell? {
        let index = row * columns + column
        let pattern = bits[index]
        guard pattern != 0 else { return nil }
        let character = unicode ? DotCanvas.braille(pattern) : DotCanvas.ascii(pattern)
        return ScreenCell(character, style: styles[index] ?? .plain)
    }

    static func braille(_ pattern: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(pattern))!)
    }

    /// An ASCII character whose shape roughly follows where the dots sit in the cell.
    static func ascii(_ pattern: UInt8) -> Character {
        let top = pattern & 0x09 != 0           // dot row 0
        let upper = pattern & 0x12 != 0         // dot row 1
        let lower = pattern & 0x24 != 0         // dot row 2
        let bottom = pattern & 0xC0 != 0        // dot row 3
        let left = pattern & 0x47 != 0, right = pattern & 0xB8 != 0
        let rowsSet = [top, upper, lower, bottom].filter { $0 }.count
        if rowsSet >= 3 { return left && right && rowsSet == 4 && (pattern == 0xFF) ? "#" : "|" }
        if rowsSet == 2 && !(top && bottom) && left && right { return upper && lower ? "-" : (top ? "\"" : "_") }
        if top || upper { return lower || bottom ? ":" : "'" }
        return "."
    }

    /// Copies the drawn cells onto `screen` with the canvas's top-left at `origin`; empty cells
    /// are left as they are.
    package func draw(on screen: inout ScreenBuffer, at origin: (x: Int, y: Int), unicode: Bool) {
        for row in 0..<rows {
            for column in 0..<columns {
                if let cell = cell(column: column, row: row, unicode: unicode) {
                    screen[origin.x + column, origin.y + row] = cell
                }
            }
        }
    }
}
