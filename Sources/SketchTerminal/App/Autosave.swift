import SketchRNN

/// Keeps the drawing in the state file as it changes: at once when the pen is up, at most every
/// `interval` while a stroke is being drawn. At a pen lift the write waits until the endings it
/// asked for show their first points, so that it never delays them.
struct Autosave {
    /// Writes the drawing to the state file (nil: not kept).
    var write: ((StrokeDrawing) throws -> Void)?
    /// While a stroke is being drawn the state file is written at most this often (nanoseconds).
    var interval: UInt64 = 500_000_000
    /// The endings job a pen lift asked for, which the write waits for.
    var waitsForEndings: Int?
    private var lastWritten: (strokes: [[SIMD2<Float>]], penDown: Bool) = ([], false)
    private var lastTime: UInt64 = 0
    /// Why the last write failed (nil: it did not).
    private(set) var failure: String?

    /// Writes `drawing` (drawn with `model`) when it changed since the last write and no pen
    /// lift's endings are awaited. Returns what the status bar should say: a failure, the first
    /// time only (each later change tries again).
    mutating func writeIfChanged(_ drawing: Drawing, model: ModelSummary?, at time: UInt64) -> String? {
        guard let write, waitsForEndings == nil else { return nil }
        let strokes = drawing.allStrokes
        guard strokes != lastWritten.strokes || drawing.isPenDown != lastWritten.penDown else { return nil }
        if drawing.isPenDown, time &- lastTime < interval { return nil }
        let file = StrokeDrawing(polylines: strokes, units: .screen, pixelFactor: model?.dataPixelsPerUnit ?? 1,
                                 penLifted: !drawing.isPenDown, model: model?.name)
        lastTime = time
        do {
            try write(file)
            lastWritten = (strokes, drawing.isPenDown)
            failure = nil
            return nil
        } catch {
            let firstFailure = failure == nil
            failure = "\(error)"
            return firstFailure ? "the drawing is not being kept: \(error)" : nil
        }
    }

    /// Writes any change not yet written, the interval or awaited endings notwithstanding (before
    /// exiting).
    mutating func flush(_ drawing: Drawing, model: ModelSummary?) -> String? {
        waitsForEndings = nil
        return writeIfChanged(drawing, model: model, at: lastTime &+ interval)
    }

    /// Once a frame is on screen: the write a pen lift put off is done once the endings it asked
    /// for show their first points (or have finished, or were replaced by newer ones, or nothing
    /// is being worked on).
    mutating func frameShown(_ state: AppState, at time: UInt64) -> String? {
        guard let job = waitsForEndings else { return nil }
        let shown = state.endings?.job == job && state.endings?.endings.contains { !$0.isEmpty } == true
        let superseded = state.pendingEndings?.job != job && state.endings?.job != job
        let finished = state.endings?.job == job && state.endings?.finished.allSatisfy { $0 } == true
        guard shown || superseded || finished || !state.busy else { return nil }
        waitsForEndings = nil
        return writeIfChanged(state.drawing, model: state.model, at: time)
    }
}
