import SketchRNN

/// Every change to the drawing goes through here, so that each is one step of the undo history.
extension AppController {
    /// Replaces the whole drawing (a taken ending, grid cell or variation, a clear) as one step.
    func replaceDrawing(with strokes: [[SIMD2<Float>]], label: String) {
        state.history.record(state.drawing.allStrokes, label: label)
        setDrawing(strokes)
    }

    /// Puts the pen down at `point`: the stroke that starts here is one step.
    func beginStroke(at point: SIMD2<Float>) {
        state.history.record(state.drawing.allStrokes, label: "a stroke")
        state.drawing.penDown(at: point)
    }

    func undo() {
        let label = state.history.undoLabel ?? "a change"
        guard let previous = state.history.undo(from: state.drawing.allStrokes) else {
            state.message = "nothing to undo"
            return
        }
        setDrawing(previous)
        state.message = "undid \(label) (U redoes it)" + (state.history.canUndo ? "" : "; nothing before it")
    }

    func redo() {
        let label = state.history.redoLabel ?? "a change"
        guard let next = state.history.redo(from: state.drawing.allStrokes) else {
            state.message = "nothing to redo"
            return
        }
        setDrawing(next)
        state.message = "redid \(label) (u undoes it)"
    }

    /// The drawing becomes `strokes` (pen up) and the endings follow it.
    private func setDrawing(_ strokes: [[SIMD2<Float>]]) {
        state.keyboardPen = false
        state.mouseStroke = false
        state.drawing = Drawing(strokes: strokes)
        if strokes.isEmpty { resize(to: size) }  // an empty canvas takes the frame of the canvas again
        if state.mode == .drawing { requestEndings() }
    }
}
