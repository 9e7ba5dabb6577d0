import Foundation
import SketchRNN
import SketchTerminal

// libFuzzer entry points for every parser of the project and the app's input parser, in one
// binary (one build, one link). `scripts/fuzz.sh` builds it with `-sanitize=fuzzer` and picks the
// target with FUZZ_TARGET; with FUZZ_SEEDS=<folder> it writes the target's seed corpus (small
// valid files made by the project's own writers) and exits. Errors thrown by a parser are the
// expected outcome of bad input; only a crash, a hang or a memory blow-up is a finding.

enum FuzzTarget: String, CaseIterable {
    case npz, npy, pickle, safetensors, model, state, ndjson, qdbin, prefix, input
}

nonisolated(unsafe) var target = FuzzTarget.npy
/// Parsers that read only from a path get the input through this file.
nonisolated(unsafe) var scratch = URL(fileURLWithPath: "/tmp")

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    guard let name = environment["FUZZ_TARGET"], let chosen = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    target = chosen
    let suffix = chosen == .npz ? "npz" : "safetensors"
    // A memory-backed folder when there is one: these targets write every input to a file.
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
    scratch = folder.appendingPathComponent("sketch-fuzz-\(getpid()).\(suffix)")
    atexit { try? FileManager.default.removeItem(at: scratch) }
    if let folder = environment["FUZZ_SEEDS"] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (i, seed) in try Seeds.make(chosen).enumerated() {
                try seed.write(to: URL(fileURLWithPath: folder).appendingPathComponent("seed-\(i)"))
            }
        } catch {
            FileHandle.standardError.write(Data("cannot write seeds: \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    run(target, data)
    return 0
}

func run(_ target: FuzzTarget, _ data: Data) {
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
