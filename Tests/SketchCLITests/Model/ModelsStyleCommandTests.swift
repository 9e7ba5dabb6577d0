import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch models style` and `sketch train --init` as a user runs them (issue 23).
struct ModelsStyleCommandTests {
    static let ready = SketchExecutable.url != nil

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func styleIsShownSetUsedAndRemoved() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try EvalCommandTests.model(in: folder)
        let before = try Data(contentsOf: model)
        let shown = try SketchExecutable.run(["models", "style", model.path])
        #expect(shown.status == 0 && shown.stdout.contains("(the project's standard)"), "\(shown.stderr)")
        #expect(try Data(contentsOf: model) == before, "showing does not rewrite the file")

        let set = try SketchExecutable.run(["models", "style", model.path, "--offsets", "0.6,0.4", "--pen", "untempered-end", "--tau", "0.3"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("at τ 0.5: offsets 0.8, softmax 0.75, pen untempered-end"), "\(set.stdout)")
        let file = try ModelFile.load(model)
        #expect(file.info.sampling == SamplingStyle(offsets: .init(base: 0.6, slope: 0.4), pen: .untemperedEnd, tau: 0.3))
        let original = try ModelFile.decode(before, name: "before")
        #expect(file.parameters.values == original.parameters.values)
        let show = try SketchExecutable.run(["models", "show", model.path])
        #expect(show.stdout.contains("sampling: offsets 0.6 + 0.4 τ, softmax 0.5 + 0.5 τ, pen untempered-end, τ 0.3 (the model's own)"))

        // eval and sample draw at the model's τ with its style unless told otherwise.
        let sheep = FixtureData.url("aaron_sheep.npz").path
        let eval = try SketchExecutable.run(["eval", "--model", model.path, "--data", sheep, "--samples", "4", "--seed", "2"])
        #expect(eval.stdout.contains("4 drawings at τ 0.3 (offsets 0.72, softmax 0.65, pen untempered-end)"), "\(eval.stdout)")
        let told = try SketchExecutable.run(["eval", "--model", model.path, "--data", sheep, "--samples", "4", "--temperature", "0.5", "--pen", "untempered"])
        #expect(told.stdout.contains("4 drawings at τ 0.5 (offsets 0.8, softmax 0.75, pen untempered)"), "\(told.stdout)")

        let bad = try SketchExecutable.run(["models", "style", model.path, "--offsets", "1"])
        #expect(bad.status != 0 && bad.stderr.contains("--offsets takes BASE,SLOPE"), "\(bad.stderr)")
        let tooHot = try SketchExecutable.run(["models", "style", model.path, "--softmax", "50,0"])
        #expect(tooHot.status != 0 && tooHot.stderr.contains("softmax temperature line"), "\(tooHot.stderr)")
        let kept = try ModelFile.load(model)
        #expect(kept.info.sampling?.tau == 0.3, "a refused style leaves the file as it was")

        let removed = try SketchExecutable.run(["models", "style", model.path, "--standard"])
        let plain = try ModelFile.load(model)
        #expect(removed.status == 0 && plain.info.sampling == nil, "\(removed.stderr)")
    }

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func trainingStartsFromAFinishedModelsWeights() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try EvalCommandTests.model(in: folder)
        let start = try ModelFile.load(model)
        let sheep = FixtureData.url("aaron_sheep.npz").path
        let out = folder.file("run").path
        let run = try SketchExecutable.run(["train", "--data", sheep, "--init", model.path, "--steps", "2", "--batch", "4",
                                            "--lr", "1e-4", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("starting from \(model.path)'s weights (step 1 of its own run)"), "\(run.stdout)")
        let trained = try ModelFile.load(URL(fileURLWithPath: out).appendingPathComponent("state.safetensors"))
        #expect(trained.config == start.config && trained.info.scaleFactor == start.info.scaleFactor)
        let moved = zip(trained.parameters.values, start.parameters.values).map { abs($0 - $1) }.max() ?? 0
        #expect(moved > 0 && moved < 1e-2, "two small steps from the model's weights, not from new ones (moved \(moved))")
        // The run says what it started from, in its state (kept on resume), its best model and `models show`.
        let lineage = "\(start.info.name) at step 1"
        #expect(trained.info.notes[TrainingState.startedFromKey]?.hasPrefix(lineage) == true, "\(trained.info.notes)")
        let resumed = try SketchExecutable.run(["train", "--data", sheep, "--steps", "3", "--batch", "4", "--eval-every", "1", "--out", out, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let best = URL(fileURLWithPath: out).appendingPathComponent("best.safetensors")
        let again = try ModelFile.load(URL(fileURLWithPath: out).appendingPathComponent("state.safetensors"))
        #expect(again.info.trainingStep == 3 && again.info.notes[TrainingState.startedFromKey]?.hasPrefix(lineage) == true)
        let shown = try SketchExecutable.run(["models", "show", best.path])
        #expect(shown.stdout.contains("started from: the weights of \(lineage)"), "\(shown.stdout)")

        let conflict = try SketchExecutable.run(["train", "--data", sheep, "--init", model.path, "--dec", "16", "--steps", "1",
                                                 "--out", folder.file("other").path])
        #expect(conflict.status != 0 && conflict.stderr.contains("--dec 16 (the model has 8)"), "\(conflict.stderr)")
    }
}
