/// Decides when to switch the terminal to SGR pixel mouse reports (mode 1016), so that strokes
/// are read at pixel resolution where the terminal can: the app asks whether the mode is known
/// (DECRQM) and how large a cell is (`CSI 16 t`, or the window size in pixels from the kernel),
/// and turns the mode on only once it has both answers. Elsewhere reports stay in cells.
package struct PixelMouse: Sendable {
    /// Sent at start-up: is mode 1016 known, and how many pixels is a cell?
    package static let query = "\u{1B}[?1016$p\u{1B}[16t"
    package static let enable = "\u{1B}[?1016h"
    package static let disable = "\u{1B}[?1016l"

    package private(set) var supported = false
    package private(set) var cellPixels: CellPixels?
    package private(set) var enabled = false

    package init() {}

    /// Folds in an answer; returns what to send to the terminal when pixel reports are to be
    /// turned on now.
    package mutating func receive(_ report: TerminalReport) -> String? {
        switch report {
        case .privateMode(let mode, let setting):
            guard mode == 1016 else { return nil }
            // 1 or 2: known (set or reset); 0: unknown; 3, 4: fixed, so it cannot be turned on.
            supported = setting == 1 || setting == 2
        case .cellPixels(let width, let height):
            cellPixels = CellPixels(width: width, height: height)
        }
        return turnOnIfReady()
    }

    /// The window's size in pixels as the kernel reports it (zero when the terminal does not say).
    package mutating func window(columns: Int, rows: Int, pixelWidth: Int, pixelHeight: Int) -> String? {
        guard columns > 0, rows > 0, pixelWidth >= columns, pixelHeight >= rows else { return nil }
        cellPixels = CellPixels(width: pixelWidth / columns, height: pixelHeight / rows)
        return turnOnIfReady()
    }

    /// The cell size the input parser should read reports with, once they are in pixels.
    package var parserCell: CellPixels? { enabled ? cellPixels : nil }

    private mutating func turnOnIfReady() -> String? {
        guard supported, !enabled, let cell = cellPixels, cell.width > 0, cell.height > 0 else { return nil }
        enabled = true
        return PixelMouse.enable
    }
}

/// The size of a character cell in pixels.
package struct CellPixels: Equatable, Sendable {
    package var width: Int
    package var height: Int

    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
