#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one softmax over a decoder's logits at a temperature (docs/model.md §4), for the pen states
/// and the mixture weights alike: the sampler draws from its weights, `StrokePDF` and `EndProbe`
/// read them as probabilities, so a distribution shown is the one drawn from.
package enum PenSoftmax {
    /// Writes `exp((l_k - max) / temperature)` for the `count` logits into `weights` and returns
    /// their sum; when `greedy`, a one-hot on the largest logit (sum 1).
    @inline(__always)
    package static func weights(_ logits: UnsafePointer<Float>, count: Int, temperature: Float, greedy: Bool,
                                into weights: UnsafeMutablePointer<Float>) -> Float {
        var best = 0
        var largest = logits[0]
        for k in 1..<count where logits[k] > largest {
            largest = logits[k]
            best = k
        }
        if greedy {
            for k in 0..<count { weights[k] = k == best ? 1 : 0 }
            return 1
        }
        let inverse = 1 / temperature
        var total: Float = 0
        for k in 0..<count {
            weights[k] = expf((logits[k] - largest) * inverse)
            total += weights[k]
        }
        return total
    }

    /// An index drawn from the weights (one uniform). Rounding can leave the uniform at or just
    /// above the total: the mass then ends with the largest weight's index, `fallback`.
    @inline(__always)
    package static func draw(_ weights: UnsafePointer<Float>, count: Int, total: Float, fallback: Int,
                             rng: inout SeededGenerator) -> Int {
        var u = rng.nextUniform() * total
        for k in 0..<count {
            u -= weights[k]
            if u < 0 { return k }
        }
        return fallback
    }

    /// An index drawn from `softmax(logits / temperature)`, or the largest logit's when greedy.
    @inline(__always)
    package static func pick(_ logits: UnsafePointer<Float>, count: Int, temperature: Float, greedy: Bool,
                             rng: inout SeededGenerator) -> Int {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { w in
            let total = weights(logits, count: count, temperature: temperature, greedy: greedy, into: w.baseAddress!)
            // The largest logit's weight is exp(0) = 1 exactly (the one-hot's 1 when greedy).
            let largest = w.firstIndex(of: 1) ?? 0
            if greedy { return largest }
            return draw(w.baseAddress!, count: count, total: total, fallback: largest, rng: &rng)
        }
    }

    /// The pen state drawn from the three pen logits as `t.pen` says.
    @inline(__always)
    package static func drawPen(_ logits: UnsafePointer<Float>, temperature t: SamplingTemperature,
                                rng: inout SeededGenerator) -> PenState {
        switch t.pen {
        case .tempered:
            return PenState(rawValue: pick(logits, count: 3, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng))!
        case .untempered:
            return PenState(rawValue: pick(logits, count: 3, temperature: 1, greedy: false, rng: &rng))!
        case .untemperedEnd:
            // The end at the model's own odds (even when greedy: its own hazard decides), else
            // down or up from their two-way softmax at the temperature.
            return withUnsafeTemporaryAllocation(of: Float.self, capacity: 3) { w in
                let total = weights(logits, count: 3, temperature: 1, greedy: false, into: w.baseAddress!)
                if rng.nextUniform() * total < w[2] { return .end }
                return PenState(rawValue: pick(logits, count: 2, temperature: t.softmax, greedy: t.greedySoftmax, rng: &rng))!
            }
        }
    }

    /// The probabilities of down, up and end that `drawPen` draws from.
    package static func penProbabilities(_ logits: UnsafePointer<Float>, temperature t: SamplingTemperature) -> (down: Float, up: Float, end: Float) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3) { w in
            let p = w.baseAddress!
            switch t.pen {
            case .tempered, .untempered:
                let untempered = t.pen == .untempered
                let total = weights(logits, count: 3, temperature: untempered ? 1 : t.softmax,
                                    greedy: untempered ? false : t.greedySoftmax, into: p)
                return (p[0] / total, p[1] / total, p[2] / total)
            case .untemperedEnd:
                let total = weights(logits, count: 3, temperature: 1, greedy: false, into: p)
                let end = p[2] / total
                let downUp = weights(logits, count: 2, temperature: t.softmax, greedy: t.greedySoftmax, into: p)
                return (p[0] / downUp * (1 - end), p[1] / downUp * (1 - end), end)
            }
        }
    }
}
