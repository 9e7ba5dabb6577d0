/// Where everything goes on a terminal of a given size. On a wide terminal (100 columns or more,
/// or at least three columns a row: 80 × 24 is one) the canvas takes the left half and the endings
/// grid the right; on a tall one the grid goes below the canvas. The top row is the title bar and
/// the bottom row the status bar; a message too long for the status bar takes rows just above it,
/// which the body gives up, so it never covers a panel.
package struct Layout: Equatable, Sendable {
    package static let minimumSize = TerminalSize(columns: 40, rows: 14)
    package static let sideBySideColumns = 100
    /// The smallest side, in dots, of a panel's square drawing area that still shows an ending
    /// legibly (14 × 7 cells of Braille): on a small terminal fewer panels are shown rather than
    /// smaller ones.
    package static let readablePanelDots = 28

    package let size: TerminalSize
    package let sideBySide: Bool
    /// The canvas's box (border included); the drawing goes in `canvas`.
    package let canvasBox: Rect
    /// The area the ending panels (or the latent grid) share.
    package let gridArea: Rect
    /// One box per ending panel shown, border included (fewer than asked for when they would not
    /// be readable: `readablePanelDots`).
    package let panelBoxes: [Rect]
    /// Rows just above the status bar given to a long message.
    package let messageRows: Int

    package var canvas: Rect { canvasBox.inset(by: 1) }
    package var titleRow: Int { 0 }
    package var statusRow: Int { size.rows - 1 }

    /// The layout for `size` with up to `panels` ending panels and `messageRows` rows kept for a
    /// message, or nil when the terminal is too small.
    package init?(size: TerminalSize, panels: Int, messageRows: Int = 0) {
        guard size.columns >= Layout.minimumSize.columns, size.rows >= Layout.minimumSize.rows else { return nil }
        self.size = size
        let body = Layout.body(of: size)
        sideBySide = size.columns >= Layout.sideBySideColumns || size.columns >= 3 * size.rows
        // How many panels is decided without the message's rows, so a message never takes one away.
        let full = Layout.areas(of: body, sideBySide: sideBySide)
        let shown = Layout.readablePanels(upTo: max(1, panels), in: full.grid).count
        // A message never takes more than a third of the body.
        self.messageRows = min(max(0, messageRows), body.height / 3)
        var shortened = body
        shortened.height -= self.messageRows
        (canvasBox, gridArea) = Layout.areas(of: shortened, sideBySide: sideBySide)
        panelBoxes = Layout.grid(count: shown, in: gridArea)
        guard canvas.width >= 8, canvas.height >= 3, gridArea.height >= 4,
              panelBoxes.allSatisfy({ $0.width >= 4 && $0.height >= 3 }) else { return nil }
    }

    /// The canvas's box and the panels' area within `body`.
    static func areas(of body: Rect, sideBySide: Bool) -> (canvas: Rect, grid: Rect) {
        if sideBySide {
            let half = body.width / 2
            return (Rect(x: body.x, y: body.y, width: half, height: body.height),
                    Rect(x: body.x + half, y: body.y, width: body.width - half, height: body.height))
        }
        // The canvas keeps a little more than half the height: it is where the user works.
        let canvasHeight = max(6, (body.height * 11 + 10) / 20)
        return (Rect(x: body.x, y: body.y, width: body.width, height: canvasHeight),
                Rect(x: body.x, y: body.y + canvasHeight, width: body.width, height: body.height - canvasHeight))
    }

    /// The most panels, up to `count`, that `area` holds at a readable size (at least one).
    static func readablePanels(upTo count: Int, in area: Rect) -> [Rect] {
        for n in stride(from: count, to: 1, by: -1) {
            let boxes = grid(count: n, in: area)
            if let box = boxes.first, min((box.width - 2) * 2, (box.height - 2) * 4) >= readablePanelDots { return boxes }
        }
        return grid(count: 1, in: area)
    }

    /// Splits `area` into `count` boxes in the arrangement (columns × rows) whose boxes have the
    /// largest square drawing area (in dots, 2 × 4 per cell, borders taken off).
    package static func grid(count: Int, in area: Rect) -> [Rect] {
        guard count > 0, !area.isEmpty else { return [] }
        var best = (columns: 1, score: -1)
        for columns in 1...count {
            let rows = (count + columns - 1) / columns
            let w = area.width / columns - 2, h = area.height / rows - 2
            let score = min(w * 2, h * 4)
            // Prefer fewer empty slots on ties.
            if score > best.score || (score == best.score && columns * rows < best.columns * ((count + best.columns - 1) / best.columns)) {
                best = (columns, score)
            }
        }
        return boxes(columns: best.columns, rows: (count + best.columns - 1) / best.columns, count: count, in: area)
    }

    /// `count` boxes laid out row by row in a `columns` × `rows` grid that fills `area`.
    package static func boxes(columns: Int, rows: Int, count: Int, in area: Rect) -> [Rect] {
        var result: [Rect] = []
        for i in 0..<min(count, columns * rows) {
            let c = i % columns, r = i / columns
            let x0 = area.x + area.width * c / columns, x1 = area.x + area.width * (c + 1) / columns
            let y0 = area.y + area.height * r / rows, y1 = area.y + area.height * (r + 1) / rows
            result.append(Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
        }
        return result
    }

    /// The body of the screen, between the title and status bars (where the latent grid goes).
    package static func body(of size: TerminalSize) -> Rect {
        Rect(x: 0, y: 1, width: size.columns, height: max(0, size.rows - 2))
    }

    /// Smallest latent grid cell (characters, border included) the terminal's size chooses: a
    /// sketch is recognisable at about 24 × 10 characters of Braille.
    package static let latentCellMinimum = (columns: 30, rows: 12)
    package static let latentGridSides = 2...10

    /// The latent grid's size for the whole body of the screen: as many cells as fit at
    /// `latentCellMinimum` each, with `density` more (or, negative, fewer) a side, 2 to 10 a side.
    package static func latentGridShape(for size: TerminalSize, density: Int = 0) -> (columns: Int, rows: Int) {
        let body = Layout.body(of: size)
        let sides = latentGridSides
        func side(_ fitting: Int) -> Int { min(sides.upperBound, max(sides.lowerBound, fitting + density)) }
        return (side(body.width / latentCellMinimum.columns), side(body.height / latentCellMinimum.rows))
    }

    /// The latent grid's cell boxes, row by row, over the body of the screen.
    package static func latentGridBoxes(for size: TerminalSize, columns: Int, rows: Int) -> [Rect] {
        boxes(columns: columns, rows: rows, count: columns * rows, in: body(of: size))
    }
}
