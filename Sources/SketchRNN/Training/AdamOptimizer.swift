#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma & Ba) over one flat parameter buffer, as TF's `AdamOptimizer` computes it:
/// the bias correction is folded into the step size and epsilon is added to `sqrt(v)`.
///
/// The moments live in buffers of the same layout as the parameters, so one pass over three
/// arrays updates the whole model; nothing is allocated per step.
package struct AdamOptimizer: Sendable, Equatable {
    package var beta1: Float
    package var beta2: Float
    package var epsilon: Float
    /// First and second moment estimates, same layout as the parameters.
    package var firstMoment: [Float]
    package var secondMoment: [Float]
    /// Updates applied so far (`t` in the paper; the bias correction uses `t + 1` for the next one).
    package var updates: Int

    package init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.firstMoment = [Float](repeating: 0, count: parameterCount)
        self.secondMoment = [Float](repeating: 0, count: parameterCount)
        self.updates = 0
    }

    /// One Adam step: `parameters -= lr_t * m / (sqrt(v) + eps)`.
    package mutating func update(parameters: inout [Float], gradients: [Float], learningRate: Float) {
        precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count,
                     "Adam: parameter, gradient and moment buffers differ in size")
        updates += 1
        // Double for the powers: the correction must not drift over hundreds of thousands of steps.
        let t = Double(updates)
        let correction = (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t))
        let stepSize = Float(Double(learningRate) * correction)
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 - b1, c2 = 1 - b2
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n {
                            let gi = g[i]
                            let mi = b1 * m[i] + c1 * gi
                            let vi = b2 * v[i] + c2 * gi * gi
                            m[i] = mi
                            v[i] = vi
                            p[i] -= stepSize * mi / (vi.squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
