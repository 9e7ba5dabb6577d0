import SketchRNN

/// Keeping the drawing in the state file (`Autosave`) as the session goes on.
extension AppController {
    /// Writes the drawing to the state file (nil: not kept).
    package var autosave: ((StrokeDrawing) throws -> Void)? {
        get { autosaving.write }
        set { autosaving.write = newValue }
    }

    /// Writes the drawing to the state file when it changed since the last write.
    func autosaveIfChanged(at time: UInt64) {
        if let failure = autosaving.writeIfChanged(state.drawing, model: state.model, at: time) { state.message = failure }
    }

    /// Why the newest strokes are not in the state file, when the last write failed: the app says
    /// so on quitting (the status bar said it once, perhaps long before).
    package var unkeptStrokes: String? { autosaving.failure }

    /// Writes any change not yet written (call before exiting).
    package func flushAutosave() {
        if let failure = autosaving.flush(state.drawing, model: state.model) { state.message = failure }
    }

    /// Called once a frame is on screen: the write a pen lift put off may be due.
    func autosaveAfterFrame(at time: UInt64) {
        if let failure = autosaving.frameShown(state, at: time) { state.message = failure }
    }
}
