extension Sketch {
    /// The box around every absolute point (the origin the pen starts from is not a point),
    /// or nil for an empty sketch.
    package var boundingBox: BoundingBox? {
        BoundingBox(around: polylines.joined())
    }

    /// Multiplies every offset by `sx` and `sy` (this scales the drawing about the origin).
    package func scaled(x sx: Float, y sy: Float) -> Sketch {
        Sketch(points: points.map { StrokePoint(dx: $0.dx * sx, dy: $0.dy * sy, penLifted: $0.penLifted) })
    }

    /// Moves the first point so that the bounding box is centred on `center` (default origin).
    /// Only the first offset changes: everything after is relative.
    package func centred(on center: SIMD2<Float> = .zero) -> Sketch {
        guard let box = boundingBox, !points.isEmpty else { return self }
        let shift = center - box.center
        var copy = self
        copy.points[0].dx += shift.x
        copy.points[0].dy += shift.y
        return copy
    }

    /// Scales uniformly (keeping the aspect ratio) so the drawing fits a `width` x `height` box,
    /// and places it centred in the box whose top-left corner is `origin`.
    package func fitted(width: Float, height: Float, origin: SIMD2<Float> = .zero) -> Sketch {
        guard let box = boundingBox else { return self }
        let extent = max(box.width / max(width, .leastNormalMagnitude), box.height / max(height, .leastNormalMagnitude))
        let factor: Float = extent > 0 ? 1 / extent : 1
        return scaled(x: factor, y: factor).centred(on: origin + SIMD2(width / 2, height / 2))
    }
}
