import Foundation
import SketchRNN

/// The app without the terminal: takes input events, runs the model's work on a `Worker`, folds
/// its results into `AppState`, and renders into a `ScreenBuffer`. The curses layer only feeds it
/// events and copies its screens out.
public final class AppController {
    enum Message {
        case endings(job: Int, EndingsProgress)
        case grid(job: Int, [Sketch?])
        case variations(job: Int, [Sketch?])
        case modelLoaded(index: Int, SketchEngine)
        case failed(job: Int, String)
        case jobDone(job: Int)
    }

    public private(set) var state = AppState()
    public private(set) var size: TerminalSize
    public var unicode: Bool
    /// Set when the user asks to quit.
    public private(set) var wantsToQuit = false

    let models: [ModelChoice]
    let loader: @Sendable (ModelChoice) throws -> SketchEngine
    let saver: (DrawingToSave) throws -> [String]
    let worker: Worker
    let mailbox = Mailbox<Message>()
    var engines: [Int: SketchEngine] = [:]
    var seeds: () -> UInt64
    public var timing: DebugTiming?

    /// Sketches (stroke-3, data pixels) the latent grid may take its other corners from
    /// (`--data`); empty: corners drawn from the model.
    public var cornerSketches: [Sketch] = []

    /// Live endings while a stroke is being drawn are asked for at most this often.
    public var liveInterval: UInt64 = 150_000_000
    var lastLiveRequest: UInt64 = 0
    var liveRequestPending = false

    /// Timing marks waiting for the screen: pen lifts (until every ending has a point) and keys.
    var penUpMark: (time: UInt64, job: Int)?
    var keyMarks: [(time: UInt64, name: String)] = []

    /// `first`, when given, is the first model's engine, already loaded (so that a bad model file
    /// is reported before the screen is taken over).
    public init(models: [ModelChoice], size: TerminalSize, unicode: Bool = true,
                loader: @escaping @Sendable (ModelChoice) throws -> SketchEngine,
                saver: @escaping (DrawingToSave) throws -> [String],
                first: SketchEngine? = nil, endingCount: Int = 6, temperature: Float = 0.5,
                seeds: @escaping () -> UInt64 = { UInt64.random(in: 0...UInt64.max) }) {
        self.models = models
        self.size = size
        self.unicode = unicode
        self.loader = loader
        self.saver = saver
        self.seeds = seeds
        worker = Worker()
        state.modelNames = models.map(\.name)
        state.endingCount = min(9, max(1, endingCount))
        state.temperature = Temperature(temperature)
        if let first { engines[0] = first }
        resize(to: size)
        if !models.isEmpty { loadModel(0) }
    }

    deinit { worker.stop() }

    /// Cancels the model's work and waits for the worker to let go (call before exiting).
    public func shutdown() { worker.stopAndWait() }

    /// The read end of the pipe the worker writes to when results arrive.
    public var wakeFD: Int32 { mailbox.wakeFD }

    public var layout: Layout? { Layout(size: size, panels: state.endingCount) }

    var engine: SketchEngine? { engines[state.modelIndex] }

    // MARK: - Input

    public func resize(to newSize: TerminalSize) {
        size = newSize
        guard let layout else { return }
        let canvas = layout.canvas
        if state.frame == nil || state.drawing.isEmpty {
            // The canvas's shorter side spans DrawingUnits.canvasSide; dot centres run from 0 to
            // n - 1 along a side of n dots.
            let dotW = Float(canvas.width * 2 - 1), dotH = Float(canvas.height * 4 - 1)
            let unitsPerDot = DrawingUnits.canvasSide / min(dotW, dotH)
            state.frame = DrawingFrame(minX: 0, minY: 0, width: dotW * unitsPerDot, height: dotH * unitsPerDot)
            if let frame = state.frame {
                state.cursor = SIMD2(frame.minX + frame.width / 2, frame.minY + frame.height / 2)
            }
        }
        if state.mode == .grid, let grid = state.grid {
            let shape = Layout.latentGridShape(for: size)
            if shape.columns != grid.columns || shape.rows != grid.rows { openGrid(newCorners: false) }
        }
    }

