import Foundation
import SketchTestSupport
import Testing

/// The library's public face stays small and documented: `public` only where this list says, and a
/// DocC comment on every public declaration. Everything else is `package` (for the `sketch`
/// command, the app and the tests) or internal. A new public declaration belongs in this list.
struct PublicSurfaceTests {
    static let sources = SharedFiles.projectRoot.appendingPathComponent("Sources/SketchRNN")

    /// Files that may declare public symbols, and how many.
    static let allowed: [String: Int] = [
        "API/SketchModel.swift": 20,
        "API/SketchModel+Sampling.swift": 13,
        "API/SketchModel+Completion.swift": 22,
        "API/SketchModel+Latent.swift": 14,
        "API/SketchModel+DrawingSize.swift": 1,
        "API/DecoderState.swift": 12,
        "API/StrokePDF.swift": 12,
        "API/Sketch+SVG.swift": 1,
        "Strokes/Sketch.swift": 10,
        "Strokes/Polylines.swift": 3,
        "Strokes/Units.swift": 12,
        "Generation/SamplingTemperature.swift": 10,
        "Generation/SamplingStyle.swift": 15,
        "Generation/CancellationToken.swift": 4,
        "Generation/Completer.swift": 2,
        "Generation/Redraws.swift": 2,
        "Model/ModelFileError.swift": 6,
    ]

    /// Lines that declare something public, by file relative to Sources/SketchRNN.
    static func publicDeclarations() throws -> [String: [(line: Int, previous: String)]] {
        var found = [String: [(line: Int, previous: String)]]()
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let lines = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                .components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where line.range(of: #"^\s*(@\w+(\([^)]*\))?\s+)*(nonisolated\(unsafe\) )?public "#, options: .regularExpression) != nil {
                // The comment sits above the declaration and its attributes on lines of their own.
                var j = i - 1
                while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@") { j -= 1 }
                found[file, default: []].append((i + 1, j >= 0 ? lines[j] : ""))
            }
        }
        return found
    }

    @Test func onlyTheFaceIsPublic() throws {
        let counts = try Self.publicDeclarations().mapValues(\.count)
        #expect(counts == Self.allowed, "public declarations per file differ from the list: \(counts.sorted { $0.key < $1.key })")
    }

    @Test func everyPublicDeclarationHasADocComment() throws {
        for (file, declarations) in try Self.publicDeclarations() {
            for d in declarations {
                #expect(d.previous.trimmingCharacters(in: .whitespaces).hasPrefix("///"), "\(file):\(d.line) has no doc comment")
            }
        }
    }
}
