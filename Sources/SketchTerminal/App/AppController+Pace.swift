/// The drawing pace (`w`): each ending is shown a few points at a time, as the sketch-rnn web
/// demos draw, for people who like to watch the model draw. The model still samples at full
/// speed; only the screen holds the points back.
extension AppController {
    /// Points of each ending drawn per second at the drawing pace.
    package static let pacePointsPerSecond: Double = 40

    /// How many points of each ending to draw at `time`, or nil (all of them) when the pace is off.
    /// The first point shows at once.
    package func revealedPoints(at time: UInt64) -> Int? {
        guard state.paced else { return nil }
        guard time >= state.endingsShownAt else { return 1 }
        let seconds = Double(time - state.endingsShownAt) / 1e9
        guard seconds < 3600 else { return Int.max }
        return 1 + Int(seconds * AppController.pacePointsPerSecond)
    }

    /// True while the pace still holds back points the model has given: the screen should be
    /// drawn again shortly.
    package func isRevealing(at time: UInt64 = DebugTiming.now()) -> Bool {
        guard state.mode == .drawing, let shown = revealedPoints(at: time), let view = state.endings else { return false }
        return view.endings.contains { $0.count > shown }
    }
}