    /// The mapping from drawing units to the canvas's dots.
    public var canvasTransform: ViewTransform? {
        guard let layout, let frame = state.frame else { return nil }
        return ViewTransform(fitting: frame, dotWidth: layout.canvas.width * 2, dotHeight: layout.canvas.height * 4, margin: 0)
    }

    /// Drawing-unit position of the centre of a screen cell, if it is on the canvas.
    public func drawingPoint(cellX: Int, cellY: Int, clamp: Bool = false) -> SIMD2<Float>? {
        guard let layout, let view = canvasTransform else { return nil }
        let canvas = layout.canvas
        guard clamp || canvas.contains(x: cellX, y: cellY) else { return nil }
        let cx = min(canvas.width - 1, max(0, cellX - canvas.x)), cy = min(canvas.height - 1, max(0, cellY - canvas.y))
        return view.toDrawing(SIMD2(Float(cx * 2) + 0.5, Float(cy * 4) + 1.5))
    }

    public func handle(_ event: InputEvent, at time: UInt64 = DebugTiming.now()) {
        let action = KeyMap.action(for: event, mode: state.keyMode)
        if case .key(let key) = event, action != .none {
            keyMarks.append((time, "\(key)"))
        }
        perform(action, at: time)
    }

    public func perform(_ action: Action, at time: UInt64 = DebugTiming.now()) {
        if action != .none, case .mouse = action {} else if action != .none { state.message = nil }
        switch action {
        case .none: break
        case .quit: wantsToQuit = true
        case .toggleHelp:
            if state.mode == .help { state.mode = state.modeBeforeHelp } else {
                state.modeBeforeHelp = state.mode
                state.mode = .help
            }
        case .closeOverlay:
            if state.mode == .help { state.mode = state.modeBeforeHelp } else if state.mode != .drawing {
                state.mode = .drawing
                requestEndings()
            }
        case .moveCursor(let dx, let dy):
            guard let view = canvasTransform, let frame = state.frame else { break }
            let step = 2 / view.scale  // two dots: square on screen both ways
            var p = state.cursor + SIMD2(Float(dx), Float(dy)) * step
            p.x = min(frame.maxX, max(frame.minX, p.x))
            p.y = min(frame.maxY, max(frame.minY, p.y))
            state.cursor = p
            if state.keyboardPen, state.drawing.extend(to: p) { drawingChanged(live: true, at: time) }
        case .togglePen:
            if state.drawing.isPenDown { finishStroke(at: time) } else {
                state.drawing.penDown(at: state.cursor)
                state.keyboardPen = true
                drawingChanged(live: true, at: time)
            }
        case .endStroke:
            finishStroke(at: time)
        case .undo:
            state.keyboardPen = false
            state.mouseStroke = false
            if state.drawing.undo() { requestEndings() }
        case .clear:
            state.keyboardPen = false
            state.mouseStroke = false
            state.drawing.clear()
            resize(to: size)
            requestEndings()
        case .temperatureStep(let d):
            state.temperature.nudge(d)
            resample()
        case .cycleTemperature:
            state.temperature.cycle()
            resample()
        case .endingCount(let d):
            state.endingCount = min(9, max(1, state.endingCount + d))
            if state.mode == .drawing { requestEndings() }
        case .takeEnding(let index):
            if let view = state.endings, index < view.endings.count, index < state.endingCount {
                state.drawing = Drawing(strokes: view.combined(index))
                state.keyboardPen = false
                state.mouseStroke = false
                requestEndings()
            }
        case .save: save()
        case .nextModel: switchModel(by: 1)
        case .previousModel: switchModel(by: -1)
        case .latentGrid: openGrid(newCorners: true)
        case .variations: openVariations()
        case .moveSelection(let dx, let dy):
            if state.mode == .grid { state.grid?.moveSelection(dx: dx, dy: dy) }
            if state.mode == .variations { state.variations?.moveSelection(dx: dx, dy: dy) }
        case .takeSelection:
            let view = state.mode == .grid ? state.grid : state.variations
            if let view, let sketch = view.cells[view.selection], !sketch.isEmpty {
                takeSketch(sketch)
            } else {
                state.message = "that cell has no drawing (yet)"
            }
        case .newCorners:
            if state.mode == .grid { openGrid(newCorners: true) }
        case .mouse(let mouse): handleMouse(mouse, at: time)
        }
    }

