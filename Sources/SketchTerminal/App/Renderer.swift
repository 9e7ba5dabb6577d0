import SketchRNN

/// Draws the app's state into a screen buffer: title bar, canvas, ending panels (or the latent
/// grid), status bar, and the help box on top when it is open.
package struct Renderer {
    package let state: AppState
    package let size: TerminalSize
    package let unicode: Bool
    package let canvasTransform: ViewTransform?
    /// The model picker's lines and box, when it is open.
    package let picker: (lines: [String], box: ListBox)?
    /// With the drawing pace on, how many points of each ending are drawn so far.
    package let revealedPoints: Int?

    package init(state: AppState, size: TerminalSize, unicode: Bool, canvasTransform: ViewTransform?,
                picker: (lines: [String], box: ListBox)? = nil, revealedPoints: Int? = nil) {
        self.state = state
        self.size = size
        self.unicode = unicode
        self.canvasTransform = canvasTransform
        self.picker = picker
        self.revealedPoints = revealedPoints
    }

    package func render() -> ScreenBuffer {
        var screen = ScreenBuffer(width: size.columns, height: size.rows)
        guard let layout = Layout(size: size, panels: state.endingCount) else {
            drawTooSmall(on: &screen)
            return screen
        }
        drawTitle(on: &screen)
        switch state.mode == .help ? state.modeBeforeHelp : state.mode {
        case .grid:
            drawLatentGrid(on: &screen)
        case .variations:
            drawCanvas(on: &screen, layout: layout)
            if let view = state.variations { drawSketchPanels(view, on: &screen, area: layout.gridArea) }
        default:
            drawCanvas(on: &screen, layout: layout)
            drawEndings(on: &screen, layout: layout)
        }
        drawStatus(on: &screen)
        if state.mode == .help { drawHelp(on: &screen) }
        if state.mode == .picker, let picker { drawPicker(picker, on: &screen) }
        if !unicode { Renderer.asciiOnly(&screen) }
        return screen
    }

    /// ASCII stand-ins for the few non-ASCII characters of the title, status and captions.
    static let asciiReplacements: [Character: Character] = ["·": "-", "│": "|", "…": ".", "τ": "t", "▶": ">", "─": "-"]

    static func asciiOnly(_ screen: inout ScreenBuffer) {
        for y in 0..<screen.height {
            for x in 0..<screen.width where !screen[x, y].character.isASCII {
                screen[x, y].character = asciiReplacements[screen[x, y].character] ?? "?"
            }
        }
    }

    func drawTooSmall(on screen: inout ScreenBuffer) {
        let minimum = Layout.minimumSize
        let lines = ["terminal too small", "\(size.columns)x\(size.rows): sketch needs at least",
                     "\(minimum.columns)x\(minimum.rows); enlarge it", "(q quits)"]
        for (i, line) in lines.enumerated() {
            let y = size.rows / 2 - 2 + i
            screen.put(line, x: max(0, (size.columns - line.count) / 2), y: y, style: i == 0 ? .warning : .plain)
        }
    }

    func drawTitle(on screen: inout ScreenBuffer) {
        screen.fill(Rect(x: 0, y: 0, width: size.columns, height: 1), with: ScreenCell(" ", style: .status))
        var title = " sketch"
        if let model = state.model {
            title += " · \(model.name)"
            if let c = model.className, c != model.name { title += " (\(c))" }
            title += " · \(model.kind)"
        } else if state.modelNames.indices.contains(state.modelIndex) {
            title += " · loading \(state.modelNames[state.modelIndex])…"
        }
        if state.modelNames.count > 1 { title += "  [\(state.modelIndex + 1)/\(state.modelNames.count)]" }
        let right = "? help  q quit "
        screen.put(title, x: 0, y: 0, style: .status, maxWidth: max(0, size.columns - right.count - 1))
        if size.columns > title.count + right.count {
            screen.put(right, x: size.columns - right.count, y: 0, style: .status)
        }
    }

    func drawStatus(on screen: inout ScreenBuffer) {
        let y = size.rows - 1
        screen.fill(Rect(x: 0, y: y, width: size.columns, height: 1), with: ScreenCell(" ", style: .status))
        var parts = [" " + state.temperature.description]
        // Messages come right after the temperature, so a narrow terminal still shows them; one
        // too long for the bar is shown whole, wrapped, just above it.
        if let message = state.message {
            if parts[0].count + 3 + message.count <= size.columns {
                parts.append(message)
            } else {
                drawMessageAboveStatus(message, on: &screen)
            }
        }
        let activity = state.loadingModel ? "loading model…" : state.busy ? "drawing…" : nil
        switch state.mode == .help ? state.modeBeforeHelp : state.mode {
        case .grid:
            // What is going on before the (long) hint, which a narrow terminal cuts.
            parts += [activity, "latent grid: click takes, r redraw, n corners, +/- size, Esc"].compactMap { $0 }
        case .variations:
            parts += [activity, "variations: click/Enter takes, r redraw, +/- more/fewer, Esc"].compactMap { $0 }
        default:
            parts.append("endings \(state.endingCount)")
            parts.append(state.drawing.isPenDown ? "pen down" : "pen up")
            if state.paced { parts.append("paced") }
            if let activity { parts.append(activity) }
        }
        let left = parts.joined(separator: " │ ")
        screen.put(left, x: 0, y: y, style: .status)
        // The model, its class and its type on the right, where they fit (the title bar has them too).
        if let model = state.model {
            var full = model.name
            if let c = model.className, c != model.name { full += " (\(c))" }
            let choices = [full + " · \(model.kind) ", model.name + " · \(model.kind) ", model.name + " "]
            if let right = choices.first(where: { left.count + 3 + $0.count <= size.columns }) {
                screen.put(right, x: size.columns - right.count, y: y, style: .status)
            }
        }
    }

    func drawMessageAboveStatus(_ message: String, on screen: inout ScreenBuffer) {
        let lines = Renderer.wrap(message, width: max(1, size.columns - 2))
        let top = max(1, size.rows - 1 - lines.count)
        for (i, line) in lines.enumerated() where top + i < size.rows - 1 {
            screen.fill(Rect(x: 0, y: top + i, width: size.columns, height: 1), with: ScreenCell(" ", style: .status))
            screen.put(line, x: 1, y: top + i, style: .status)
        }
    }

    /// `text` in lines of at most `width` characters, broken at spaces where it can be and
    /// anywhere else (a long path) where it cannot.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            if !line.isEmpty, line.count + 1 + word.count <= width {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            line = word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: - Canvas and panels

    func drawCanvas(on screen: inout ScreenBuffer, layout: Layout) {
        let title = state.drawing.isEmpty ? "draw here: mouse, or arrows + space" : "your drawing"
        screen.box(layout.canvasBox, title: title, unicode: unicode)
        let area = layout.canvas
        guard let view = canvasTransform else { return }
        var canvas = DotCanvas(columns: area.width, rows: area.height)
        for stroke in state.drawing.allStrokes {
            canvas.polyline(stroke.map(view.toDots), style: .user)
        }
        canvas.draw(on: &screen, at: (area.x, area.y), unicode: unicode)
        // The keyboard cursor: the cell it is in, highlighted.
        let dot = view.toDots(state.cursor)
        let cx = area.x + Int(dot.x) / 2, cy = area.y + Int(dot.y) / 4
        if area.contains(x: cx, y: cy), state.mode == .drawing || state.mode == .help {
            let under = screen[cx, cy]
            screen[cx, cy] = ScreenCell(under.character == " " ? "+" : under.character, style: .cursor)
        }
    }

    func drawEndings(on screen: inout ScreenBuffer, layout: Layout) {
        for (i, box) in layout.panelBoxes.enumerated() {
            screen.box(box, title: "\(i + 1)", unicode: unicode)
            let inner = box.inset(by: 1)
            guard let view = state.endings, i < view.endings.count, !inner.isEmpty else { continue }
            let more = view.continuation(i)
            var canvas = DotCanvas(columns: inner.width, rows: inner.height)
            // Framed for the whole ending, so that a paced one does not move as it is drawn.
            let frame = Renderer.panelFrame(prefix: view.prefix, continuation: more)
            let transform = ViewTransform(fitting: frame, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)
            for stroke in view.prefix { canvas.polyline(stroke.map(transform.toDots), style: .user) }
            let shown = revealedPoints.map { view.continuation(i, points: $0) } ?? more
            for stroke in shown { canvas.polyline(stroke.map(transform.toDots), style: .ending) }
            canvas.draw(on: &screen, at: (inner.x, inner.y), unicode: unicode)
        }
    }

    /// The region a panel shows: the prefix with room around it, grown to take in the ending.
    static func panelFrame(prefix: [[SIMD2<Float>]], continuation: [[SIMD2<Float>]]) -> BoundingBox {
        let base = BoundingBox(around: prefix.joined())?.padded(by: 0.15, minimumSide: 64)
        let more = BoundingBox(around: continuation.joined())
        switch (base, more) {
        case let (b?, m?): return b.union(m)
        case let (b?, nil): return b
        case let (nil, m?): return m.padded(by: 0.05, minimumSide: 16)
        default: return BoundingBox(minX: -32, minY: -32, width: 64, height: 64)
        }
    }

    /// Standalone sketches (variations) in boxes over `area`, captioned.
    func drawSketchPanels(_ view: SketchGridView, on screen: inout ScreenBuffer, area: Rect) {
        let boxes = Layout.grid(count: view.cells.count, in: area)
        for (i, box) in boxes.enumerated() {
            let caption = i < view.captions.count ? "\(i + 1) \(view.captions[i])" : "\(i + 1)"
            let selected = i == view.selection
            screen.box(box, title: selected ? "▶ " + caption : caption, style: selected ? .selected : .border,
                       heavy: selected, unicode: unicode)
            if let sketch = view.cells[i] { drawSketch(sketch, in: box.inset(by: 1), style: .ending, on: &screen) }
        }
    }

    func drawSketch(_ sketch: Sketch, in inner: Rect, style: CellStyle, on screen: inout ScreenBuffer) {
        guard !inner.isEmpty else { return }
        let lines = Sketch.polylines(of: sketch.points, from: .zero, connected: false)
        guard let box = BoundingBox(around: lines.joined()) else { return }
        var canvas = DotCanvas(columns: inner.width, rows: inner.height)
        let transform = ViewTransform(fitting: box.padded(by: 0.05, minimumSide: 8), dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)
        for line in lines { canvas.polyline(line.map(transform.toDots), style: style) }
        canvas.draw(on: &screen, at: (inner.x, inner.y), unicode: unicode)
    }

    // MARK: - Latent grid

    /// The four corner colours (top-left, top-right, bottom-left, bottom-right), as in the
    /// paper's Figure 7.
    static let cornerColours: [SIMD3<Float>] = [SIMD3(230, 70, 70), SIMD3(70, 110, 240), SIMD3(60, 190, 90), SIMD3(240, 170, 40)]

    static func gridColour(column: Int, row: Int, columns: Int, rows: Int) -> CellStyle {
        let u = columns > 1 ? Float(column) / Float(columns - 1) : 0
        let v = rows > 1 ? Float(row) / Float(rows - 1) : 0
        let c = cornerColours
        let top = c[0] * (1 - u) + c[1] * u, bottom = c[2] * (1 - u) + c[3] * u
        let mix = top * (1 - v) + bottom * v
        return .rgb(UInt8(mix.x.rounded()), UInt8(mix.y.rounded()), UInt8(mix.z.rounded()))
    }

    func drawLatentGrid(on screen: inout ScreenBuffer) {
        guard let grid = state.grid else { return }
        let boxes = Layout.latentGridBoxes(for: size, columns: grid.columns, rows: grid.rows)
        for (i, box) in boxes.enumerated() where i < grid.cells.count {
            let style = Renderer.gridColour(column: i % grid.columns, row: i / grid.columns, columns: grid.columns, rows: grid.rows)
            let selected = i == grid.selection
            screen.box(box, title: selected ? "▶ Enter takes" : nil, style: selected ? .selected : .border,
                       heavy: selected, unicode: unicode)
            if let sketch = grid.cells[i] { drawSketch(sketch, in: box.inset(by: 1), style: style, on: &screen) }
        }
    }

    // MARK: - Model picker

    func drawPicker(_ picker: (lines: [String], box: ListBox), on screen: inout ScreenBuffer) {
        let list = picker.box
        screen.fill(list.box)
        screen.box(list.box, title: "models (\(picker.lines.count)): Enter or a click loads, Esc back", unicode: unicode)
        for (i, line) in picker.lines.enumerated() {
            guard let y = list.row(of: i) else { continue }
            let selected = i == state.pickerSelection
            if selected {
                screen.fill(Rect(x: list.box.x + 1, y: y, width: list.box.width - 2, height: 1), with: ScreenCell(" ", style: .cursor))
            }
            screen.put(line, x: list.box.x + 2, y: y, style: selected ? .cursor : .plain, maxWidth: list.box.width - 3)
        }
    }

    // MARK: - Help

    func drawHelp(on screen: inout ScreenBuffer) {
        let lines = KeyMap.helpLines
        let keyWidth = lines.map(\.keys.count).max() ?? 0
        let textWidth = lines.map(\.what.count).max() ?? 0
        let width = min(size.columns, keyWidth + textWidth + 6), height = min(size.rows, lines.count + 2)
        let box = Rect(x: (size.columns - width) / 2, y: (size.rows - height) / 2, width: width, height: height)
        screen.fill(box)
        screen.box(box, title: "keys", unicode: unicode)
        for (i, line) in lines.enumerated() where i < height - 2 {
            let padded = line.keys + String(repeating: " ", count: keyWidth - line.keys.count)
            screen.put(padded, x: box.x + 2, y: box.y + 1 + i, style: .title, maxWidth: width - 3)
            screen.put(line.what, x: box.x + 3 + keyWidth, y: box.y + 1 + i, maxWidth: width - keyWidth - 4)
        }
    }
}

extension AppController {
    package func render(at time: UInt64 = DebugTiming.now()) -> ScreenBuffer {
        Renderer(state: state, size: size, unicode: unicode, canvasTransform: canvasTransform,
                 picker: state.mode == .picker ? (pickerLines, pickerBox) : nil,
                 revealedPoints: revealedPoints(at: time)).render()
    }
}
