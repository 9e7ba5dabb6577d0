import SketchRNN

/// A drawing from a file (the one kept last time, or one opened) that the person has not worked on
/// yet: it is centred on the canvas, its shape and size unchanged, and centred again whenever the
/// canvas changes size (the terminal's real size is known only once the screen is taken over).
struct OpenedDrawing {
    /// The strokes as opened, in drawing units.
    var strokes: [[SIMD2<Float>]]
    /// The undo history kept with the drawing, in drawing units: it moves with it (nil: the
    /// history is not the file's and stays where it is).
    var history: UndoHistory?

    /// The drawing (and its history) moved to the middle of `canvasFrame`, and the frame that
    /// shows it: the canvas's, grown to take the drawing in when it is larger.
    func placed(in canvasFrame: BoundingBox) -> (strokes: [[SIMD2<Float>]], history: UndoHistory?, frame: BoundingBox) {
        guard let box = BoundingBox(around: strokes.joined()) else { return (strokes, history, canvasFrame) }
        let shift = SIMD2(canvasFrame.minX + canvasFrame.width / 2 - (box.minX + box.width / 2),
                          canvasFrame.minY + canvasFrame.height / 2 - (box.minY + box.height / 2))
        let moved = BoundingBox(minX: box.minX + shift.x, minY: box.minY + shift.y, width: box.width, height: box.height)
        return (strokes.map { $0.map { $0 + shift } }, history?.mapped { $0 + shift },
                canvasFrame.union(moved.padded(by: 0.05, minimumSide: 0)))
    }
}
