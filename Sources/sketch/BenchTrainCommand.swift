#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time training steps: seconds per step and sketches per second, and peak memory.",
        discussion: """
        Configurations: (a) VAE, encoder 256, decoder 512, z 128 and (b) decoder-only, decoder 512; \
        batch 100, Nmax 250, on --data (aaron_sheep). Median of --steps steps after --warmup steps. \
        Each configuration runs in a process of its own so that its peak resident memory is its own. \
        Compare with Benchmarks/torch_train.py. Use a release build, and unset OPENBLAS_CORETYPE and \
        OPENBLAS_L2_SIZE in the benchmark command (as on a user's machine).
        """
    )

    @Option(parsing: .upToNextOption, help: "sketch-rnn .npz data (aaron_sheep.npz).") var data: [String] = ["../shared/data/aaron_sheep.npz"]
    @Option(help: "vae, decoder or both.") var type: BenchType = .both
    @Option(name: .customLong("pen-loss"), help: "full or masked.") var penLoss: PenLossArgument = .full
    @Option(help: "Timed steps per configuration.") var steps = 5
    @Option(help: "Untimed steps first.") var warmup = 2
    @Option(help: "Sketches per batch.") var batch = 100
    @Option(name: .customLong("max-seq-len"), help: "Nmax.") var nmax = 250
    @Option(help: "Decoder cell: lstm, layernorm or hyper.") var cell: CellArgument = .lstm
    @Flag(help: "One JSON line per configuration.") var json = false
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var precision: PrecisionOption

    enum BenchType: String, ExpressibleByArgument, CaseIterable { case vae, decoder, both }

    func run() throws {
        threads.apply()
        if type == .both {
            // One child process per configuration: peak memory must not carry over.
            for kind in [BenchType.vae, .decoder] {
                let child = Process()
                child.executableURL = Checkpoints.executableURL() ?? URL(fileURLWithPath: CommandLine.arguments[0])
                child.arguments = Array(CommandLine.arguments.dropFirst()) + ["--type", kind.rawValue]
                try child.run()
                child.waitUntilExit()
                if child.terminationStatus != 0 { throw ExitCode(child.terminationStatus) }
            }
            return
        }
        if !json {
            BenchEnvironment.textLines().forEach { print($0) }
            print("model core: \(precision.precision.kernelSummary)")
        }
        let dataSet = try SketchDataSet.load(try DataSetArguments.urls(data), nmax: nmax)
        let config = ModelConfig(type: type == .vae ? .vae : .decoder, cell: cell.value, encoderSize: 256, decoderSize: 512,
                                 latentSize: 128, nmax: nmax)
        var options = TrainingConfig()
        options.batchSize = batch
        options.penLoss = penLoss.value
        var state = TrainingState(config: config, training: options, scaleFactor: dataSet.scaleFactor, dataSets: dataSet.names,
                                  parameters: .initialized(config: config, seed: 1))
        var batcher = try Batcher(sketches: dataSet.train, nmax: nmax,
                                  options: options.batcherOptions(startToken: config.firstInput),
                                  seed: state.batcherSeed)
        var stepper = try TrainingStepper(config: config, training: options, precision: precision.precision)
        var times: [Double] = [], cpuTimes: [Double] = []
        var gflop = 0.0
        for i in 0..<(warmup + steps) {
            let batchData = batcher.trainingBatch()
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Self.processCPUSeconds()
            let multiplyAddsBefore = BLAS.multiplyAdds
            _ = stepper.step(state: &state, batch: batchData)
            gflop = 2 * Double(BLAS.multiplyAdds - multiplyAddsBefore) / 1e9
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = Self.processCPUSeconds() - cpuStart
            state.step += 1
            if i >= warmup {
                times.append(seconds)
                cpuTimes.append(cpu)
            }
            if !json { print(String(format: "  step %d: %.3f s (%d steps of %d sketches)", i + 1, seconds, batchData.steps, batchData.batchSize)) }
        }
        let median = times.sorted()[times.count / 2]
        let cpuMedian = cpuTimes.sorted()[cpuTimes.count / 2]
        let perSecond = Double(batch) / median
        let peakMB = Double(Self.usage().ru_maxrss) / 1024
        if json {
            print("{\"type\": \"\(config.type.rawValue)\", \"pen_loss\": \"\(penLoss.rawValue)\", \"s_per_step\": \(String(format: "%.4f", median)), "
                + "\"sketches_per_s\": \(String(format: "%.1f", perSecond)), \"cpu_s_per_step\": \(String(format: "%.4f", cpuMedian)), "
                + "\"peak_rss_mb\": \(String(format: "%.1f", peakMB)), \"gflop_per_step\": \(String(format: "%.1f", gflop)), "
                + "\"precision\": \"\(precision.precision.resolvedHere.rawValue)\", \(BenchEnvironment.jsonMembers())}")
        } else {
            print(String(format: "%@ (%@ pen loss, %@ decoder, %@ products): %.3f s per step, %.1f sketches/s, %.3f CPU s per step, peak resident memory %.0f MB",
                         config.isVAE ? "VAE enc 256 / dec 512 / z 128" : "decoder-only dec 512", penLoss.rawValue,
                         cell.rawValue, precision.precision.resolvedHere.rawValue, median, perSecond, cpuMedian, peakMB))
            print(String(format: "arithmetic: %.1f GFLOP in the last step's products, %.1f GFLOP/s at the median step time", gflop, gflop / median))
        }
    }

    /// User + system CPU seconds of this process (all threads): a figure that holds up better than
    /// wall time when other work shares the machine.
    static func processCPUSeconds() -> Double {
        let u = usage()
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    static func usage() -> rusage {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }
}
