import Foundation
import SketchRNN

/// The app without the terminal: takes input events, runs the model's work on a `Worker`, folds
/// its results into `AppState`, and renders into a `ScreenBuffer`. The curses layer only feeds it
/// events and copies its screens out.
package final class AppController {
    enum Message {
        case endings(job: Int, EndingsProgress)
        case grid(job: Int, [Sketch?])
        case variations(job: Int, [Sketch?])
        case modelLoaded(index: Int, SketchEngine)
        case failed(job: Int, String)
        case jobDone(job: Int)
    }

    package internal(set) var state = AppState()
    package private(set) var size: TerminalSize
    package var unicode: Bool
    /// Set when the user asks to quit.
    package private(set) var wantsToQuit = false

    let models: [ModelChoice]
    let loader: @Sendable (ModelChoice) throws -> SketchEngine
    let worker: Worker
    let mailbox = Mailbox<Message>()
    var engines: [Int: SketchEngine] = [:]
    var seeds: () -> UInt64
    package var timing: DebugTiming?

    /// Live endings while a stroke is being drawn, throttled.
    var liveRequests = LiveRequests()
    /// The drawing kept in the state file as it changes.
    var autosaving = Autosave()
    /// The latent grid's pages: the one on screen and the one computed ahead.
    var gridBrowser = GridBrowser()
    /// What `s` saves.
    let sheetExport: SheetExport
    /// A drawing from a file, centred on the canvas until the person works on it.
    var opened: OpenedDrawing?

    /// Moments `--debug-timing` measures from, waiting for the screen: keys and pen lifts.
    var latencyMarks = LatencyMarks()

    /// Set when the user changed the model: the status bar says which once it is in use.
    var announceModel = false

    /// Sketches (stroke-3, data pixels) the latent grid may take its other corners from (`--data`).
    package var cornerSketches: [Sketch] {
        get { gridBrowser.cornerSketches }
        set { gridBrowser.cornerSketches = newValue }
    }

    /// `first`, when given, is the first model's engine, already loaded (so that a bad model file
    /// is reported before the screen is taken over).
    package init(models: [ModelChoice], size: TerminalSize, unicode: Bool = true,
                loader: @escaping @Sendable (ModelChoice) throws -> SketchEngine,
                saver: @escaping (DrawingToSave) throws -> [String],
                first: SketchEngine? = nil, endingCount: Int = 6, temperature: Float = 0.5,
                seeds: @escaping () -> UInt64 = { UInt64.random(in: 0...UInt64.max) }) {
        self.models = models
        self.size = size
        self.unicode = unicode
        self.loader = loader
        sheetExport = SheetExport(saver: saver)
        self.seeds = seeds
        worker = Worker()
        state.modelNames = models.map(\.name)
        state.modelKinds = models.map(\.kind)
        state.endingCount = min(9, max(1, endingCount))
        state.temperature = Temperature(temperature)
        if let first { engines[0] = first }
        resize(to: size)
        if !models.isEmpty { loadModel(0) }
    }

    deinit { worker.stop() }

    /// Cancels the model's work and waits for the worker to let go (call before exiting).
    package func shutdown() {
        flushAutosave()
        worker.stopAndWait()
    }

    /// The read end of the pipe the worker writes to when results arrive.
    package var wakeFD: Int32 { mailbox.wakeFD }

    package var layout: Layout? { state.layout(for: size) }

    var engine: SketchEngine? { engines[state.modelIndex] }

    /// The endings the panels show: as many as asked for, or fewer on a small terminal.
    var shownEndingCount: Int { layout?.panelBoxes.count ?? state.endingCount }

    // MARK: - Input

    package func resize(to newSize: TerminalSize) {
        let panelsBefore = shownEndingCount
        // The canvas moves under a stroke being dragged: end it here; the drag goes on as a new
        // stroke from where the pointer is next (never a line from the old place to the new).
        if state.mouseStroke {
            liftPenAtEdge(at: DebugTiming.now())
            state.lastPointer = nil
        }
        size = newSize
        guard let layout else { return }
        if layout.panelBoxes.count != panelsBefore, state.mode == .drawing, state.endings != nil || state.pendingEndings != nil {
            requestEndings()
        }
        if let opened {
            if place(opened) { requestEndings() }
        } else if state.frame == nil || state.drawing.isEmpty {
            let frame = canvasFrame(for: layout)
            state.frame = frame
            state.cursor = SIMD2(frame.minX + frame.width / 2, frame.minY + frame.height / 2)
        }
        if state.mode == .grid, let grid = state.grid {
            let shape = Layout.latentGridShape(for: size, density: state.gridDensity)
            if shape.columns != grid.columns || shape.rows != grid.rows { openGrid(newCorners: false) }
        }
    }

    /// The canvas's frame in drawing units for `layout`, the drawing aside: its shorter side spans
    /// `DrawingUnits.canvasSide`; dot centres run from 0 to n - 1 along a side of n dots.
    func canvasFrame(for layout: Layout) -> BoundingBox {
        let dotW = Float(layout.canvas.width * 2 - 1), dotH = Float(layout.canvas.height * 4 - 1)
        let unitsPerDot = DrawingUnits.canvasSide / min(dotW, dotH)
        return BoundingBox(minX: 0, minY: 0, width: dotW * unitsPerDot, height: dotH * unitsPerDot)
    }

    /// The mapping from drawing units to the canvas's dots.
    package var canvasTransform: ViewTransform? {
        guard let layout, let frame = state.frame else { return nil }
        return ViewTransform(fitting: frame, dotWidth: layout.canvas.width * 2, dotHeight: layout.canvas.height * 4, margin: 0)
    }

    /// Drawing-unit position of a mouse report, if it is on the canvas (`anywhere`: wherever it
    /// is, off the canvas too). Cell reports stand for their cell's centre; pixel reports (mode
    /// 1016) keep where in the cell they fell.
    package func drawingPoint(for mouse: MouseEvent, anywhere: Bool = false) -> SIMD2<Float>? {
        guard let layout, let view = canvasTransform else { return nil }
        let canvas = layout.canvas
        guard anywhere || canvas.contains(x: mouse.x, y: mouse.y) else { return nil }
        // Dot centres: a cell's 2 x 4 dots have their centres at 0.5 ... 1.5 and 0.5 ... 3.5 of it.
        var dot = (mouse.position - SIMD2(Float(canvas.x), Float(canvas.y))) * SIMD2(2, 4) - 0.5
        if !anywhere {
            dot.x = min(Float(canvas.width * 2 - 1), max(0, dot.x))
            dot.y = min(Float(canvas.height * 4 - 1), max(0, dot.y))
        }
        return view.toDrawing(dot)
    }

    /// The canvas's dots, first to last, in drawing units: where strokes are clipped.
    var canvasBounds: (low: SIMD2<Float>, high: SIMD2<Float>)? {
        guard let layout, let view = canvasTransform else { return nil }
        let last = SIMD2(Float(layout.canvas.width * 2 - 1), Float(layout.canvas.height * 4 - 1))
        return (view.toDrawing(.zero), view.toDrawing(last))
    }

    package func handle(_ event: InputEvent, at time: UInt64 = DebugTiming.now()) {
        opened = nil  // the person works on it now: it keeps its place
        let action = KeyMap.action(for: event, mode: state.keyMode)
        if case .key(let key) = event, action != .none {
            latencyMarks.keyPressed("\(key)", at: time)
        }
        perform(action, at: time)
    }

    package func perform(_ action: Action, at time: UInt64 = DebugTiming.now()) {
        // A message stays until the next key (mouse moves do not clear it).
        switch action {
        case .none, .mouse: break
        default: state.message = nil
        }
        switch action {
        case .none: break
        case .quit: wantsToQuit = true
        case .toggleHelp:
            state.showsHelp.toggle()
        case .closeOverlay:
            if state.showsHelp { state.showsHelp = false } else if state.mode == .picker {
                state.mode = .drawing
            } else if state.mode != .drawing {
                state.mode = .drawing
                requestEndings()
            }
        case .moveCursor(let dx, let dy):
            guard let view = canvasTransform, let frame = state.frame else { break }
            let step = Float(state.cursorStep) / view.scale  // dots are square on screen both ways
            var p = state.cursor + SIMD2(Float(dx), Float(dy)) * step
            p.x = min(frame.maxX, max(frame.minX, p.x))
            p.y = min(frame.maxY, max(frame.minY, p.y))
            state.cursor = p
            if state.keyboardPen, state.drawing.extend(to: p) { drawingChanged(at: time) }
        case .cursorStep(let d):
            state.cursorStep = min(AppState.cursorSteps.upperBound, max(AppState.cursorSteps.lowerBound, d > 0 ? state.cursorStep * 2 : state.cursorStep / 2))
            state.message = "cursor step \(state.cursorStep) dot\(state.cursorStep == 1 ? "" : "s") (< > change it)"
        case .togglePen:
            if state.drawing.isPenDown { finishStroke(at: time) } else {
                beginStroke(at: state.cursor)
                state.keyboardPen = true
                drawingChanged(at: time)
            }
        case .endStroke:
            finishStroke(at: time)
        case .undo: undo()
        case .redo: redo()
        case .clear:
            if state.drawing.isEmpty {
                state.message = "the canvas is already empty"
            } else {
                replaceDrawing(with: [], label: "the clear")
                state.message = "cleared: u brings the drawing back"
            }
        case .temperatureStep(let d):
            state.temperature.nudge(d)
            resample()
        case .cycleTemperature:
            state.temperature.cycle()
            resample()
        case .endingCount(let d):
            state.endingCount = min(9, max(1, state.endingCount + d))
            let shown = shownEndingCount
            state.message = shown < state.endingCount
                ? "endings: \(shown) fit at \(size.columns)x\(size.rows); a larger terminal shows \(state.endingCount)"
                : "endings: \(state.endingCount)"
            if state.mode == .drawing { requestEndings() }
        case .takeEnding(let index):
            guard let view = state.endings, index < view.endings.count, index < shownEndingCount else {
                state.message = index < shownEndingCount ? "no endings yet: draw something" : "there is no ending \(index + 1) here"
                break
            }
            if view.stopsAtOnce(index) {
                redrawPanel(index)
            } else if state.panelRedraw?.panel == index {
                state.message = "ending \(index + 1) is being drawn again"
            } else {
                replaceDrawing(with: view.combined(index), label: "taking ending \(index + 1)")
                state.message = "took ending \(index + 1) (u undoes it)"
            }
        case .save: save()
        case .nextModel: switchModel(by: 1)
        case .previousModel: switchModel(by: -1)
        case .latentGrid: openGrid(newCorners: true)
        case .variations: openVariations()
        case .modelPicker: openPicker()
        case .togglePace:
            state.paced.toggle()
            state.endingsShownAt = time
            state.message = state.paced ? "drawing pace: the endings are drawn as you would (w: at once)" : "endings at once (w: at a drawing pace)"
            if state.paced { requestEndings() }
        case .moveSelection(let dx, let dy):
            if state.mode == .picker { movePickerSelection(by: dy) }
            if state.mode == .grid { state.grid?.moveSelection(dx: dx, dy: dy) }
            if state.mode == .variations { state.variations?.moveSelection(dx: dx, dy: dy) }
        case .takeSelection:
            if state.mode == .picker { takePickerSelection(); break }
            let view = state.mode == .grid ? state.grid : state.variations
            if let view, let sketch = view.cells[view.selection], !sketch.isEmpty {
                let what = state.mode == .grid ? "grid cell \(view.selection + 1)"
                    : "variation \(view.selection + 1)" + (view.captions.indices.contains(view.selection) ? " (\(view.captions[view.selection]))" : "")
                takeSketch(sketch, label: "taking " + what)
                state.message = "took \(what) (u undoes it)"
            } else {
                state.message = "that cell has no drawing (yet)"
            }
        case .newCorners:
            if state.mode == .grid { openGrid(newCorners: true) }
        case .redraw:
            switch state.mode {
            case .grid: openGrid(newCorners: false, newSeed: true)
            case .variations: openVariations()
            default:
                requestEndings()
                state.message = "new endings (a fresh seed)"
            }
        case .cellCount(let d): changeCellCount(by: d)
        case .mouse(let mouse): handleMouse(mouse, at: time)
        }
        autosaveIfChanged(at: time)
    }
}
