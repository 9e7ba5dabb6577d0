/// An axis-aligned rectangle in a drawing's units (y down on screen): a sketch's extent, or the
/// frame an app fits into a panel.
package struct BoundingBox: Equatable, Sendable {
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

    package init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.init(minX: minX, minY: minY, width: maxX - minX, height: maxY - minY)
    }

    /// The box around the finite ones of `points`, or nil when there are none.
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

    package var maxX: Float { minX + width }
    package var maxY: Float { minY + height }
    package var center: SIMD2<Float> { SIMD2((minX + maxX) / 2, (minY + maxY) / 2) }

    package func union(_ other: BoundingBox) -> BoundingBox {
        let x0 = min(minX, other.minX), y0 = min(minY, other.minY)
        return BoundingBox(minX: x0, minY: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }

    /// Grown by `fraction` of its larger side on every side, and at least `minimumSide` wide and tall.
    package func padded(by fraction: Float, minimumSide: Float) -> BoundingBox {
        let pad = max(width, height) * fraction
        var f = BoundingBox(minX: minX - pad, minY: minY - pad, width: width + 2 * pad, height: height + 2 * pad)
        if f.width < minimumSide { f.minX -= (minimumSide - f.width) / 2; f.width = minimumSide }
        if f.height < minimumSide { f.minY -= (minimumSide - f.height) / 2; f.height = minimumSide }
        return f
    }
}
