#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Learning rate decaying exponentially towards a floor (docs/model.md §3, TF):
/// `lr = (lr0 - lr_min) · decay^step + lr_min`.
package struct LearningRateSchedule: Sendable, Equatable, Codable {
    package var initial: Float
    package var minimum: Float
    package var decayRate: Float

    package init(initial: Float = 1e-3, minimum: Float = 1e-5, decayRate: Float = 0.9999) {
        self.initial = initial
        self.minimum = minimum
        self.decayRate = decayRate
    }

    package func rate(at step: Int) -> Float {
        Float(Double(initial - minimum) * pow(Double(decayRate), Double(step)) + Double(minimum))
    }
}

/// KL weight annealing (docs/model.md §3, TF): `klw = w_KL - (w_KL - start) · R^step`, which is
/// `w_KL · η_step` with `η_min = start / w_KL`. It starts at `start` (0.01 absolute) and rises to `w_KL`.
package struct KLWeightSchedule: Sendable, Equatable, Codable {
    package var weight: Float
    package var start: Float
    package var decayRate: Float

    package init(weight: Float = 0.5, start: Float = 0.01, decayRate: Float = 0.99995) {
        self.weight = weight
        self.start = start
        self.decayRate = decayRate
    }

    package func weight(at step: Int) -> Float {
        Float(Double(weight) - Double(weight - start) * pow(Double(decayRate), Double(step)))
    }
}
