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
        guard let layout = state.layout(for: size) else {
            drawTooSmall(on: &screen)
            return screen
        }
        drawTitle(on: &screen)
        switch state.mode {
        case .grid:
            drawLatentGrid(on: &screen)
        case .variations:
            drawCanvas(on: &screen, layout: layout)
            if let view = state.variations { drawSketchPanels(view, on: &screen, area: layout.gridArea) }
        default:
            drawCanvas(on: &screen, layout: layout)
            drawEndings(on: &screen, layout: layout)
        }
        drawStatus(on: &screen, layout: layout)
        if state.showsHelp { drawHelp(on: &screen) }
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

    func drawStatus(on screen: inout ScreenBuffer, layout: Layout?) {
        let y = size.rows - 1
        screen.fill(Rect(x: 0, y: y, width: size.columns, height: 1), with: ScreenCell(" ", style: .status))
        let shown = layout.map(\.panelBoxes.count)
        let line = StatusLine(state: state, columns: size.columns, shownEndings: shown)
        screen.put(line.left, x: 0, y: y, style: .status)
        if let right = line.right { screen.put(right, x: size.columns - right.count, y: y, style: .status) }
        // A long message on the rows the layout keeps free above the bar.
        let top = max(1, y - line.overflow.count)
        for (i, text) in line.overflow.enumerated() where top + i < y {
            screen.fill(Rect(x: 0, y: top + i, width: size.columns, height: 1), with: ScreenCell(" ", style: .status))
            screen.put(text, x: 1, y: top + i, style: .status)
        }
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
        if area.contains(x: cx, y: cy), state.mode == .drawing || state.showsHelp {
            let under = screen[cx, cy]
            screen[cx, cy] = ScreenCell(under.character == " " ? "+" : under.character, style: .cursor)
        }
    }

    func drawEndings(on screen: inout ScreenBuffer, layout: Layout) {
        let view = state.endings
        let ofDrawing = !(view?.prefix.isEmpty ?? state.drawing.isEmpty)
        let count = layout.panelBoxes.count
        for (i, box) in layout.panelBoxes.enumerated() {
            // The first panel says what they all are, and how to take one.
            let titles = i > 0 ? ["\(i + 1)"] : ofDrawing ? ["1 endings of your drawing", "1 your drawing, ended", "1 endings"]
                                                        : ["1 what the model draws", "1 the model's own", "1 model's own"]
            screen.box(box, title: titles.first { $0.count + 4 <= box.width } ?? "\(i + 1)", unicode: unicode)
            if i == 0 {
                let hints = ofDrawing
                    ? ["\(count > 1 ? "1-\(count)" : "1") or a click takes one", "\(count > 1 ? "1-\(count)" : "1")/click takes", "click takes"]
                    : [layout.sideBySide ? "draw on the left to start" : "draw above to start", "draw to start"]
                if let hint = hints.first(where: { $0.count + 4 <= box.width }) {
                    screen.put(" \(hint) ", x: box.x + 1, y: box.maxY - 1, style: .title)
                }
            }
            let inner = box.inset(by: 1)
            guard let view, i < view.endings.count, !inner.isEmpty else { continue }
            if view.stopsAtOnce(i) || state.panelRedraw?.panel == i {
                drawStopsHere(panel: i, in: inner, on: &screen)
                continue
            }
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

    /// An ending where the model stopped at once: said in words, with how to get another.
    func drawStopsHere(panel i: Int, in inner: Rect, on screen: inout ScreenBuffer) {
        let redrawing = state.panelRedraw?.panel == i
        let lines = redrawing ? ["drawing another…"] : ["stops here", "the model adds", "nothing more", "\(i + 1) draws another"]
        let top = inner.y + max(0, (inner.height - lines.count) / 2)
        for (k, line) in lines.enumerated() where top + k < inner.maxY {
            screen.put(line, x: inner.x + max(0, (inner.width - line.count) / 2), y: top + k, style: k == 0 ? .title : .dim,
                       maxWidth: inner.width)
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
