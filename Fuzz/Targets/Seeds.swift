import Foundation
import SketchRNN

/// Seed inputs for each fuzz target, made by the project's own writers (nothing downloaded).
package enum Seeds {
    package static let square = Sketch(points: [
        StrokePoint(dx: 10, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: 10, penLifted: false),
        StrokePoint(dx: -10, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: -10, penLifted: true),
    ])

    package static func tinyModel(_ type: ModelType, cell: CellType = .lstm, mixtures: Int = 2) -> ModelFile {
        let config = ModelConfig(type: type, cell: cell, encoderSize: 3, decoderSize: 4, latentSize: 2, mixtures: mixtures,
                                 hyperSize: 3, hyperEmbedding: 2, nmax: 12)
        return ModelFile(config: config, parameters: .initialized(config: config, seed: 1),
                         info: ModelInfo(name: "seed", scaleFactor: 20))
    }

    /// An `.npy` header for a one-element object array: the `pickle` target appends its input.
    package static let objectArrayHeader: Data = {
        let bytes = NPY.encode(StrokeArrays.array(from: [square]))
        let headerLength = Int(bytes[bytes.startIndex + 8]) | Int(bytes[bytes.startIndex + 9]) << 8
        return bytes.prefix(10 + headerLength)
    }()

    package static func make(_ target: FuzzTarget) throws -> [Data] {
        switch target {
        case .npz:
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-seed-\(getpid()).npz")
            defer { try? FileManager.default.removeItem(at: url) }
            try SketchFile(train: [square, square], valid: [square], test: [square]).write(to: url)
            return [try Data(contentsOf: url)]
        case .npy:
            return [NPY.encode(StrokeArrays.array(from: [square, square])), NPY.encode(StrokeArrays.array(from: square)),
                    NPY.encode(NumpyArray(shape: [2, 3], int16: [1, 2, 0, 3, 4, 1]))]
        case .pickle:
            let bytes = NPY.encode(StrokeArrays.array(from: [square, square]))
            return [bytes.dropFirst(objectArrayHeader.count)]
        case .safetensors:
            return [try tinyModel(.decoder).safetensors.encoded(), try tinyModel(.decoder).safetensors.encoded(as: .f16)]
        case .model:
            return try [tinyModel(.decoder).safetensors.encoded(), tinyModel(.vae, cell: .hyper).safetensors.encoded(),
                        tinyModel(.vae, cell: .layerNorm).safetensors.encoded(),
                        SketchRNNJS.encode(tinyModel(.vae, mixtures: 20)), SketchRNNJS.encode(tinyModel(.decoder, mixtures: 20))]
        case .state:
            let model = tinyModel(.decoder)
            var training = TrainingConfig()
            training.batchSize = 2
            let state = TrainingState(config: model.config, training: training, scaleFactor: 20, dataSets: ["seed"],
                                      parameters: model.parameters)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-seed-\(getpid()).safetensors")
            defer { try? FileManager.default.removeItem(at: url) }
            try state.write(to: url, name: "seed")
            return [try Data(contentsOf: url)]
        case .ndjson:
            return [Data(#"{"word":"cat","countrycode":"GB","recognized":true,"drawing":[[[10,40,80],[20,25,30]],[[5,6],[7,90]]]}"#.utf8),
                    Data((#"{"drawing":[[[0,1.5,2],[3,4,5.25],[0,10,20]]]}"# + "\n").utf8)]
        case .qdbin:
            // key_id u64, country 2 bytes, recognized u8, timestamp u32, n_strokes u16, then per
            // stroke n_points u16, x[n] u8, y[n] u8.
            var bytes: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8] + Array("GB".utf8) + [1, 0, 0, 0, 0, 2, 0]
            bytes += [3, 0, 10, 40, 80, 20, 25, 30] + [2, 0, 5, 6, 7, 90]
            return [Data(bytes), Data(bytes + bytes)]
        case .prefix:
            let strokes = StrokeDrawing(polylines: [[SIMD2(1, 2), SIMD2(30, 4)], [SIMD2(5, 6)]], units: .screen, penLifted: false)
            return [Data("[[10, 0, 0], [0, 10, 1], [-5, 3, 0]]".utf8), try strokes.encoded(),
                    Data(#"{"word":"cat","drawing":[[[10,40,80],[20,25,30]]]}"#.utf8)]
        case .input:
            return [Data("\u{5}\u{1B}[<0;10;5M\u{1B}[<32;11;6M\u{1B}[<0;12;6m".utf8), Data("\u{2}\u{1B}[A\u{1B}OBq u12[]\r\t\u{7F}".utf8),
                    Data("\u{9}\u{1B}[200~pasted q\u{1B}[201~\u{1B}[Z\u{1B}\u{1B}é".utf8)]
        }
    }
}
