#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stroke-5 point drawn from a decoder's raw output.
package struct DrawnPoint: Equatable, Sendable {
    package var dx: Float
    package var dy: Float
    package var pen: PenState

    package init(dx: Float, dy: Float, pen: PenState) {
        self.dx = dx
        self.dy = dy
        self.pen = pen
    }

    package var hasEnded: Bool { pen == .end }

    /// The point as a drawing keeps it (not for an ended draw).
    package var strokePoint: StrokePoint { StrokePoint(dx: dx, dy: dy, penLifted: pen != .down) }

    /// Writes the stroke-5 row this point is fed back as.
    @inline(__always)
    package func writeStroke5(to row: UnsafeMutablePointer<Float>) {
        Stroke5.write(dx: dx, dy: dy, pen: pen, to: row)
    }
}

/// Draws a point from a raw output row laid out as `OutputLayout` says (docs/model.md §2) at a
/// temperature (docs/model.md §4).
///
/// It works on the raw row so that only the chosen component's sigma and rho are ever
/// exponentiated; nothing is allocated.
package enum MixtureDraw {
    @inline(__always)
    package static func draw(
        _ y: UnsafePointer<Float>, layout: OutputLayout, temperature t: SamplingTemperature,
        rng: inout SeededGenerator
    ) -> DrawnPoint {
        let pen = PenSoftmax.drawPen(y + layout.pen, temperature: t, rng: &rng)
        let j = PenSoftmax.pick(y + layout.pi, count: layout.mixtures, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng)
        let muX = y[layout.muX + j], muY = y[layout.muY + j]
        if t.greedyOffsets { return DrawnPoint(dx: muX, dy: muY, pen: pen) }
        let scale = t.tau.squareRoot()
        let sx = expf(y[layout.logSigmaX + j]) * scale
        let sy = expf(y[layout.logSigmaY + j]) * scale
        let rho = tanhf(y[layout.rho + j])
        let n1 = rng.nextGaussian(), n2 = rng.nextGaussian()
        let dx = muX + sx * n1
        let dy = muY + sy * (rho * n1 + (max(0, 1 - rho * rho)).squareRoot() * n2)
        return DrawnPoint(dx: dx, dy: dy, pen: pen)
    }
}
