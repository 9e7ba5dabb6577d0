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
    package init(fitting frame: DrawingFrame, dotWidth: Int, dotHeight: Int, margin: Float = 1) {
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

/// A rectangle in drawing units.
package struct DrawingFrame: Equatable, Sendable {
    package var minX: Float
    package var minY: Float
    package var width: Float
    package var height: Float

    package init(minX: Float, minY: Float, width: Float, height: Float) {
        self.minX = minX
        self.minY = minY
        self.width = width
        self.height = height
    }

    package var maxX: Float { minX + width }
    package var maxY: Float { minY + height }

    /// The frame around all `points`, or nil when there are none.
    package init?<S: Sequence>(around points: S) where S.Element == SIMD2<Float> {
        var lo = SIMD2<Float>(.infinity, .infinity), hi = SIMD2<Float>(-.infinity, -.infinity)
        var any = false
        for p in points where p.x.isFinite && p.y.isFinite {
            lo = pointwiseMin(lo, p)
            hi = pointwiseMax(hi, p)
            any = true
        }
        guard any else { return nil }
        self.init(minX: lo.x, minY: lo.y, width: hi.x - lo.x, height: hi.y - lo.y)
    }

    package func union(_ other: DrawingFrame) -> DrawingFrame {
        let x0 = min(minX, other.minX), y0 = min(minY, other.minY)
        return DrawingFrame(minX: x0, minY: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }

    /// Grown by `fraction` of its larger side on every side, and at least `minimumSide` wide and tall.
    package func padded(by fraction: Float, minimumSide: Float) -> DrawingFrame {
        let pad = max(width, height) * fraction
        var f = DrawingFrame(minX: minX - pad, minY: minY - pad, width: width + 2 * pad, height: height + 2 * pad)
        if f.width < minimumSide { f.minX -= (minimumSide - f.width) / 2; f.width = minimumSide }
        if f.height < minimumSide { f.minY -= (minimumSide - f.height) / 2; f.height = minimumSide }
        return f
    }
}
