import Foundation
import SketchTestSupport
import Testing

/// The app's engine and the generating commands are the library's first users: they generate
/// through its face (`SketchModel`, `DecoderState`, `LatentVector`, the options) and reach below it
/// for nothing, so that whatever they need, every user of the library has too. Training, data and
/// benchmark commands may use the package API.
struct FaceBoundaryTests {
    /// The files that generate for a person: the app's engine and the generating commands.
    static let generatingFiles = [
        "Sources/SketchTerminal/Engine/ModelEngine.swift",
        "Sources/SketchTerminal/Engine/SketchEngine.swift",
        "Sources/sketch/SampleCommand.swift",
        "Sources/sketch/CompleteCommand.swift",
        "Sources/sketch/ReconstructCommand.swift",
        "Sources/sketch/InterpolateCommand.swift",
        "Sources/sketch/AnalogyCommand.swift",
        "Sources/sketch/Support/GenerationOptions.swift",
    ]

    /// The package-level types below the face: the model file and its parts, the generators, the
    /// randomness and the unit conversions they are built on.
    static let belowTheFace = [
        "ModelFile", "ModelConfig", "ModelInfo", "Parameters", "DecoderStepper", "Sampler", "Completer", "LatentSpace",
        "MixtureDraw", "DrawLoop", "PenSoftmax", "StrokePDF(output", "OutputLayout", "SeededGenerator", "GenerationRandom",
        "NoiseKey", "ModelDrawingSize", "SketchPreparation", "EndProbe", "denormalized", "normalized(", "scaleFactor",
    ]

    @Test func theEngineAndTheGeneratingCommandsUseOnlyTheFace() throws {
        for path in Self.generatingFiles {
            let text = try String(contentsOf: SharedFiles.projectRoot.appendingPathComponent(path), encoding: .utf8)
            // Comments may name what lies below; code may not.
            let code = text.components(separatedBy: "\n").map { line in
                line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? line
            }.joined(separator: "\n")
            for name in Self.belowTheFace {
                let pattern = name.hasSuffix("(") || name.contains("(") ? NSRegularExpression.escapedPattern(for: name)
                    : "\\b" + name + "\\b"
                #expect(code.range(of: pattern, options: .regularExpression) == nil, "\(path) uses \(name), below the library's face")
            }
        }
    }

    @Test func theCheckFindsAUseBelowTheFace() {
        let code = "let stepper = try DecoderStepper(parameters: p, config: c, capacity: 1)"
        #expect(code.range(of: "\\bDecoderStepper\\b", options: .regularExpression) != nil)
        #expect("let model: ModelFileError".range(of: "\\bModelFile\\b", options: .regularExpression) == nil)
    }
}
