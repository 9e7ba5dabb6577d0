import Foundation
import SketchRNN
import SketchTerminal

// The fuzz targets: every parser of the project and the app's input parser, each a function of
// bytes. They are a target of the package, so a change that breaks them breaks `swift build`, and
// `sketch-fuzz` runs them two ways from the same code: built plainly it replays seeds, reproducers
// and seeded mutations (`make test` runs that smoke); built with `-sanitize=fuzzer`
// (`scripts/fuzz.sh`) libFuzzer drives them. Errors thrown by a parser are the expected outcome of
// bad input; only a crash, a hang or a memory blow-up is a finding.

package enum FuzzTarget: String, CaseIterable, Sendable {
    case npz, npy, pickle, safetensors, model, state, ndjson, qdbin, prefix, input
}

/// Runs inputs through one target. Parsers that read only from a path get the input through a
/// scratch file, in a memory-backed folder when there is one.
package final class FuzzRunner {
    package let target: FuzzTarget
    let scratch: URL

    package init(_ target: FuzzTarget) {
        self.target = target
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        let suffix = target == .npz ? "npz" : "safetensors"
        scratch = folder.appendingPathComponent("sketch-fuzz-\(getpid())-\(target.rawValue).\(suffix)")
    }

    deinit { try? FileManager.default.removeItem(at: scratch) }

    package func run(_ data: Data) { run(target, data) }

    private func run(_ target: FuzzTarget, _ data: Data) {
        switch target {
        case .npz:
            guard (try? data.write(to: scratch)) != nil else { return }
            if let members = try? NPZ.read(contentsOf: scratch) {
                for m in members { _ = try? StrokeArrays.sketches(from: m.array, file: "f", record: m.name) }
            }
        case .npy:
            if let array = try? NPY.decode(data, file: "f") { _ = try? StrokeArrays.sketches(from: array, file: "f", record: "r") }
        case .pickle:
            run(.npy, Seeds.objectArrayHeader + data)
        case .safetensors:
            _ = try? SafetensorsFile.decode(data, name: "f")
        case .model:
            // A model that loads must also run: a few decoder steps on two streams.
            guard let model = try? ModelFile.decode(data, name: "f"),
                  let stepper = try? DecoderStepper(parameters: model.parameters, config: model.config, capacity: 2) else { return }
            let latent = model.config.isVAE ? [Float](repeating: 0.1, count: 2 * model.config.latentSize) : nil
            stepper.start(rows: 2, latent: latent)
            for _ in 0..<3 { stepper.step([Float](repeating: 0, count: 10)) }
        case .state:
            guard (try? data.write(to: scratch)) != nil else { return }
            _ = try? TrainingState.read(from: scratch)
        case .ndjson:
            if let drawings = try? QuickDraw.decodeNDJSON(data, file: "f") { for d in drawings { _ = d.sketch() } }
        case .qdbin:
            if let drawings = try? QuickDraw.decodeBinary(data, file: "f") { for d in drawings { _ = d.sketch() } }
        case .prefix:
            if let prefix = try? PrefixDrawing.decode(data, file: "f") { _ = prefix.sketch }
        case .input:
            // The first byte splits the rest into two reads, as the terminal may deliver it.
            var parser = InputParser()
            let bytes = [UInt8](data)
            let cut = bytes.isEmpty ? 0 : min(bytes.count, 1 + Int(bytes[0]))
            _ = parser.feed(bytes[min(1, bytes.count)..<cut])
            _ = parser.feed(bytes[cut...])
            _ = parser.flush()
        }
    }
}
