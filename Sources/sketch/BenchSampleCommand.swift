import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct BenchSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Time sampling: 8 endings of 250 steps from a 40-point prefix, one batch-1 step, and a caller's own 250-step loop over SketchModel.",
        discussion: """
            A decoder-only LSTM 512 (input 5, M = 20) with random weights unless --model is given. The endings \
            run as one batch after the prefix, every one of the 250 steps (no stop at the end token); the step is \
            cell, output head and draw at batch 1. Medians of --runs runs. Compare with \
            Benchmarks/torch_sample.py on the same machine; unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for both.
            """
    )

    @Option(help: "A model to time instead of random weights (path or short name).")
    var model: String?

    @Option(help: "Decoder units of the random model.")
    var hidden = 512

    @Option(help: "Endings sampled as one batch.")
    var endings = 8

    @Option(help: "Steps per ending.")
    var steps = 250

    @Option(help: "Points of the prefix.")
    var prefix = 40

    @Option(help: "Timed runs (the median is reported).")
    var runs = 9

    @Option(help: "Sampling temperature.")
    var temperature: Float = 0.5

    @Flag(help: "Print one JSON line {\"endings_ms\": …, \"step_ms\": …}.")
    var json = false

    func validate() throws {
        guard hidden >= 1, endings >= 1, steps >= 1, prefix >= 0, runs >= 1 else {
            throw ValidationError("--hidden, --endings, --steps and --runs must be positive")
        }
    }

    func run() throws {
        let file = try model.map { try ModelFile.load(try Checkpoints.resolve($0)) } ?? randomModel()
        let completer = try Completer(model: file, capacity: endings)
        var rng = SeededGenerator(seed: 42)
        let points = (0..<prefix).map { i in
            StrokePoint(dx: 0.3 * rng.nextGaussian(), dy: 0.3 * rng.nextGaussian(), penLifted: i % 10 == 9)
        }
        let request = Completer.Request(count: endings, temperature: SamplingTemperature(temperature),
                                        seed: 1, maxSteps: steps, stopAtEnd: false)
        let prefixSketch = Sketch(points: points)
        func timeEndings() throws -> Timing {
            let start = Timing.now()
            let result = try completer.complete(modelPrefix: prefixSketch, request: request)
            let time = Timing.now() - start
            guard result.endings.allSatisfy({ $0.count == steps }) else { throw ValidationError("an ending stopped early") }
            return time
        }
        _ = try timeEndings()  // warm-up
        let endingsTimes = try (0..<runs).map { _ in try timeEndings() }
        // The step alone and a caller's own loop over the library's face, alternated run by run.
        var stepTimes = [Timing](), loopTimes = [Timing]()
        let face = try SketchModel(file: file)
        for _ in 0..<runs {
            stepTimes.append(try stepTime(file))
            loopTimes.append(try faceLoopStepTime(face))
        }
        let endingsMs = median(endingsTimes.map(\.wallMs)), stepMs = median(stepTimes.map(\.wallMs))
        let loopMs = median(loopTimes.map(\.wallMs))
        if json {
            print("{\"endings_ms\": \(format(endingsMs, 3)), \"step_ms\": \(format(stepMs, 4)), \"face_loop_step_ms\": \(format(loopMs, 4)), \(BenchEnvironment.jsonMembers())}")
        } else {
            // Processor time (all threads) tells what a quiet machine would show when others load this one.
            let endingsCPU = median(endingsTimes.map(\.cpuMs)), stepCPU = median(stepTimes.map(\.cpuMs))
            BenchEnvironment.textLines().forEach { print($0) }
            print("model: \(file.info.name), decoder \(file.config.cell.rawValue) \(file.config.decoderSize), M = \(file.config.mixtures)")
            print("\(endings) endings × \(steps) steps from a \(prefix)-point prefix: \(format(endingsMs, 2)) ms (median of \(runs); processor time \(format(endingsCPU, 2)) ms)")
            print("one batch-1 step (cell, head, draw): \(format(stepMs, 4)) ms (median of \(runs); processor time \(format(stepCPU, 4)) ms)")
            let loopCPU = median(loopTimes.map(\.cpuMs))
            print("a caller's \(Self.loopSteps)-step loop over SketchModel (nextPoint, update), per step: \(format(loopMs, 4)) ms "
                + "(median of \(runs); processor time \(format(loopCPU, 4)) ms): \(format(loopMs / stepMs, 2)) × the step alone")
        }
    }

    /// Steps of a caller's own draw loop (magenta-js's `update` / `getPDF` / `sample`), as long as
    /// a drawing of Nmax 250.
    static let loopSteps = 250

    /// One run's mean time per step at batch 1: 200 steps of the decoder stepper, each point drawn
    /// and fed back (after 50 steps of warm-up on the first run).
    private func stepTime(_ file: ModelFile) throws -> Timing {
        let stepper = try DecoderStepper(parameters: file.parameters, config: file.config, capacity: 1)
        stepper.start(rows: 1, latent: file.config.isVAE ? [Float](repeating: 0, count: file.config.latentSize) : nil)
        var input = [Float](repeating: 0, count: 5)
        input.withUnsafeMutableBufferPointer { file.config.firstInput.write(to: $0.baseAddress!) }
        var rng = SeededGenerator(seed: 7)
        let t = SamplingTemperature(temperature)
        let layout = OutputLayout(mixtures: file.config.mixtures)
        let perRun = 200
        func oneStep() {
            input.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
            let p = MixtureDraw.draw(stepper.outputs.baseAddress!, layout: layout, temperature: t, rng: &rng)
            input.withUnsafeMutableBufferPointer { p.writeStroke5(to: $0.baseAddress!) }
        }
        for _ in 0..<50 { oneStep() }
        let start = Timing.now()
        for _ in 0..<perRun { oneStep() }
        let time = Timing.now() - start
        return Timing(wallMs: time.wallMs / Double(perRun), cpuMs: time.cpuMs / Double(perRun))
    }

    /// One run's mean time per step of a caller's loop over the face: `startState`, then
    /// `nextPoint` and `update` for `loopSteps` points (an ended drawing is read on as a pen lift,
    /// so every run takes the same steps).
    private func faceLoopStepTime(_ model: SketchModel) throws -> Timing {
        var random = RandomStream(seed: 7)
        let t = SamplingTemperature(temperature)
        let start = Timing.now()
        var state = try model.startState()
        for _ in 0..<Self.loopSteps {
            let point = try model.nextPoint(after: state, temperature: t, random: &random) ?? StrokePoint(dx: 0, dy: 0, penLifted: true)
            try model.update(&state, with: point)
        }
        let time = Timing.now() - start
        return Timing(wallMs: time.wallMs / Double(Self.loopSteps), cpuMs: time.cpuMs / Double(Self.loopSteps))
    }

    /// Uniform random weights of a trained model's size (±1/sqrt(H)): the time does not depend on
    /// the values, and TF's orthogonal initialisation would take longer than the benchmark.
    private func randomModel() -> ModelFile {
        let config = ModelConfig(type: .decoder, cell: .lstm, decoderSize: hidden, mixtures: 20, nmax: steps)
        var parameters = Parameters(config: config)
        var rng = SeededGenerator(seed: 1)
        let scale = 1 / Float(hidden).squareRoot()
        for i in parameters.values.indices { parameters.values[i] = (2 * rng.nextUniform() - 1) * scale }
        return ModelFile(config: config, parameters: parameters, info: ModelInfo(name: "random", scaleFactor: 1))
    }

    private func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}

/// Wall-clock and processor time (all threads of the process), in milliseconds.
struct Timing {
    var wallMs: Double
    var cpuMs: Double

    static func now() -> Timing {
        var wall = timespec(), cpu = timespec()
        clock_gettime(CLOCK_MONOTONIC, &wall)
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu)
        func ms(_ t: timespec) -> Double { Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6 }
        return Timing(wallMs: ms(wall), cpuMs: ms(cpu))
    }

    static func - (a: Timing, b: Timing) -> Timing { Timing(wallMs: a.wallMs - b.wallMs, cpuMs: a.cpuMs - b.cpuMs) }
}
