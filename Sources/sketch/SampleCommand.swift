import ArgumentParser
import Foundation
import SketchRNN

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a sheet of new sketches from a model.",
        discussion: "A VAE draws from latent vectors taken from the prior N(0, I). Example: sketch sample --model ../shared/models/bird.gen.json -n 16 --temperature 0.5 --seed 1 --output birds.svg"
    )

    @OptionGroup var options: GenerationOptions

    @Option(help: "Columns of the sheet. (default: about square)")
    var columns: Int?

    @Option(help: "Steps per sketch at most. (default: the model's Nmax)")
    var maxSteps: Int?

    func run() throws {
        let model = try options.loadModel()
        let n = options.count(default: 16)
        let t = options.temperature(default: 0.5)
        let seed = options.resolvedSeed()
        let sampler = try Sampler(model: model, capacity: min(n, 64))
        let sketches = sampler.sample(count: n, options: Sampler.Options(temperature: t, seed: seed, maxSteps: maxSteps))
        let cells = sketches.map { generatedCell($0, model: model) }
        let sheet = SVGSheet(cells: cells, columns: columns, title: options.describe(model, t, seed: seed))
        try writeSheet(sheet, to: options.outputURL(default: "sample.svg"), what: "\(n) sketches (seed \(seed))")
    }
}
