/// The part of a segment inside an axis-aligned rectangle (Liang–Barsky): how a stroke dragged
/// across the canvas's edge is cut where the pointer leaves and where it comes back.
package enum SegmentClip {
    /// The piece of `a`→`b` inside `low`…`high` (ends included), or nil when none of it is.
    package static func clip(_ a: SIMD2<Float>, _ b: SIMD2<Float>, low: SIMD2<Float>, high: SIMD2<Float>) -> (SIMD2<Float>, SIMD2<Float>)? {
        let d = b - a
        var t0: Float = 0, t1: Float = 1
        for (p, q) in [(-d.x, a.x - low.x), (d.x, high.x - a.x), (-d.y, a.y - low.y), (d.y, high.y - a.y)] {
            if p == 0 {
                if q < 0 { return nil }  // parallel to this edge and outside it
                continue
            }
            let r = q / p
            if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            if t0 > t1 { return nil }
        }
        let start = t0 == 0 ? a : a + d * t0
        let end = t1 == 1 ? b : a + d * t1
        return (start, end)
    }
}
