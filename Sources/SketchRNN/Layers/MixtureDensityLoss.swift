import Foundation

/// Where each piece of the decoder's `6M + 3` outputs sits (docs/model.md §2): 3 pen logits, then M each of
/// pi logits, mu_x, mu_y, log sigma_x, log sigma_y and raw rho (rho = tanh of it).
package struct OutputLayout: Equatable, Sendable {
    package let mixtures: Int
    package init(mixtures: Int) { self.mixtures = mixtures }
    package var size: Int { 6 * mixtures + 3 }
    package var pen: Int { 0 }
    package var pi: Int { 3 }
    package var muX: Int { 3 + mixtures }
    package var muY: Int { 3 + 2 * mixtures }
    package var logSigmaX: Int { 3 + 3 * mixtures }
    package var logSigmaY: Int { 3 + 4 * mixtures }
    package var rho: Int { 3 + 5 * mixtures }
}

/// The reconstruction loss of one decoder output row against its target stroke-5 row (docs/model.md §3):
/// `-log(Σ_j π_j N(dx, dy | μ_j, σ_j, ρ_j) + 1e-6)` for the offsets and `-Σ_k p_k log q_k` for the pen,
/// with their gradients with respect to the raw outputs. Computed in double precision.
enum MixtureDensityLoss {
    /// Returns `(offset NLL, pen NLL)` of the row (0 for a part not counted) and, when `dy` is given,
    /// writes `weight ×` their gradients with respect to the raw row `y`.
    static func row(
        y: UnsafePointer<Float>, target: UnsafePointer<Float>, layout: OutputLayout,
        countOffset: Bool, countPen: Bool, weight: Float, dy: UnsafeMutablePointer<Float>?
    ) -> (offset: Double, pen: Double) {
        let M = layout.mixtures
        if let dy { dy.update(repeating: 0, count: layout.size) }
        var offsetLoss = 0.0, penLoss = 0.0
        let w = Double(weight)
        if countPen {
            let l0 = Double(y[0]), l1 = Double(y[1]), l2 = Double(y[2])
            let mx = max(l0, max(l1, l2))
            let e0 = exp(l0 - mx), e1 = exp(l1 - mx), e2 = exp(l2 - mx)
            let sum = e0 + e1 + e2, logSum = log(sum) + mx
            let p0 = Double(target[2]), p1 = Double(target[3]), p2 = Double(target[4])
            penLoss = -(p0 * (l0 - logSum) + p1 * (l1 - logSum) + p2 * (l2 - logSum))
            if let dy {
                let total = p0 + p1 + p2
                dy[0] = Float(w * (e0 / sum * total - p0))
                dy[1] = Float(w * (e1 / sum * total - p1))
                dy[2] = Float(w * (e2 / sum * total - p2))
            }
        }
        guard countOffset else { return (0, penLoss) }
        let x1 = Double(target[0]), x2 = Double(target[1])
        // log-softmax of the pi logits
        var mx = -Double.infinity
        for j in 0..<M { mx = max(mx, Double(y[layout.pi + j])) }
        var piSum = 0.0
        for j in 0..<M { piSum += exp(Double(y[layout.pi + j]) - mx) }
        let logPiNorm = log(piSum) + mx
        // Σ_j π_j N_j, with each component kept for the responsibilities (stack scratch, no heap).
        return withUnsafeTemporaryAllocation(of: Component.self, capacity: M) { comps in
            var total = 0.0
            for j in 0..<M {
                let g = gaussian(y: y, layout: layout, j: j, x1: x1, x2: x2, logWeight: Double(y[layout.pi + j]) - logPiNorm)
                comps[j] = g
                total += g.weightedDensity
            }
            let s = total + 1e-6
            offsetLoss = -log(s)
            guard let dy else { return (offsetLoss, penLoss) }
            for j in 0..<M {
                let g = comps[j]
                let pi = exp(Double(y[layout.pi + j]) - logPiNorm)
                let gamma = g.weightedDensity / s
                dy[layout.pi + j] = Float(-w * (gamma - pi * total / s))
                let q = g.oneMinusRho2
                let dMuX = (g.zx - g.rho * g.zy) / (q * g.sx)
                let dMuY = (g.zy - g.rho * g.zx) / (q * g.sy)
                let dLsX = -1 + g.zx * (g.zx - g.rho * g.zy) / q
                let dLsY = -1 + g.zy * (g.zy - g.rho * g.zx) / q
                let z = g.zx * g.zx + g.zy * g.zy - 2 * g.rho * g.zx * g.zy
                let dRho = g.zx * g.zy / q - g.rho * z / (q * q) + g.rho / q
                // d(-log s)/dθ = -γ_j d log N_j / dθ
                dy[layout.muX + j] = Float(-w * gamma * dMuX)
                dy[layout.muY + j] = Float(-w * gamma * dMuY)
                dy[layout.logSigmaX + j] = Float(-w * gamma * dLsX)
                dy[layout.logSigmaY + j] = Float(-w * gamma * dLsY)
                dy[layout.rho + j] = Float(-w * gamma * dRho * q)
            }
            return (offsetLoss, penLoss)
        }
    }

    /// One mixture component at a target point: `π_j N_j` and what its gradient needs.
    struct Component {
        var weightedDensity: Double, zx: Double, zy: Double, sx: Double, sy: Double, rho: Double, oneMinusRho2: Double
    }

    /// Component j's bivariate normal at `(x1, x2)`, weighted by its mixture weight `exp(logWeight)`.
    @inline(__always)
    static func gaussian(y: UnsafePointer<Float>, layout: OutputLayout, j: Int, x1: Double, x2: Double,
                         logWeight: Double) -> Component {
        let lsx = Double(y[layout.logSigmaX + j]), lsy = Double(y[layout.logSigmaY + j])
        let sx = exp(lsx), sy = exp(lsy)
        let rho = tanh(Double(y[layout.rho + j]))
        let zx = (x1 - Double(y[layout.muX + j])) / sx
        let zy = (x2 - Double(y[layout.muY + j])) / sy
        let q = 1 - rho * rho
        let z = zx * zx + zy * zy - 2 * rho * zx * zy
        let logDensity = -z / (2 * q) - lsx - lsy - 0.5 * log(q) - log(2 * Double.pi)
        return Component(weightedDensity: exp(logWeight + logDensity), zx: zx, zy: zy, sx: sx, sy: sy, rho: rho, oneMinusRho2: q)
    }
}
