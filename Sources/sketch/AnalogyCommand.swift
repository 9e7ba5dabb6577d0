import ArgumentParser
import Foundation
import SketchRNN

struct AnalogyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analogy",
        abstract: "Latent analogy with a VAE: decode z_a - z_b + z_c.",
        discussion: """
            "a is to b as ? is to c". Inputs as for `sketch interpolate`. The sheet shows a, b, c, then -n \
            decodings of the result. Example: sketch analogy --model sheep-vae \
            aaron_sheep.npz@3 aaron_sheep.npz@4 aaron_sheep.npz@5
            """
    )

    @OptionGroup var options: GenerationOptions<Self>
    @OptionGroup var inputs: SketchInputOptions

    @Argument(help: "a") var a: String
    @Argument(help: "b") var b: String
    @Argument(help: "c") var c: String

    func run() throws {
        let model = try options.loadModel()
        let n = options.count
        let t = options.temperature(for: model)
        let seed = options.resolvedSeed()
        let z = try LatentInputs.latents([a, b, c], model: model, split: inputs.split, seed: seed)
        let target = LatentVector.analogy(z[0], minus: z[1], plus: z[2])
        let shown = try model.decode([z[0], z[1], z[2]], temperature: SamplingTemperature(0), seed: seed)
        let results = try model.decodings(Array(repeating: target, count: n), options: options.samplingOptions(t, seed: seed))
        var cells = zip(["a", "b", "c"], shown).map { generatedCell($1, color: "#555555", caption: "\($0) (decoded)") }
        cells += results.map { generatedCell($0.sketch, color: "#1f77b4", caption: "a - b + c") }
        let sheet = SVGSheet(cells: cells, columns: max(3, min(n, 8)), title: options.describe(model, t, seed: seed))
        try writeSheet(sheet, to: options.outputURL, what: "\(n) analogies (seed \(seed))")
    }
}

extension AnalogyCommand: GenerationDefaults {
    static let count = 5
    static let output = "analogy.svg"
    static let tau: Float = 0.1
}