    func handleMouse(_ mouse: MouseEvent, at time: UInt64) {
        guard mouse.button == 0 else { return }
        switch mouse.kind {
        case .press:
            guard let p = drawingPoint(cellX: mouse.x, cellY: mouse.y) else { return }
            state.message = nil
            state.keyboardPen = false
            state.drawing.penDown(at: p)
            state.mouseStroke = true
            state.cursor = p
            drawingChanged(live: true, at: time)
        case .drag:
            guard state.mouseStroke, let p = drawingPoint(cellX: mouse.x, cellY: mouse.y, clamp: true) else { return }
            state.cursor = p
            if state.drawing.extend(to: p) { drawingChanged(live: true, at: time) }
        case .release:
            guard state.mouseStroke else { return }
            if let p = drawingPoint(cellX: mouse.x, cellY: mouse.y, clamp: true) { state.drawing.extend(to: p) }
            finishStroke(at: time)
        default: break
        }
    }

    func finishStroke(at time: UInt64) {
        state.keyboardPen = false
        state.mouseStroke = false
        guard state.drawing.penUp() else { return }
        if let job = requestEndings() { penUpMark = (time, job) }
    }

    /// The drawing changed while the pen is down: ask for live endings, throttled.
    func drawingChanged(live: Bool, at time: UInt64) {
        guard state.mode == .drawing else { return }
        if time &- lastLiveRequest >= liveInterval {
            lastLiveRequest = time
            liveRequestPending = false
            requestEndings()
        } else {
            liveRequestPending = true
        }
    }

    public enum Tick: Equatable { case idle, sent, due(UInt64) }

    /// Sends a throttled live request once it is due; otherwise says how long until it is
    /// (nanoseconds).
    @discardableResult
    public func tick(at time: UInt64 = DebugTiming.now()) -> Tick {
        guard liveRequestPending else { return .idle }
        let due = lastLiveRequest &+ liveInterval
        if time >= due {
            lastLiveRequest = time
            liveRequestPending = false
            requestEndings()
            return .sent
        }
        return .due(due - time)
    }

    func resample() {
        switch state.mode {
        case .grid: openGrid(newCorners: false)
        case .variations: openVariations()
        default: requestEndings()
        }
    }

    // MARK: - Work for the model

