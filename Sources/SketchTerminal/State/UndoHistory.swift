/// The drawing's earlier and undone states, so that every change — a stroke, a taken ending, a
/// taken grid cell or variation, a clear, an opened file — is one step back (`u`) and forward
/// (`U`). Drawings are small (a few hundred points), so whole states are kept rather than edits;
/// each step keeps a few words saying what it was, for the status bar.
package struct UndoHistory: Equatable, Sendable, Codable {
    package typealias Strokes = [[SIMD2<Float>]]

    /// A drawing as it was before (undo) or after (redo) a change, and what the change was.
    package struct Step: Equatable, Sendable, Codable {
        package var strokes: Strokes
        package var label: String
    }

    /// Oldest first.
    package private(set) var undoSteps: [Step] = []
    package private(set) var redoSteps: [Step] = []
    /// Steps kept; older ones are forgotten.
    package var limit = 1000

    package init() {}

    package var undoStack: [Strokes] { undoSteps.map(\.strokes) }
    package var redoStack: [Strokes] { redoSteps.map(\.strokes) }
    package var canUndo: Bool { !undoSteps.isEmpty }
    package var canRedo: Bool { !redoSteps.isEmpty }
    /// What `u` would take back, and what `U` would do again.
    package var undoLabel: String? { undoSteps.last?.label }
    package var redoLabel: String? { redoSteps.last?.label }

    /// Remembers `before`, the drawing as it was just before a change (`label` says what the
    /// change is: "a stroke", "taking ending 2"); a new change forgets what was undone.
    package mutating func record(_ before: Strokes, label: String = "a change") {
        undoSteps.append(Step(strokes: before, label: label))
        if undoSteps.count > limit { undoSteps.removeFirst(undoSteps.count - limit) }
        redoSteps.removeAll()
    }

    /// The drawing one step back, given the drawing now (kept for redo); nil when there is none.
    package mutating func undo(from now: Strokes) -> Strokes? {
        guard let previous = undoSteps.popLast() else { return nil }
        redoSteps.append(Step(strokes: now, label: previous.label))
        return previous.strokes
    }

    /// The drawing one step forward again, given the drawing now; nil when nothing was undone.
    package mutating func redo(from now: Strokes) -> Strokes? {
        guard let next = redoSteps.popLast() else { return nil }
        undoSteps.append(Step(strokes: now, label: next.label))
        return next.strokes
    }

    /// Every point of every step moved by `transform` (a kept history follows its drawing when
    /// the drawing is placed on a canvas of another size).
    package func mapped(_ transform: (SIMD2<Float>) -> SIMD2<Float>) -> UndoHistory {
        var copy = self
        copy.undoSteps = undoSteps.map { Step(strokes: $0.strokes.map { $0.map(transform) }, label: $0.label) }
        copy.redoSteps = redoSteps.map { Step(strokes: $0.strokes.map { $0.map(transform) }, label: $0.label) }
        return copy
    }

    /// Keeps only the newest `count` steps each way (a kept history stays small).
    package mutating func trim(to count: Int) {
        if undoSteps.count > count { undoSteps.removeFirst(undoSteps.count - count) }
        if redoSteps.count > count { redoSteps.removeFirst(redoSteps.count - count) }
    }
}
