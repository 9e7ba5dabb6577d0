import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "The paper's Table 1 figures (L_R, L_s, L_p, L_KL) of a model on a data set's test split, or with --samples what its drawings look like.",
        discussion: """
        Keeps the test sketches of at most Nmax points (offsets clipped to ±1000 first), in the model's own \
        units (its scale factor) and Nmax; L_s over real points and L_p over all Nmax steps, each divided by \
        Nmax, averaged over sketches. A VAE's z is sampled with --seed unless --z-mean. L_KL is the raw \
        value, without the KL_min floor. Works for this project's models and sketch-rnn-js JSON models.

        With --samples N: draws N sketches at --temperature (default 0.5; a VAE's z from the prior, all \
        from --seed) and reports how many end before Nmax and the quartiles of their lengths in stroke-3 \
        points beside those of the split's sketches, and the model's end probability (pen softmax at 1) \
        at the split's true ends. Example: sketch eval --model sheep --data aaron_sheep.npz --samples 100 --temperature 0.5
        """
    )

    @Option(help: "A model file (.safetensors or sketch-rnn-js .json) or a shipped checkpoint's or fetched model's short name.") var model: String
    @Option(parsing: .upToNextOption, help: "One or more sketch-rnn .npz files or fetched data sets' names (cat).") var data: [String]
    @Option(help: "Which split: test, valid or train.") var split = Split.test
    @Flag(help: "Print one JSON line.") var json = false
    @Flag(name: .customLong("z-mean"), help: "Use z = mu instead of a sample (VAE).") var zMean = false
    @Option(help: "Seed of the VAE's z samples (and of the drawings with --samples).") var seed: UInt64 = 1
    @Option(help: "Sketches per batch.") var batch = 100
    @Option(help: "Draw this many sketches and report their endings and lengths instead of the losses.") var samples: Int?
    @OptionGroup var sampling: TemperatureOptions<Self>

    func validate() throws {
        if let n = samples, n < 1 || n > 100_000 { throw ValidationError("--samples must be between 1 and 100000") }
        if samples == nil && (sampling.temperature != nil || sampling.softmaxTemperature != nil || sampling.pen != nil || sampling.paper || sampling.redraws != nil) {
            throw ValidationError("--temperature, --paper, --softmax-temperature, --pen and --redraws only apply with --samples")
        }
    }

    func run() throws {
        let url = try Checkpoints.resolve(model)
        let file = try ModelFile.load(url)
        let urls = try DataSetArguments.urls(data)
        let (sketches, leftOut) = try SketchDataSet.loadSplit(urls, split: split, nmax: file.config.nmax,
                                                              scaleFactor: file.info.scaleFactor)
        // Figures on another data set than the model's own are legitimate but easy to misread.
        let names = urls.map { $0.deletingPathExtension().lastPathComponent }
        let own = file.info.dataSets
        if !own.isEmpty && Set(names).isDisjoint(with: own) {
            ErrorReport.note("\(url.lastPathComponent) was trained on \(own.joined(separator: ", ")), not on \(names.joined(separator: ", ")): "
                + "these figures are of data the model has not seen, in its own scale factor")
        }
        if let samples {
            let style = file.info.samplingStyle
            let report = try SamplingReport.measure(file, samples: samples, tau: sampling.tau(style: style, modelTau: true),
                                                    temperature: sampling.temperature(style: style, modelTau: true),
                                                    seed: seed, redraws: sampling.resolvedRedraws, testSketches: sketches)
            print(json ? report.jsonLine : report.text(modelName: url.lastPathComponent, split: split.rawValue))
            return
        }
        let evaluator = try Evaluator(config: file.config, batchSize: min(batch, sketches.count))
        let figures = try evaluator.evaluate(parameters: file.parameters, sketches: sketches, klWeight: 0.5, zMean: zMean, seed: seed)
        if json {
            print(figures.jsonLine)
            return
        }
        let kind = file.config.isVAE ? "VAE" : "decoder-only"
        print("\(url.lastPathComponent): \(kind) \(file.config.cell.rawValue) \(file.config.decoderSize), Nmax \(file.config.nmax), "
            + "scale factor \(file.info.scaleFactor); \(split.rawValue) split: \(figures.sketches) sketches"
            + (leftOut > 0 ? " (\(leftOut) empty or longer than Nmax left out)" : ""))
        print("")
        print("  L_R      L_s      L_p      L_KL")
        print(String(format: "  %-8.4f %-8.4f %-8.4f %-8.4f", figures.reconstruction, figures.offset, figures.pen, figures.kl))
        if file.config.isVAE {
            print("")
            print("L_KL is raw (no KL_min floor); z " + (zMean ? "= mu" : "sampled with seed \(seed)") + ".")
        }
    }
}

extension EvalCommand: SamplingDefaults {
    static let tau: Float = 0.5
}
