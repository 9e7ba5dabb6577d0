import Foundation

/// Endings of a drawing in progress, as a completion reports them step by step.
public struct Completion: Sendable, Equatable {
    /// Steps the endings have taken (0 before the first).
    public var step: Int
    /// One ending per requested count: stroke-3 points in the caller's units, continuing from the
    /// drawing's last point (from the origin for an empty drawing).
    public var endings: [Sketch]
    /// For each ending, whether it has reached its end, or the model's point limit on its last draw.
    public var finished: [Bool]
    /// Whether the completion stopped because it was cancelled.
    public var isCancelled: Bool

    /// A completion from its parts.
    public init(step: Int, endings: [Sketch], finished: [Bool], isCancelled: Bool) {
        self.step = step
        self.endings = endings
        self.finished = finished
        self.isCancelled = isCancelled
    }

    init(_ progress: Completer.Progress) {
        self.init(step: progress.step, endings: progress.endings.map { Sketch(points: $0) },
                  finished: progress.finished, isCancelled: progress.cancelled)
    }
}

extension SketchModel {
    /// Finishes a drawing in progress: the drawing is simplified (Ramer–Douglas–Peucker, epsilon
    /// 2 data pixels) and read by the model, then `count` endings are drawn from where it stops.
    ///
    /// Runs on the calling thread and reports every step to `progress`, so an app can show the
    /// endings as they grow; it stops at the next step once `cancellation` is cancelled (from any
    /// thread). A VAE completes from the drawing's own latent vector (from one drawn from its
    /// prior when the drawing is empty). An ending that reaches the model's point limit without
    /// ending starts again from the drawing, up to four times, so a report may show an ending
    /// shorter than the one before.
    /// - Parameters:
    ///   - drawing: The strokes so far as absolute polylines in the caller's units (y down).
    ///   - penLifted: Whether the pen has lifted after the last stroke; when it has not, the
    ///     endings continue that stroke.
    ///   - count: Endings to draw, 1 to 64.
    ///   - temperature: How random the endings are; by default the model's own sampling style at
    ///     its own τ, or at 0.25 (``samplingStyle``).
    ///   - seed: The random seed.
    ///   - cancellation: A token another thread may cancel; nil runs to the end.
    ///   - progress: Called after every step with the endings so far.
    /// - Returns: The endings when every one has finished, or when cancelled
    ///   (``Completion/isCancelled``).
    /// - Throws: ``GenerationError/badRequest(_:)`` for a count or temperature out of range.
    @discardableResult
    public func complete(_ drawing: [[SIMD2<Float>]], penLifted: Bool = true, count: Int = 4,
                         temperature: SamplingTemperature? = nil, seed: UInt64 = 0,
                         cancellation: CancellationToken? = nil,
                         progress: (Completion) -> Void = { _ in }) throws -> Completion {
        let temperature = temperature ?? self.temperature(samplingStyle.tau(or: 0.25))
        guard count >= 1, count <= 64 else { throw GenerationError.badRequest("count \(count) is outside 1...64") }
        return try run {
            let completer = try Completer(model: file, capacity: count)
            let request = Completer.Request(
                polylines: drawing, dataPixelsPerUnit: configuration.dataPixelsPerUnit, penLifted: penLifted,
                count: count, temperature: temperature, seed: seed,
                simplifyEpsilon: 2 / configuration.dataPixelsPerUnit)
            let last = try completer.complete(request, isCancelled: { cancellation?.isCancelled ?? false },
                                              progress: { progress(Completion($0)) })
            return Completion(last)
        }
    }

    /// The same completion as a stream of its steps, run on a thread of its own: iterate it to
    /// follow the endings as they grow; stop iterating (or cancel the iterating task) to cancel it.
    /// The last element has every ending finished.
    /// - Parameters:
    ///   - drawing: The strokes so far as absolute polylines in the caller's units (y down).
    ///   - penLifted: Whether the pen has lifted after the last stroke.
    ///   - count: Endings to draw, 1 to 64.
    ///   - temperature: How random the endings are.
    ///   - seed: The random seed.
    /// - Returns: A stream of ``Completion``s that finishes with an error for a bad request.
    public func completions(of drawing: [[SIMD2<Float>]], penLifted: Bool = true, count: Int = 4,
                            temperature: SamplingTemperature? = nil,
                            seed: UInt64 = 0) -> AsyncThrowingStream<Completion, Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let token = CancellationToken()
            continuation.onTermination = { _ in token.cancel() }
            let thread = Thread { [self] in
                do {
                    try complete(drawing, penLifted: penLifted, count: count, temperature: temperature, seed: seed,
                                 cancellation: token) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.start()
        }
    }
}
