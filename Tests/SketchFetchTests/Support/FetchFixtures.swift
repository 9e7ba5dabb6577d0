import Foundation
import SketchRNN

/// Files the fetch tests serve, written by the project's own writers: a small sketch-rnn data set
/// (`SketchFile.write`, numpy's `.npz` layout) and a small sketch-rnn-js model
/// (`SketchRNNJS.encode`, Google's JSON layout). No test reads anything from the network or ../shared.
enum FetchFixtures {
    /// A data set of `counts` scribbles (train, valid, test), as an `.npz` file's bytes.
    static func dataSet(counts: (Int, Int, Int) = (64, 8, 8), seed: UInt64 = 1) throws -> Data {
        var rng = SeededGenerator(seed: seed)
        func scribble() -> Sketch {
            let length = 6 + Int(rng.nextUniform() * 30)
            var points = [StrokePoint]()
            var angle = rng.nextUniform() * 6.283
            for i in 0..<length {
                let step = 4 + rng.nextUniform() * 20
                points.append(StrokePoint(dx: (step * cos(angle)).rounded(), dy: (step * sin(angle)).rounded(),
                                          penLifted: i % 7 == 6 || i == length - 1))
                angle += 0.4
            }
            return Sketch(points: points)
        }
        let file = SketchFile(train: (0..<counts.0).map { _ in scribble() }, valid: (0..<counts.1).map { _ in scribble() },
                              test: (0..<counts.2).map { _ in scribble() })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("fixture.npz")
        try file.write(to: url)
        return try Data(contentsOf: url)
    }

    /// A small decoder-only (or VAE) sketch-rnn-js model, as Google's `.gen.json` / `.vae.json` bytes.
    static func model(vae: Bool = false, seed: UInt64 = 3) throws -> Data {
        let config = vae
            ? ModelConfig(type: .vae, cell: .lstm, encoderSize: 8, decoderSize: 16, latentSize: 4, mixtures: 20, nmax: 60, firstInput: .zeros)
            : ModelConfig(type: .decoder, cell: .lstm, decoderSize: 16, mixtures: 20, nmax: 60, firstInput: .zeros)
        let model = ModelFile(config: config, parameters: Parameters.initialized(config: config, seed: seed),
                              info: ModelInfo(name: "cat", scaleFactor: 40))
        return try SketchRNNJS.encode(model)
    }

    /// A fresh folder, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-fetch-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `folder`, relative paths, hidden ones included.
    static func files(in folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).sorted()
    }
}
