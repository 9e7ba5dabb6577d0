/// The moments `--debug-timing` measures from, waiting for the screen to answer them: key presses
/// (answered by the next frame) and a pen lift (answered once every ending shows a point).
struct LatencyMarks {
    private var keys: [(time: UInt64, name: String)] = []
    private var penUp: (time: UInt64, job: Int)?

    mutating func keyPressed(_ name: String, at time: UInt64) {
        keys.append((time, name))
    }

    /// The pen lifted at `time`, asking for endings job `job`.
    mutating func penLifted(at time: UInt64, job: Int) {
        penUp = (time, job)
    }

    /// A frame showing `state` is on screen: logs what it answers to `timing` (nil: nothing is
    /// logged, the marks are dropped).
    mutating func frameShown(_ state: AppState, timing: DebugTiming?) {
        guard let timing else { keys.removeAll(); penUp = nil; return }
        for mark in keys {
            timing.log("key", since: mark.time, detail: "\(mark.name) generating=\(state.busy)")
        }
        keys.removeAll()
        guard let mark = penUp else { return }
        guard let view = state.endings, view.job == mark.job else {
            if state.pendingEndings?.job != mark.job { penUp = nil }
            return
        }
        // Every ending shows a point (or has ended without one).
        if zip(view.endings, view.finished).allSatisfy({ !$0.isEmpty || $1 }) {
            timing.log("penup-first-points", since: mark.time,
                       detail: "endings=\(view.endings.count) points=\(view.prefix.reduce(0) { $0 + $1.count })")
            penUp = nil
        }
    }
}
