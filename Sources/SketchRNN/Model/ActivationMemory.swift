import Foundation

/// What a training graph's saved activations will take, checked before any of it is allocated: a
/// batch size or Nmax from a command line or a file must not make the process abort on allocation.
package enum ActivationMemory {
    /// About how many bytes `SketchRNNTrainingGraph(config:maxBatch:maxSteps:)` allocates, or nil
    /// when the count overflows. Counts the per-(row, step) buffers, which dominate.
    package static func estimatedBytes(config c: ModelConfig, maxBatch: Int, maxSteps: Int) -> Int? {
        let h = c.decoderSize, hh = c.hyperSize
        // Floats each row keeps per step: gates, h, c and their gradients' buffers; layer norms add
        // their normalised values; the hyper cell adds its blocks, its own cell and embeddings.
        var perRowStep: Int
        switch c.cell {
        case .lstm: perRowStep = 8 * h
        case .layerNorm: perRowStep = 14 * h
        case .hyper: perRowStep = 23 * h + 14 * hh + 12 * c.hyperEmbedding
        }
        perRowStep += 2 * c.outputSize + (c.isVAE ? 14 * c.encoderSize + 5 : 0)
        // 4 bytes a float, plus a byte of dropout mask a unit and two doubles of losses.
        let bytesPerRowStep = 4 * perRowStep + h + 16
        let (rows, o1) = maxBatch.multipliedReportingOverflow(by: maxSteps)
        let (bytes, o2) = rows.multipliedReportingOverflow(by: bytesPerRowStep)
        return o1 || o2 ? nil : bytes
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
