#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stroke-5 point drawn from a decoder's raw output.
package struct DrawnPoint: Equatable, Sendable {
    package var dx: Float
    package var dy: Float
    /// 0: pen stays down, 1: pen lifts after this point, 2: the drawing ends.
    package var pen: Int

    package init(dx: Float, dy: Float, pen: Int) {
        self.dx = dx
        self.dy = dy
        self.pen = pen
    }

    package var hasEnded: Bool { pen == 2 }

    /// The stroke-5 row this point is fed back as.
    package var row: (Float, Float, Float, Float, Float) {
        (dx, dy, pen == 0 ? 1 : 0, pen == 1 ? 1 : 0, pen == 2 ? 1 : 0)
    }
}

/// Draws a point from the raw `6M + 3` output row `[3 pen logits, M pi logits, M mu_x, M mu_y,
/// M log sigma_x, M log sigma_y, M raw rho]` (docs/model.md §2) at a temperature (docs/model.md §4).
///
/// It works on the raw row so that only the chosen component's sigma and rho are ever
/// exponentiated; nothing is allocated.
package enum MixtureDraw {
    @inline(__always)
    package static func draw(
        _ y: UnsafePointer<Float>, mixtures m: Int, temperature t: SamplingTemperature,
        rng: inout SeededGenerator
    ) -> DrawnPoint {
        let pen: Int
        switch t.pen {
        case .tempered: pen = pick(y, count: 3, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng)
        case .untemperedEnd: pen = pickPenWithUntemperedEnd(y, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng)
        case .untempered: pen = pick(y, count: 3, temperature: 1, greedy: false, rng: &rng)
        }
        let j = pick(y + 3, count: m, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng)
        let muX = y[3 + m + j], muY = y[3 + 2 * m + j]
        if t.greedyOffsets { return DrawnPoint(dx: muX, dy: muY, pen: pen) }
        let scale = t.tau.squareRoot()
        let sx = expf(y[3 + 3 * m + j]) * scale
        let sy = expf(y[3 + 4 * m + j]) * scale
        let rho = tanhf(y[3 + 5 * m + j])
        let n1 = rng.nextGaussian(), n2 = rng.nextGaussian()
        let dx = muX + sx * n1
        let dy = muY + sy * (rho * n1 + (max(0, 1 - rho * rho)).squareRoot() * n2)
        return DrawnPoint(dx: dx, dy: dy, pen: pen)
    }

    /// The end state with its probability at temperature 1 (even when greedy: the model's own
    /// hazard decides), otherwise pen down or up from their two-way softmax at `temperature`.
    @inline(__always)
    static func pickPenWithUntemperedEnd(
        _ logits: UnsafePointer<Float>, temperature: Float, greedy: Bool, rng: inout SeededGenerator
    ) -> Int {
        let largest = max(logits[0], logits[1], logits[2])
        let down = expf(logits[0] - largest), up = expf(logits[1] - largest), end = expf(logits[2] - largest)
        if rng.nextUniform() * (down + up + end) < end { return 2 }
        return pick(logits, count: 2, temperature: temperature, greedy: greedy, rng: &rng)
    }

    /// Index drawn from `softmax(logits / temperature)`, or the argmax when greedy.
    @inline(__always)
    static func pick(
        _ logits: UnsafePointer<Float>, count: Int, temperature: Float, greedy: Bool,
        rng: inout SeededGenerator
    ) -> Int {
        var best = 0
        var largest = logits[0]
        for k in 1..<count where logits[k] > largest {
            largest = logits[k]
            best = k
        }
        if greedy { return best }
        let inverse = 1 / temperature
        var total: Float = 0
        for k in 0..<count { total += expf((logits[k] - largest) * inverse) }
        var u = rng.nextUniform() * total
        for k in 0..<count {
            u -= expf((logits[k] - largest) * inverse)
            if u < 0 { return k }
        }
        return best  // rounding left u at or just above 0: the mass ends with the largest terms
    }
}
