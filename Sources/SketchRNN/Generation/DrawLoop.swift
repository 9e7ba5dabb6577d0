/// The one loop that draws a batch of drawings point by point, for sampling and completion alike
/// (docs/model.md §4): every running stream draws its next point from the decoder's output, the
/// points are fed back as one batch step, and a drawing whose next point would fill its last step
/// without ending is drawn again from its start (`Redraws`), with its own fresh stream.
package struct DrawLoop {
    /// One drawing as it grows.
    package struct Stream: Equatable, Sendable {
        /// Its points so far (times `outputScale`).
        package var points: [StrokePoint] = []
        /// Draws it has started: more than 1 after it ran out of steps and started again.
        package var draws = 1
        /// Done: ended, or out of steps on its last draw.
        package var finished = false
        /// It drew its end.
        package var ended = false
    }

    /// How a stream starts again: its decoder state is reset by the callee, then it either draws
    /// at once from a known output row (a completion's prefix), or is fed the start row first
    /// (a sample from the start of a drawing).
    package enum Restart {
        case drawFrom([Float])
        case feedStart
    }

    package var temperature: SamplingTemperature
    package var random: GenerationRandom
    /// The stream number of row 0 (a batch of a larger request).
    package var firstStream = 0
    /// Points per draw at most.
    package var maxSteps: Int
    /// How often a stream that runs out of steps starts again (0 with `stopAtEnd` off).
    package var redraws: Int
    /// Stop a stream at its end; off only for benchmarks, which run every step.
    package var stopAtEnd = true
    /// Drawn offsets are multiplied by this as they are kept (a caller's units).
    package var outputScale: Float = 1

    /// Runs `count` streams on `stepper`, whose outputs hold each row's next distribution — or,
    /// when `sharedStart`, row 0's alone, copied to every stream after the first draw. `restart`
    /// resets row `r` for its draw `draw`; `step` is called after every batch step with the step
    /// number (not after the last), `finished` as soon as a stream is done. Returns the streams, the
    /// steps taken and whether it was cancelled (checked before every step).
    package func run(
        stepper: DecoderStepper, count n: Int, sharedStart: Bool, firstInput: FirstInput,
        restart: (_ row: Int, _ draw: Int) -> Restart,
        isCancelled: () -> Bool = { false },
        step reportStep: (Int, [Stream]) -> Void = { _, _ in },
        finished: (Int, Stream) -> Void = { _, _ in }
    ) -> (streams: [Stream], steps: Int, cancelled: Bool) {
        var streams = [Stream](repeating: Stream(), count: n)
        guard maxSteps > 0 else {
            for r in 0..<n { streams[r].finished = true; finished(r, streams[r]) }
            return (streams, 0, false)
        }
        let layout = stepper.outputLayout, width = layout.size
        let redraws = stopAtEnd ? max(0, redraws) : 0
        var rngs = (0..<n).map { random.drawing(firstStream + $0) }
        var inputs = [Float](repeating: 0, count: n * 5)
        var sourceRow = (0..<n).map { sharedStart ? 0 : $0 }
        var shared = sharedStart
        var remaining = n
        var stepCount = 0
        var cancelled = false
        while remaining > 0 {
            if isCancelled() { cancelled = true; break }
            let y = stepper.outputs.baseAddress!
            inputs.withUnsafeMutableBufferPointer { rows in
                for r in 0..<n where !streams[r].finished {
                    var p = MixtureDraw.draw(y + sourceRow[r] * width, layout: layout, temperature: temperature, rng: &rngs[r])
                    // A stream restarted by feeding its start row draws again after the next step.
                    var restartedToFeed = false
                    while !p.hasEnded, streams[r].points.count + 1 == maxSteps, streams[r].draws <= redraws {
                        rngs[r] = random.drawing(firstStream + r, draw: streams[r].draws)
                        streams[r].draws += 1
                        streams[r].points.removeAll(keepingCapacity: true)
                        switch restart(r, streams[r].draws - 1) {
                        case .drawFrom(let output):
                            p = output.withUnsafeBufferPointer {
                                MixtureDraw.draw($0.baseAddress!, layout: layout, temperature: temperature, rng: &rngs[r])
                            }
                        case .feedStart:
                            firstInput.write(to: rows.baseAddress! + r * 5)
                            restartedToFeed = true
                        }
                        if restartedToFeed { break }
                    }
                    if restartedToFeed { continue }
                    p.writeStroke5(to: rows.baseAddress! + r * 5)
                    if p.hasEnded && stopAtEnd {
                        streams[r].finished = true
                        streams[r].ended = true
                    } else {
                        streams[r].points.append(StrokePoint(dx: p.dx * outputScale, dy: p.dy * outputScale, penLifted: p.pen != .down))
                        streams[r].finished = streams[r].points.count == maxSteps
                    }
                    if streams[r].finished {
                        remaining -= 1
                        finished(r, streams[r])
                    }
                }
            }
            stepCount += 1
            if remaining == 0 { break }
            reportStep(stepCount, streams)
            if shared {
                stepper.replicate(row: 0, count: n)
                for r in 0..<n { sourceRow[r] = r }
                shared = false
            }
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
        }
        return (streams, stepCount, cancelled)
    }
}
