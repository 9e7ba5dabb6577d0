import SketchRNN

/// Keeping the drawing in the state file, and starting from a kept or opened drawing.
extension AppController {
    /// Writes the drawing to the state file when it changed since the last write: at once when
    /// the pen is up, at most every `autosaveInterval` while a stroke is being drawn.
    func autosaveIfChanged(at time: UInt64) {
        guard let autosave, autosaveAfterEndings == nil else { return }
        let strokes = state.drawing.allStrokes
        guard strokes != lastAutosaved.strokes || state.drawing.isPenDown != lastAutosaved.penDown else { return }
        if state.drawing.isPenDown, time &- lastAutosaveTime < autosaveInterval { return }
        let file = StrokeDrawing(polylines: strokes, units: .screen, pixelFactor: state.model?.dataPixelsPerUnit ?? 1,
                                 penLifted: !state.drawing.isPenDown, model: state.model?.name)
        lastAutosaveTime = time
        do {
            try autosave(file)
            lastAutosaved = (strokes, state.drawing.isPenDown)
            autosaveFailed = false
            unkeptReason = nil
        } catch {
            // Said once; each later change tries again.
            if !autosaveFailed { state.message = "the drawing is not being kept: \(error)" }
            autosaveFailed = true
            unkeptReason = "\(error)"
        }
    }

    /// Why the newest strokes are not in the state file, when the last write failed: the app says
    /// so on quitting (the status bar said it once, perhaps long before).
    package var unkeptStrokes: String? { autosaveFailed ? unkeptReason : nil }

    /// Writes any change not yet written (call before exiting).
    package func flushAutosave() {
        autosaveAfterEndings = nil
        autosaveIfChanged(at: lastAutosaveTime &+ autosaveInterval)
    }

    /// Called once a frame is on screen: the write a pen lift put off is done once the endings it
    /// asked for show their first points (or were replaced by newer ones).
    func autosaveAfterFrame(at time: UInt64) {
        guard let job = autosaveAfterEndings else { return }
        let shown = state.endings?.job == job && state.endings?.endings.contains { !$0.isEmpty } == true
        let superseded = state.pendingEndings?.job != job && state.endings?.job != job
        let finished = state.endings?.job == job && state.endings?.finished.allSatisfy { $0 } == true
        guard shown || superseded || finished || !state.busy else { return }
        autosaveAfterEndings = nil
        autosaveIfChanged(at: time)
    }

    /// Opens the app on the drawing kept in `stateFile` last time, if any. A file that cannot be
    /// read is moved aside (never overwritten) and the status bar says where it went.
    package func restore(from stateFile: DrawingStateFile) {
        do {
            guard let kept = try stateFile.read() else { return }
            let history = stateFile.readHistory()
            if kept.polylines.allSatisfy(\.isEmpty) {
                // An empty canvas (a clear before quitting): its history can still bring the drawing back.
                guard let history, history.canUndo else { return }
                state.history = history.mapped { $0 * self.unitScale(kept) }
                state.message = "the canvas was empty when you left: u brings back \(history.undoLabel.map { "what was before \($0)" } ?? "the drawing")"
                return
            }
            start(with: kept, history: history,
                  message: "restored your drawing from \(stateFile.url.path); c starts afresh (then u brings it back)")
        } catch {
            let aside = stateFile.setAside()
            state.message = "could not read the kept drawing (\(error))" + (aside.map { "; moved it to \($0.path)" } ?? "")
        }
    }

    /// Starts the session on `drawing` (the one kept last time): not an undoable step, as it is
    /// where the session begins.
    package func start(with drawing: PrefixDrawing, history: UndoHistory? = nil, message: String) {
        state.drawing = Drawing(strokes: drawingUnits(drawing))
        if let history {
            let f = unitScale(drawing)
            state.history = history.mapped { $0 * f }
            placeHistoryWithDrawing = true
        }
        placeDrawingOnNextResize = true
        resize(to: size)
        state.message = message
        requestEndings()
    }

    /// Opens `drawing` (a saved file) as one undoable step, so the drawing it replaces is one `u`
    /// away.
    package func open(_ drawing: PrefixDrawing, message: String) {
        replaceDrawing(with: drawingUnits(drawing), label: "opening a file")
        placeDrawingOnNextResize = true
        resize(to: size)
        state.message = message
        requestEndings()
    }

    /// A file's strokes in drawing units: the same size in the model's data pixels.
    func drawingUnits(_ drawing: PrefixDrawing) -> [[SIMD2<Float>]] {
        let f = unitScale(drawing)
        return drawing.polylines.map { line in line.map { $0 * f } }.filter { !$0.isEmpty }
    }

    /// Drawing units per unit of `drawing`'s file.
    func unitScale(_ drawing: PrefixDrawing) -> Float {
        drawing.dataPixelsPerUnit / (engine?.summary.dataPixelsPerUnit ?? 1)
    }

    /// The canvas's frame for the terminal as it is now, with the drawing (kept or opened) moved
    /// to its middle, its shape and size unchanged (if it is larger, the frame grows to take it in).
    func placeDrawing(in canvasFrame: BoundingBox) -> BoundingBox {
        guard let box = BoundingBox(around: state.drawing.allStrokes.joined()) else { return canvasFrame }
        let shift = SIMD2(canvasFrame.minX + canvasFrame.width / 2 - (box.minX + box.width / 2),
                          canvasFrame.minY + canvasFrame.height / 2 - (box.minY + box.height / 2))
        state.drawing = Drawing(strokes: state.drawing.strokes.map { $0.map { $0 + shift } })
        if placeHistoryWithDrawing { state.history = state.history.mapped { $0 + shift } }
        let moved = BoundingBox(minX: box.minX + shift.x, minY: box.minY + shift.y, width: box.width, height: box.height)
        return canvasFrame.union(moved.padded(by: 0.05, minimumSide: 0))
    }
}
