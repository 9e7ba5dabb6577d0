import ArgumentParser
import Foundation
import SketchRNN

struct BenchDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Time loading a data set and building training batches."
    )

    @Option(help: "The .npz to load.")
    var data: String = "../shared/data/aaron_sheep.npz"

    @Option(help: "Batches to build in each mode.")
    var batches: Int = 1000

    @Option(help: "Sketches per batch.")
    var batchSize: Int = 100

    func run() throws {
        guard batches >= 1, batchSize >= 1 else { throw ValidationError("--batches and --batch-size must be at least 1") }
        let url = URL(fileURLWithPath: data)
        var start = Date()
        let file = try SketchFile.read(contentsOf: url)
        let readTime = Date().timeIntervalSince(start)
        start = Date()
        let set = SketchDataSet(names: [url.deletingPathExtension().lastPathComponent], train: file.train, valid: file.valid, test: file.test)
        let prepareTime = Date().timeIntervalSince(start)
        print("load \(url.lastPathComponent): \(ms(readTime)) read + unpickle, \(ms(prepareTime)) clip/normalise "
              + "(\(set.train.count)/\(set.valid.count)/\(set.test.count) sketches, Nmax \(set.nmax))")

        let modes: [(String, BatcherOptions, Bool)] = [
            ("random, scale 0.15", BatcherOptions(batchSize: batchSize, scaleRange: 0.15), false),
            ("random, scale 0.15 + drop 0.1", BatcherOptions(batchSize: batchSize, scaleRange: 0.15, dropProbability: 0.1), false),
            ("length buckets, scale 0.15", BatcherOptions(batchSize: batchSize, scaleRange: 0.15), true),
        ]
        for (name, options, bucketed) in modes {
            var batcher = try Batcher(sketches: set.train, nmax: set.nmax, options: options, seed: 1)
            var checksum: Float = 0
            var steps = 0
            start = Date()
            for _ in 0..<batches {
                let batch = bucketed ? batcher.bucketedBatch() : batcher.randomBatch()
                checksum += batch.strokes[batch.strokes.count / 2]
                steps += batch.steps
            }
            let seconds = Date().timeIntervalSince(start)
            print("\(batches) batches of \(batchSize) (\(name)): \(ms(seconds)), \(String(format: "%.1f", seconds * 1e6 / Double(batches))) µs/batch, "
                  + "mean steps \(steps / batches)" + (checksum.isNaN ? " (NaN!)" : ""))
        }
    }

    private func ms(_ seconds: TimeInterval) -> String { String(format: "%.1f ms", seconds * 1000) }
}
