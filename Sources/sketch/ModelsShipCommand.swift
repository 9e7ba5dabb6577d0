import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct ModelsShipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Make a trained model a shipped checkpoint: test figures, licence, float16 when harmless, ≤ 10 MB.",
        discussion: """
            Evaluates MODEL on the test split of --data exactly as `sketch eval` does (L_R, L_KL; a VAE's z \
            sampled with seed 1), with float32 weights and with float16-rounded weights; stores float16 when \
            test L_R and L_KL each move by less than 0.01, float32 otherwise. Writes NAME.safetensors \
            (weights only) atomically into --to (default: $\(Checkpoints.environmentVariable), else the \
            project's checkpoints folder) with the test figures, data sets and licences, the number of training \
            sketches (note training_size, which sketch-rnn-js exports carry), the best step and, \
            from the run's log.jsonl and state.safetensors beside MODEL, the run's steps, wall time and \
            training settings. Example: sketch models ship runs/sheep/best.safetensors --name sheep \
            --data aaron_sheep.npz
            """
    )

    @Argument(help: "The trained model, usually a run's best.safetensors.") var model: String
    @Option(help: "The checkpoint's short name (sheep, sheep-vae, omniglot, kanji).") var name: String
    @Option(parsing: .upToNextOption, help: "The model's data set files (.npz); their test split is evaluated.") var data: [String]
    @Option(help: "The run's log.jsonl. (default: log.jsonl beside MODEL, if any)") var log: String?
    @Option(help: "The run's state.safetensors, for its training settings. (default: the one beside MODEL, if any)") var state: String?
    @Option(help: "Licence of a data set the project does not know (the known ones: the shipped models' data sets, listed in docs/models/).") var licence: String?
    @Option(help: "Folder to write into. (default: $\(Checkpoints.environmentVariable), else the project's checkpoints)") var to: String?

    func validate() throws {
        if let problem = CheckpointShipping.nameProblem(name) { throw ValidationError(problem) }
        if data.isEmpty { throw ValidationError("--data needs the model's .npz files") }
    }

    func run() throws {
        let modelURL = try Checkpoints.resolve(model)
        let file = try ModelFile.load(modelURL)
        let urls = try DataSetArguments.urls(data)
        let given = urls.map { $0.deletingPathExtension().lastPathComponent }
        guard Set(given) == Set(file.info.dataSets) else {
            throw ShippingError(problem: "\(modelURL.path) was trained on \(file.info.dataSets.joined(separator: ", ")), "
                + "but --data gives \(given.joined(separator: ", ")): evaluate it on its own data")
        }
        var licences = [String: String]()
        for set in file.info.dataSets { licences[set] = DataLicence.licence(of: set) ?? licence }

        let folder = modelURL.deletingLastPathComponent()
        let logURL = log.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("log.jsonl")
        let run: CheckpointShipping.RunSummary?
        if log != nil || FileManager.default.fileExists(atPath: logURL.path) {
            run = try CheckpointShipping.RunSummary(logFile: logURL)
            print("run log: \(logURL.path)")
        } else {
            run = nil
            print("no log.jsonl beside the model: the run's steps and wall time are not recorded")
        }
        let stateURL = state.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("state.safetensors")
        var trainingJSON: String?
        if state != nil || FileManager.default.fileExists(atPath: stateURL.path) {
            trainingJSON = try SafetensorsFile.readMetadata(from: stateURL)["training"]
            if trainingJSON == nil { throw ShippingError(problem: "\(stateURL.path): not a training state (no training settings in its metadata)") }
            print("training settings: \(stateURL.path)")
        }

        let sketches = try SketchDataSet.loadSplit(urls, split: .test, nmax: file.config.nmax, scaleFactor: file.info.scaleFactor).sketches
        // The sketches the model trained on, as training keeps them (at most Nmax points).
        let trainingSketches = try SketchDataSet.loadSplit(urls, split: .train, nmax: file.config.nmax, scaleFactor: file.info.scaleFactor).sketches.count
        let request = CheckpointShipping.Request(name: name, testSketches: sketches, licences: licences, run: run, trainingJSON: trainingJSON,
                                                 trainingSketches: trainingSketches)
        let destination = to.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? Checkpoints.shippingFolder()
        let report = try CheckpointShipping.ship(file, request, to: destination)

        let vae = file.config.isVAE
        func line(_ label: String, _ f: Losses) -> String {
            String(format: "  %@  L_R %.4f  L_s %.4f  L_p %.4f", label, f.reconstruction, f.offset, f.pen)
                + (vae ? String(format: "  L_KL %.4f", f.kl) : "")
        }
        print("test split: \(report.f32.sketches) sketches; training split: \(trainingSketches) sketches")
        print(line("float32", report.f32))
        print(line("float16", report.f16))
        let moved = abs(report.f16.reconstruction - report.f32.reconstruction)
        print(String(format: "float16 moves test L_R by %.5f", moved) + (vae ? String(format: " and L_KL by %.5f", abs(report.f16.kl - report.f32.kl)) : "")
            + String(format: " (tolerance %.2f): stored as %@", CheckpointShipping.f16Tolerance, report.storage == .f16 ? "float16" : "float32"))
        print(String(format: "wrote %@ (%.2f MB, limit %.0f MB)", report.url.path, Double(report.bytes) / 1e6, Double(CheckpointShipping.maxBytes) / 1e6))
    }
}
