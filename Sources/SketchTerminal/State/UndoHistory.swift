/// The drawing's earlier and undone states, so that every change — a stroke, a taken ending, a
/// taken grid cell or variation, a clear, an opened file — is one step back (`u`) and forward
/// (`U`). Drawings are small (a few hundred points), so whole states are kept rather than edits.
package struct UndoHistory: Equatable, Sendable {
    package typealias Strokes = [[SIMD2<Float>]]

    /// Oldest first.
    package private(set) var undoStack: [Strokes] = []
    package private(set) var redoStack: [Strokes] = []
    /// Steps kept; older ones are forgotten.
    package var limit = 1000

    package init() {}

    package var canUndo: Bool { !undoStack.isEmpty }
    package var canRedo: Bool { !redoStack.isEmpty }

    /// Remembers `before`, the drawing as it was just before a change; a new change forgets
    /// what was undone.
    package mutating func record(_ before: Strokes) {
        undoStack.append(before)
        if undoStack.count > limit { undoStack.removeFirst(undoStack.count - limit) }
        redoStack.removeAll()
    }

    /// The drawing one step back, given the drawing now (kept for redo); nil when there is none.
    package mutating func undo(from now: Strokes) -> Strokes? {
        guard let previous = undoStack.popLast() else { return nil }
        redoStack.append(now)
        return previous
    }

    /// The drawing one step forward again, given the drawing now; nil when nothing was undone.
    package mutating func redo(from now: Strokes) -> Strokes? {
        guard let next = redoStack.popLast() else { return nil }
        undoStack.append(now)
        return next
    }
}
