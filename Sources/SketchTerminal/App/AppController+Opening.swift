import SketchRNN

/// Starting from a kept or opened drawing (`OpenedDrawing`), centred on the canvas until the
/// person works on it.
extension AppController {
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
        let f = unitScale(drawing)
        let kept = history?.mapped { $0 * f }
        if let kept { state.history = kept }
        show(OpenedDrawing(strokes: drawingUnits(drawing), history: kept), message: message)
    }

    /// Opens `drawing` (a saved file) as one undoable step, so the drawing it replaces is one `u`
    /// away.
    package func open(_ drawing: PrefixDrawing, message: String) {
        opened = nil  // the one kept, if any, gives way
        replaceDrawing(with: drawingUnits(drawing), label: "opening a file")
        show(OpenedDrawing(strokes: state.drawing.strokes, history: nil), message: message)
    }

    private func show(_ drawing: OpenedDrawing, message: String) {
        state.drawing = Drawing(strokes: drawing.strokes)
        opened = drawing
        place(drawing)
        state.message = message
        requestEndings()
    }

    /// Centres `drawing` on the canvas as it is now; true when that moved it.
    @discardableResult
    func place(_ drawing: OpenedDrawing) -> Bool {
        guard let layout else { return false }
        let canvas = canvasFrame(for: layout)
        let placed = drawing.placed(in: canvas)
        state.cursor = SIMD2(canvas.minX + canvas.width / 2, canvas.minY + canvas.height / 2)
        state.frame = placed.frame
        if let history = placed.history { state.history = history }
        guard placed.strokes != state.drawing.strokes else { return false }
        state.drawing = Drawing(strokes: placed.strokes)
        return true
    }

    /// A file's strokes in drawing units: the same size in the model's data pixels.
    func drawingUnits(_ drawing: PrefixDrawing) -> [[SIMD2<Float>]] {
        let f = unitScale(drawing)
        return drawing.polylines.map { line in line.map { $0 * f } }.filter { !$0.isEmpty }
    }

    /// Drawing units per unit of `drawing`'s file.
    func unitScale(_ drawing: PrefixDrawing) -> Float {
        (engine?.summary.units ?? Units(dataPixelsPerModelUnit: 1)).callerUnits(perUnitAt: drawing.dataPixelsPerUnit)
    }
}
