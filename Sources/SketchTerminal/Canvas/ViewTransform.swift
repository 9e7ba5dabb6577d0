import SketchRNN

/// Maps drawing units (y down) to the dots of a panel, fitting a frame into the panel with its
/// aspect ratio kept and centred. Dots are square on screen, so one scale serves both axes.
package struct ViewTransform: Equatable, Sendable {
    /// Dots per drawing unit.
    package var scale: Float
    /// Dot position of drawing-space origin.
    package var offset: SIMD2<Float>

    package init(scale: Float, offset: SIMD2<Float>) {
        self.scale = scale
        self.offset = offset
    }

    /// Fits `frame` (in drawing units) into a `dotWidth` × `dotHeight` area, leaving `margin`
    /// dots on every side.
    package init(fitting frame: BoundingBox, dotWidth: Int, dotHeight: Int, margin: Float = 1) {
        let w = max(1, Float(dotWidth) - 1 - 2 * margin), h = max(1, Float(dotHeight) - 1 - 2 * margin)
        let fw = max(frame.width, 1e-3), fh = max(frame.height, 1e-3)
        let s = min(w / fw, h / fh)
        scale = s
        let usedW = fw * s, usedH = fh * s
        offset = SIMD2(margin + (w - usedW) / 2 - frame.minX * s, margin + (h - usedH) / 2 - frame.minY * s)
    }

    package func toDots(_ p: SIMD2<Float>) -> SIMD2<Float> { p * scale + offset }
    package func toDrawing(_ dot: SIMD2<Float>) -> SIMD2<Float> { (dot - offset) / scale }
}
