import ArgumentParser
import Foundation
import SketchRNN

struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Walk a VAE's latent space between two sketches, or across a grid between four.",
        discussion: """
            Two inputs give a row of -n sketches (slerp from the first to the second); four give a grid \
            (corners top-left, top-right, bottom-left, bottom-right) of --rows × --columns. An input is \
            PATH, PATH@INDEX (see `sketch reconstruct`) or `random` (a latent vector from the prior). Example: \
            sketch interpolate --model sheep-vae a.json b.json -n 10
            """
    )

    @OptionGroup var options: GenerationOptions<Self>
    @OptionGroup var inputs: SketchInputOptions

    @Argument(help: "Two or four sketches (or `random`).")
    var sketches: [String]

    @Option(help: "Rows of a four-corner grid. (default: 5)")
    var rows: Int?

    @Option(help: "Columns of a four-corner grid. (default: 5)")
    var columns: Int?

    var gridRows: Int { rows ?? 5 }
    var gridColumns: Int { columns ?? 5 }

    func validate() throws {
        guard sketches.count == 2 || sketches.count == 4 else { throw ValidationError("give two sketches (a row) or four (a grid)") }
        // Two inputs make a row of -n; a grid size given with them would be silently ignored.
        guard sketches.count == 4 || (rows == nil && columns == nil) else {
            throw ValidationError("--rows and --columns shape a grid between four sketches; two sketches give a row of -n")
        }
        guard gridRows >= 2, gridColumns >= 2, gridRows * gridColumns <= 1024 else { throw ValidationError("--rows and --columns must be 2 or more (at most 1024 cells)") }
    }

    func run() throws {
        let model = try options.loadModel()
        let t = options.temperature(for: model)
        let seed = options.resolvedSeed()
        let latents = try LatentInputs.latents(sketches, model: model, split: inputs.split, seed: seed)
        let walk: [LatentVector]
        let width: Int
        if latents.count == 2 {
            width = options.count
            walk = LatentVector.interpolate(from: latents[0], to: latents[1], count: width)
        } else {
            width = gridColumns
            walk = LatentVector.grid(corners: latents, rows: gridRows, columns: gridColumns)
        }
        let decoded = try model.decodings(walk, options: options.samplingOptions(t, seed: seed))
        let cells = decoded.map { generatedCell($0.sketch) }
        let sheet = SVGSheet(cells: cells, columns: width, title: options.describe(model, t, seed: seed))
        try writeSheet(sheet, to: options.outputURL, what: "\(cells.count) interpolated sketches (seed \(seed))")
    }
}

/// Latent vectors for sketch arguments: z = mu of each sketch, or the prior for `random`.
enum LatentInputs {
    /// Each input's latent vector: a sketch's encoding, or for `random` one drawn from the prior.
    static func latents(_ specs: [String], model: SketchModel, split: Split, seed: UInt64) throws -> [LatentVector] {
        var drawn = LatentVector.prior(count: specs.filter { $0 == "random" }.count, size: model.latentSize, seed: seed)[...]
        return try specs.map { spec in
            if spec == "random" { return drawn.removeFirst() }
            return try model.encode([try SketchInputs.read(spec, split: split)])[0]
        }
    }
}

extension InterpolateCommand: GenerationDefaults {
    static let count = 8
    static let output = "interpolate.svg"
    static let tau: Float = 0.1
}
