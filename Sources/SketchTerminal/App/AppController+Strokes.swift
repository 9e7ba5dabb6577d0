import SketchRNN

/// Strokes drawn with the mouse or the keyboard, and the live endings they ask for.
extension AppController {
    func handleMouse(_ mouse: MouseEvent, at time: UInt64) {
        guard mouse.button == 0 else { return }
        switch mouse.kind {
        case .press:
            guard state.mode == .drawing, let p = drawingPoint(for: mouse) else {
                click(x: mouse.x, y: mouse.y)
                return
            }
            state.message = nil
            state.keyboardPen = false
            beginStroke(at: p)
            state.mouseStroke = true
            state.lastPointer = p
            state.cursor = p
            drawingChanged(at: time)
        case .drag, .release:
            guard state.mouseStroke, let p = drawingPoint(for: mouse, anywhere: true) else { return }
            dragPointer(to: p, at: time)
            if mouse.kind == .release {
                state.lastPointer = nil
                finishStroke(at: time)
            }
        default: break
        }
    }

    /// The pointer moved to `p` with the button held: the stroke follows it inside the canvas;
    /// where it leaves, the pen lifts at the edge, and where it comes back, a new stroke starts
    /// at the edge.
    func dragPointer(to p: SIMD2<Float>, at time: UInt64) {
        guard let bounds = canvasBounds else { return }
        let from = state.lastPointer ?? p
        state.lastPointer = p
        guard let (entry, exit) = SegmentClip.clip(from, p, low: bounds.low, high: bounds.high) else {
            liftPenAtEdge(at: time)  // wholly outside
            return
        }
        if !state.drawing.isPenDown {
            beginStroke(at: entry)
            state.keyboardPen = false
        }
        state.cursor = exit
        if state.drawing.extend(to: exit) { drawingChanged(at: time) }
        if exit != p { liftPenAtEdge(at: time) }
    }

    /// Ends the stroke being dragged where it left the canvas; the drag itself goes on.
    func liftPenAtEdge(at time: UInt64) {
        guard state.mouseStroke, state.drawing.isPenDown else { return }
        state.drawing.penUp()
        if let job = requestEndings() {
            latencyMarks.penLifted(at: time, job: job)
            autosaving.waitsForEndings = job
        }
    }

    func finishStroke(at time: UInt64) {
        state.keyboardPen = false
        state.mouseStroke = false
        guard state.drawing.penUp() else { return }
        if let job = requestEndings() {
            latencyMarks.penLifted(at: time, job: job)
            autosaving.waitsForEndings = job
        }
    }

    /// The drawing changed while the pen is down: ask for live endings, throttled.
    func drawingChanged(at time: UInt64) {
        guard state.mode == .drawing else { return }
        if liveRequests.changed(at: time) { requestEndings() }
    }

    package enum Tick: Equatable { case idle, sent, due(UInt64) }

    /// Sends a throttled live request once it is due; otherwise says how long until it is
    /// (nanoseconds).
    @discardableResult
    package func tick(at time: UInt64 = DebugTiming.now()) -> Tick {
        switch liveRequests.due(at: time) {
        case .idle: return .idle
        case .later(let wait): return .due(wait)
        case .now:
            requestEndings()
            return .sent
        }
    }
}
