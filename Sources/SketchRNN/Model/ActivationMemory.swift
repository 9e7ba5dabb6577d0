import Foundation

/// What a training graph's saved activations will take, checked before any of it is allocated: a
/// batch size or Nmax from a command line or a file must not make the process abort on allocation.
package enum ActivationMemory {
    /// How many bytes `SketchRNNTrainingGraph(config:maxBatch:maxSteps:)` allocates for its
    /// activations (its buffers' own sizes, `SketchRNNTrainingGraph.Sizes`, counted without
    /// overflow), or nil when that is more than `Int` counts.
    package static func estimatedBytes(config: ModelConfig, maxBatch: Int, maxSteps: Int) -> Int? {
        let bytes = SketchRNNTrainingGraph.Sizes(config: config, maxBatch: Double(maxBatch), maxSteps: Double(maxSteps)).bytes
        return bytes < Double(Int.max) ? Int(bytes) : nil
    }

    /// The most a graph may take: three quarters of this machine's memory.
    package static var budget: Int { Int(ProcessInfo.processInfo.physicalMemory / 4 * 3) }

    /// Throws a message naming the fix when the activations would not fit the budget.
    package static func check(config: ModelConfig, maxBatch: Int, maxSteps: Int, budget: Int = budget) throws {
        guard maxBatch >= 1, maxSteps >= 1 else {
            throw ModelConfigError.invalid("the batch size and Nmax must be at least 1, got \(maxBatch) and \(maxSteps)")
        }
        let bytes = estimatedBytes(config: config, maxBatch: maxBatch, maxSteps: maxSteps)
        guard let bytes, bytes <= budget else {
            let size = bytes.map { String(format: "about %.1f GB", Double($0) / 1e9) } ?? "more memory than can be counted"
            throw ModelConfigError.invalid(
                "batches of \(maxBatch) sketches of up to \(maxSteps) points would need \(size) of activations, "
                + String(format: "more than this machine's budget of %.1f GB; ", Double(budget) / 1e9)
                + "use smaller batches or a lower Nmax")
        }
    }
}
