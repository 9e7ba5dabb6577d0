import SketchRNN

/// The endings shown in the panels: the prefix they continue and each ending's points so far.
package struct EndingsView: Sendable {
    package var job: Int
    package var prefix: [[SIMD2<Float>]]
    /// True when the first point of each ending joins the prefix's last stroke (the pen was down).
    package var connected: Bool
    package var endings: [[StrokePoint]]
    package var finished: [Bool]

    package var start: SIMD2<Float> { prefix.last?.last ?? .zero }

    /// Each ending's continuation as absolute polylines (its first `points` points only, when
    /// given: the drawing pace shows the endings a little at a time).
    package func continuation(_ index: Int, points: Int? = nil) -> [[SIMD2<Float>]] {
        guard endings.indices.contains(index) else { return [] }
        let shown = points.map { Array(endings[index].prefix(max(0, $0))) } ?? endings[index]
        return Sketch.polylines(of: shown, from: start, connected: connected && !prefix.isEmpty)
    }

    /// True when the model ended this one without drawing anything: it would stop the drawing
    /// where it is (the panel says so rather than show the drawing again).
    package func stopsAtOnce(_ index: Int) -> Bool {
        guard finished.indices.contains(index), finished[index] else { return false }
        return !continuation(index).contains { line in line.count >= 2 && zip(line, line.dropFirst()).contains { $0 != $1 } }
    }

    /// The prefix and the continuation together: what taking this ending puts on the canvas.
    package func combined(_ index: Int) -> [[SIMD2<Float>]] {
        let more = continuation(index)
        guard connected, !prefix.isEmpty, let first = more.first else { return prefix + more }
        var lines = prefix
        lines[lines.count - 1].append(contentsOf: first.dropFirst())
        return lines + more.dropFirst()
    }
}

/// A grid of decoded sketches (the latent grid, or variations) and the selected cell.
package struct SketchGridView: Sendable {
    package var job: Int
    package var columns: Int
    package var rows: Int
    package var cells: [Sketch?]
    package var captions: [String]
    package var selection: Int = 0

    package init(job: Int, columns: Int, rows: Int, count: Int? = nil, captions: [String] = []) {
        self.job = job
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = Array(repeating: nil, count: max(1, count ?? columns * rows))
        self.captions = captions
    }

    package mutating func moveSelection(dx: Int, dy: Int) {
        let c = min(columns - 1, max(0, selection % columns + dx))
        let r = min(rows - 1, max(0, selection / columns + dy))
        selection = min(cells.count - 1, r * columns + c)
    }
}

/// Everything the app shows, free of any terminal calls.
package struct AppState: Sendable {
    /// What the screen shows (the help, when open, lies over it).
    package enum Mode: Equatable, Sendable { case drawing, grid, variations, picker }

    package var mode: Mode = .drawing
    /// The help (`?`) is open over the mode, which it leaves as it is.
    package var showsHelp = false
    package var drawing = Drawing()
    /// Earlier and undone drawings (`u`, `U`).
    package var history = UndoHistory()
    /// The keyboard cursor, in drawing units.
    package var cursor = SIMD2<Float>(0, 0)
    /// Dots the cursor moves a key press (`<` / `>` halve and double it).
    package var cursorStep = 2
    package static let cursorSteps = 1...16
    /// True when the pen was put down with the keyboard (space), not the mouse.
    package var keyboardPen = false
    /// True while the mouse button that began a stroke is held (the pen may have lifted at the
    /// canvas's edge).
    package var mouseStroke = false
    /// Where the held pointer last was, in drawing units (off the canvas too).
    package var lastPointer: SIMD2<Float>?
    package var temperature = Temperature(0.5)
    package var endingCount = 6
    /// Cells added to (or, negative, taken from) each side of the latent grid's size for the
    /// terminal (`+` / `-` in the grid).
    package var gridDensity = 0
    /// Variations `v` shows, their temperatures spread over 0.05–1.5 (`+` / `-` in that view).
    package var variationCount = 6
    package static let variationCounts = 2...9
    package var endings: EndingsView?
    /// A panel whose ending stopped at once being drawn again (its job and the panel).
    package var panelRedraw: (job: Int, panel: Int, choice: Int?)?
    /// Endings asked for but with no points yet.
    package var pendingEndings: EndingsView?
    package var grid: SketchGridView?
    package var variations: SketchGridView?
    /// The canvas's frame in drawing units; kept across resizes so the drawing keeps its place.
    package var frame: BoundingBox?
    package var modelNames: [String] = []
    /// Each model's type as known before it is loaded (from its file), for the picker.
    package var modelKinds: [String?] = []
    package var modelIndex = 0
    /// The model the picker (`p`) has selected.
    package var pickerSelection = 0
    package var model: ModelSummary?
    package var loadingModel = false
    /// The drawing pace (`w`): endings are drawn a few points at a time, as the web demos do.
    package var paced = false
    /// When the endings on screen showed their first points (nanoseconds, `DebugTiming.now()`).
    package var endingsShownAt: UInt64 = 0
    /// A short message for the status bar (saved files, errors), until the next action.
    package var message: String?
    package var busy = false

    package init() {}

    package var keyMode: KeyMap.Mode {
        if showsHelp { return .help }
        switch mode {
        case .drawing: return .drawing
        case .grid: return .grid
        case .variations: return .variations
        case .picker: return .picker
        }
    }
}