    /// Asks the worker for endings of the drawing as it is now; returns the job id.
    @discardableResult
    func requestEndings() -> Int? {
        liveRequestPending = false
        guard let engine else { return nil }
        let strokes = state.drawing.allStrokes
        let request = EndingsRequest(strokes: strokes, penDown: state.drawing.isPenDown, count: state.endingCount,
                                     temperature: state.temperature.value, seed: seeds())
        let mailbox = self.mailbox
        let jobID = worker.submit { id, isCancelled in
            do {
                try engine.generateEndings(request, isCancelled: isCancelled) { progress in
                    mailbox.post(.endings(job: id, progress))
                }
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
            mailbox.post(.jobDone(job: id))
        }
        // The panels keep the previous endings until the first points of these arrive.
        state.pendingEndings = EndingsView(job: jobID, prefix: strokes, connected: request.penDown,
                                           endings: Array(repeating: [], count: request.count),
                                           finished: Array(repeating: false, count: request.count))
        state.busy = true
        return jobID
    }

    func openGrid(newCorners: Bool) {
        guard let engine else { return }
        guard engine.summary.isVAE else {
            state.message = NeedsVAEError(model: engine.summary.name).description
            return
        }
        let shape = Layout.latentGridShape(for: size)
        let drawingSketch = state.drawing.sketch
        var corners: [LatentCorner] = [drawingSketch.isEmpty ? .random : .sketch(drawingSketch)]
        for _ in 0..<3 {
            if let data = cornerSketches.randomElement() {
                let f = 1 / engine.summary.dataPixelsPerUnit
                corners.append(.sketch(data.scaled(x: f, y: f)))
            } else {
                corners.append(.random)
            }
        }
        if !newCorners, let kept = gridCorners { corners = kept }
        let seed = (newCorners ? nil : gridSeed) ?? seeds()
        gridCorners = corners
        gridSeed = seed
        let request = LatentGridRequest(corners: corners, columns: shape.columns, rows: shape.rows,
                                        temperature: state.temperature.value, seed: seed)
        let mailbox = self.mailbox
        let jobID = worker.submit { id, isCancelled in
            do {
                try engine.latentGrid(request, isCancelled: isCancelled) { mailbox.post(.grid(job: id, $0)) }
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
            mailbox.post(.jobDone(job: id))
        }
        let selection = state.grid?.selection ?? 0
        state.grid = SketchGridView(job: jobID, columns: shape.columns, rows: shape.rows)
        state.grid?.selection = min(selection, shape.columns * shape.rows - 1)
        state.mode = .grid
        state.busy = true
    }

    var gridCorners: [LatentCorner]?
    var gridSeed: UInt64?

    public static let variationTemperatures: [Float] = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.2, 1.5]

    func openVariations() {
        guard let engine else { return }
        guard engine.summary.isVAE else {
            state.message = NeedsVAEError(model: engine.summary.name).description
            return
        }
        let sketch = state.drawing.sketch
        guard !sketch.isEmpty else {
            state.message = "draw something first: v shows variations of the drawing"
            return
        }
        let count = max(1, state.endingCount)
        let temperatures = Array(AppController.variationTemperatures.prefix(count))
        let request = VariationsRequest(sketch: sketch, temperatures: temperatures, seed: seeds())
        let mailbox = self.mailbox
        let jobID = worker.submit { id, isCancelled in
            do {
                try engine.variations(request, isCancelled: isCancelled) { mailbox.post(.variations(job: id, $0)) }
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
            mailbox.post(.jobDone(job: id))
        }
        // Selection moves over the same arrangement the panels are drawn in.
        let boxes = Layout.grid(count: temperatures.count, in: layout?.gridArea ?? Rect(x: 0, y: 0, width: 1, height: 1))
        let columns = max(1, boxes.filter { $0.y == boxes.first?.y }.count)
        state.variations = SketchGridView(job: jobID, columns: columns, rows: (temperatures.count + columns - 1) / columns, count: temperatures.count,
                                          captions: temperatures.map { "τ " + Temperature.format($0) })
        state.mode = .variations
        state.busy = true
    }

    func takeSketch(_ sketch: Sketch) {
        // A decoded sketch starts at the origin: centre it on the canvas frame, scaled to fit.
        guard let frame = state.frame else { return }
        let lines = Sketch.polylines(of: sketch.points, from: .zero, connected: false)
        guard let box = DrawingFrame(around: lines.joined()) else { return }
        let s = min(frame.width * 0.8 / max(box.width, 1e-3), frame.height * 0.8 / max(box.height, 1e-3))
        let centre = SIMD2(frame.minX + frame.width / 2, frame.minY + frame.height / 2)
        let boxCentre = SIMD2(box.minX + box.width / 2, box.minY + box.height / 2)
        state.drawing = Drawing(strokes: lines.map { $0.map { ($0 - boxCentre) * s + centre } })
        state.mode = .drawing
        requestEndings()
    }

    func switchModel(by delta: Int) {
        guard models.count > 1 else {
            state.message = "only one model: pass more with --model to switch between them"
            return
        }
        loadModel(((state.modelIndex + delta) % models.count + models.count) % models.count)
    }

    func loadModel(_ index: Int) {
        state.modelIndex = index
        if let engine = engines[index] {
            state.model = engine.summary
            state.loadingModel = false
            afterModelChange()
            return
        }
        state.loadingModel = true
        state.model = nil
        let choice = models[index]
        let loader = self.loader, mailbox = self.mailbox
        worker.submit { id, _ in
            do {
                mailbox.post(.modelLoaded(index: index, try loader(choice)))
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
        }
        state.endings = nil
        state.pendingEndings = nil
    }

    func afterModelChange() {
        if state.mode == .grid || state.mode == .variations {
            if engine?.summary.isVAE == true { resample(); return }
            state.mode = .drawing
        }
        requestEndings()
    }

    func save() {
        guard !state.drawing.allStrokes.isEmpty else {
            state.message = "nothing to save: draw something first"
            return
        }
        let toSave = DrawingToSave(strokes: state.drawing.allStrokes, modelName: state.model?.name,
                                   dataPixelsPerUnit: state.model?.dataPixelsPerUnit ?? 1,
                                   temperature: state.temperature.value)
        do {
            let paths = try saver(toSave)
            state.message = "saved " + paths.joined(separator: " and ")
        } catch {
            state.message = "\(error)"
        }
    }

    // MARK: - Results

    public enum Received: Equatable {
        /// Nothing new.
        case none
        /// More of what is on screen: worth showing at the next frame.
        case progress
        /// The first points of new endings (or a model, an error): worth showing at once.
        case firstPoints
    }

    /// Folds in the worker's results and says how soon the screen should show them.
    @discardableResult
    public func receiveResults() -> Received {
        let messages = mailbox.drain()
        guard !messages.isEmpty else { return .none }
        var received = Received.progress
        for message in messages {
            switch message {
            case .endings(let job, let progress):
                if let pending = state.pendingEndings, pending.job == job {
                    state.endings = pending
                    state.pendingEndings = nil
                    received = .firstPoints
                }
                guard state.endings?.job == job else { continue }
                state.endings?.endings = progress.endings
                state.endings?.finished = progress.finished
            case .grid(let job, let cells):
                guard state.grid?.job == job, cells.count == state.grid?.cells.count else { continue }
                state.grid?.cells = cells
            case .variations(let job, let cells):
                guard state.variations?.job == job, cells.count == state.variations?.cells.count else { continue }
                state.variations?.cells = cells
            case .modelLoaded(let index, let engine):
                received = .firstPoints
                engines[index] = engine
                if index == state.modelIndex {
                    state.model = engine.summary
                    state.loadingModel = false
                    afterModelChange()
                }
            case .failed(let job, let text):
                if worker.isCurrent(job) || state.loadingModel {
                    received = .firstPoints
                    state.message = text
                    state.loadingModel = false
                    state.busy = false
                }
            case .jobDone(let job):
                if worker.isCurrent(job) { state.busy = false }
            }
        }
        return received
    }

    /// Called by the terminal layer once a frame is on screen: logs the timing marks it answers.
    public func frameShown(at time: UInt64 = DebugTiming.now()) {
        guard let timing else { keyMarks.removeAll(); penUpMark = nil; return }
        for mark in keyMarks {
            timing.log("key", since: mark.time, detail: "\(mark.name) generating=\(state.busy)")
        }
        keyMarks.removeAll()
        if let mark = penUpMark {
            guard let view = state.endings, view.job == mark.job else {
                if state.pendingEndings?.job != mark.job { penUpMark = nil }
                return
            }
            // Every ending shows a point (or has ended without one).
            if zip(view.endings, view.finished).allSatisfy({ !$0.isEmpty || $1 }) {
                timing.log("penup-first-points", since: mark.time,
                           detail: "endings=\(view.endings.count) points=\(view.prefix.reduce(0) { $0 + $1.count })")
                penUpMark = nil
            }
        }
    }

    /// Blocks until the worker is idle, then folds in its results (tests only).
    public func settle() {
        worker.waitUntilIdle()
        receiveResults()
    }
}

/// What `s` saves: the user's drawing (drawing units) and the model it was drawn with.
public struct DrawingToSave: Sendable {
    public var strokes: [[SIMD2<Float>]]
    public var modelName: String?
    /// The model's data pixels per drawing unit.
    public var dataPixelsPerUnit: Float
    public var temperature: Float

    public init(strokes: [[SIMD2<Float>]], modelName: String?, dataPixelsPerUnit: Float = 1, temperature: Float) {
        self.strokes = strokes
        self.modelName = modelName
        self.dataPixelsPerUnit = dataPixelsPerUnit
        self.temperature = temperature
    }
}
