import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Training and evaluation on the real files of `../shared` (skipped in a fresh clone without it).
@Suite struct RealDataTrainingTests {
    /// The `sketch train --steps 60` smoke run, on a tiny VAE: the training loss falls and the best
    /// weights load as a model that evaluates on the test split.
    /// On aaron_sheep, or its stand-in (`FixtureData`) in a fresh clone.
    @Test func sixtyStepsOnSheepLowerTheLossAndLeaveAnEvaluableModel() throws {
        let url = FixtureData.url("aaron_sheep.npz")
        let data = try SketchDataSet.load([url])
        let config = ModelConfig(type: .vae, encoderSize: 16, decoderSize: 32, latentSize: 8, mixtures: 5, nmax: data.nmax)
        var training = TrainingConfig()
        training.batchSize = 20
        training.evalEvery = 30
        training.checkpointEvery = 30
        training.learningRate.initial = 3e-3
        training.penLoss = .masked
        let state = TrainingState(config: config, training: training, scaleFactor: data.scaleFactor, dataSets: data.names,
                                  parameters: .initialized(config: config, seed: 1))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let trainer = try Trainer(state: state, outputFolder: folder.url, name: "smoke", resuming: false,
                                  train: data.train, validation: Array(data.valid.prefix(40)))
        var losses: [Float] = []
        trainer.onEvent = { if case .step(let r) = $0 { losses.append(r.losses.total) } }
        try trainer.run(steps: 60)
        #expect(losses.count == 60)
        let first = losses.prefix(10).reduce(0, +) / 10, last = losses.suffix(10).reduce(0, +) / 10
        #expect(last < first - 0.2, "training loss \(first) → \(last)")

        let model = try ModelFile.load(trainer.bestURL)
        #expect(model.info.scaleFactor == data.scaleFactor)
        #expect(model.info.dataSets == ["aaron_sheep"])
        let test = try SketchDataSet.loadSplit([url], split: .test, nmax: model.config.nmax, scaleFactor: model.info.scaleFactor).sketches
        let figures = try Evaluator(config: model.config).evaluate(parameters: model.parameters, sketches: test, klWeight: 0.5)
        #expect(figures.sketches == data.test.count)
        #expect(figures.reconstruction.isFinite && figures.kl >= 0)
    }

    /// An imported sketch-rnn-js VAE evaluates to the figure its PyTorch trainer reported (docs/model.md §5:
    /// test L_R about -0.03 with z = mu on omniglot).
    @Test(.enabled(if: SharedFiles.url("models/omniglot_torch.vae.json") != nil && SharedFiles.url("data/omniglot.npz") != nil,
                   "needs ../shared/models/omniglot_torch.vae.json and ../shared/data/omniglot.npz"))
    func importedVAEEvaluatesToItsKnownFigure() throws {
        let model = try ModelFile.load(try #require(SharedFiles.url("models/omniglot_torch.vae.json")))
        let test = try SketchDataSet.loadSplit([try #require(SharedFiles.url("data/omniglot.npz"))], split: .test,
                                               nmax: model.config.nmax, scaleFactor: model.info.scaleFactor).sketches
        let figures = try Evaluator(config: model.config).evaluate(parameters: model.parameters, sketches: test, klWeight: 0.5, zMean: true)
        #expect(figures.sketches == 1000)
        #expect(abs(figures.reconstruction - -0.03) < 0.01, "L_R \(figures.reconstruction)")
        #expect(figures.kl > 0.2 && figures.kl < 0.5, "L_KL \(figures.kl)")
    }

    /// `sketch eval` of Google's rabbit model on the raw QuickDraw rabbits (converted as `sketch data
    /// convert` does) against an independent numpy implementation of the same figure.
    @Test(.enabled(if: SharedFiles.url("models/rabbit.gen.json") != nil && SharedFiles.url("data/quickdraw_raw/rabbit.ndjson") != nil,
                   "needs ../shared/models/rabbit.gen.json and ../shared/data/quickdraw_raw/rabbit.ndjson"))
    func rabbitEvaluationMatchesNumpy() throws {
        let modelURL = try #require(SharedFiles.url("models/rabbit.gen.json"))
        let ndjson = try #require(SharedFiles.url("data/quickdraw_raw/rabbit.ndjson"))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Every drawing goes to the test split (`sketch data convert --split 0,0,1`).
        let sketches = try QuickDraw.readNDJSON(contentsOf: ndjson).map { $0.sketch(epsilon: 2) }
        let npz = folder.file("rabbit.npz")
        try SketchFile(train: [], valid: [], test: sketches).write(to: npz)

        let model = try ModelFile.load(modelURL)
        #expect(model.config.firstInput == .zeros)
        let test = try SketchDataSet.loadSplit([npz], split: .test, nmax: model.config.nmax, scaleFactor: model.info.scaleFactor).sketches
        let ours = try Evaluator(config: model.config).evaluate(parameters: model.parameters, sketches: test, klWeight: 0.5)
        #expect(ours.sketches > 10)

        guard Python.hasNumpy else {
            print("python3 with numpy is not installed: the numpy comparison is skipped (our figures: \(ours.jsonLine))")
            return
        }
        let script = SharedFiles.projectRoot.appendingPathComponent("Tests/Reference/eval_reference.py").path
        let run = try Python.run("import runpy, sys; sys.argv = ['eval_reference.py', '\(modelURL.path)', '\(npz.path)']; runpy.run_path('\(script)', run_name='__main__')")
        #expect(run.status == 0, "\(run.output)")
        let line = try #require(run.output.split(separator: "\n").last)
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        func value(_ key: String) -> Double { (reference[key] as? NSNumber)?.doubleValue ?? .nan }
        #expect(Int(value("sketches")) == ours.sketches)
        #expect(abs(Double(ours.reconstruction) - value("L_R")) < 1e-4 * max(1, abs(value("L_R"))), "ours \(ours.jsonLine), numpy \(line)")
        #expect(abs(Double(ours.offset) - value("L_s")) < 1e-4 * max(1, abs(value("L_s"))))
        #expect(abs(Double(ours.pen) - value("L_p")) < 1e-4 * max(1, abs(value("L_p"))))
        #expect(ours.kl == 0)
    }
}
