import Foundation
import SketchRNN

/// The progress bar's view of training events.
final class TrainingProgress {
    let bar: ProgressBar
    let deadline: Date?
    let startStep: Int
    let started = Date()
    private var recentRate: Double = 0
    /// Steps seen, their seconds, and the seconds of their gradient sums over the ranks.
    private(set) var steps = 0
    private(set) var stepSeconds = 0.0
    private(set) var reduceSeconds = 0.0

    init(targetSteps: Int, startStep: Int, deadline: Date?) {
        self.deadline = deadline
        self.startStep = startStep
        bar = ProgressBar(total: targetSteps == Int.max ? nil : targetSteps, startCount: startStep, label: "train")
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .step(let r):
            steps += 1
            stepSeconds += r.seconds
            reduceSeconds += r.reduceSeconds
            let rate = r.seconds > 0 ? Double(r.losses.sketches) / r.seconds : 0
            recentRate = recentRate == 0 ? rate : 0.9 * recentRate + 0.1 * rate
            var detail = String(format: "loss %.4f  L_R %.4f", r.losses.total, r.losses.reconstruction)
            if r.klWeight > 0 { detail += String(format: "  L_KL %.4f", r.losses.kl) }
            detail += String(format: "  lr %.2e", r.learningRate)
            if r.klWeight > 0 { detail += String(format: "  klw %.3f", r.klWeight) }
            detail += String(format: "  %.0f sketches/s", recentRate)
            var eta = bar.eta(count: r.step)
            var fraction: Double?
            if let deadline {
                let left = max(deadline.timeIntervalSinceNow, 0)
                if eta == nil || left < eta! {
                    eta = left
                    let spent = Date().timeIntervalSince(started)
                    fraction = spent / max(spent + left, 1e-9)
                }
            }
            bar.update(r.step, detail: detail, etaOverride: eta, fraction: fraction)
        case .skipped(let step, let reason, let n):
            bar.message("step \(step): update skipped (\(n) in a row): \(reason)")
        case .validation(let step, let v, let isBest):
            bar.message(String(format: "validation at step %d: loss %.4f  L_R %.4f (L_s %.4f, L_p %.4f)  L_KL %.4f%@",
                               step, v.total, v.reconstruction, v.offset, v.pen, v.kl, isBest ? "  (best)" : ""))
        case .checkpoint:
            break
        }
    }

    func finish() { bar.finish() }
}
