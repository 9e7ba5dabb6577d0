import Foundation
import Testing
@testable import SketchRNN

/// A model's own sampling style (issue 23): how τ maps to the parts, carried in both file formats,
/// checked when read, and used by default by `SketchModel`.
struct SamplingStyleTests {
    static let sheepStyle = SamplingStyle(offsets: .init(base: 0.5, slope: 0.5), softmax: .init(base: 0.25, slope: 0.5),
                                          pen: .untemperedEnd, tau: 0.4)

    @Test func theStandardStyleIsTheProjectsDefaultSamplingAtEveryTau() {
        for tau: Float in [0, 0.2, 0.5, 1, 1.5] {
            #expect(SamplingStyle.standard.temperature(tau) == SamplingTemperature(tau))
        }
        #expect(Self.sheepStyle.temperature(0.5) == SamplingTemperature(tau: 0.75, softmax: 0.5, pen: .untemperedEnd))
        #expect(SamplingStyle.Line(base: 0.2, slope: -1).at(0.5) == 0, "a temperature never goes below 0")
        #expect(Self.sheepStyle.tau(or: 0.9) == 0.4 && SamplingStyle.standard.tau(or: 0.9) == 0.9)
        #expect(Self.sheepStyle.description == "offsets 0.5 + 0.5 τ, softmax 0.25 + 0.5 τ, pen untempered-end, τ 0.4")
        #expect(SamplingStyle.standard.description == "offsets τ, softmax 0.5 + 0.5 τ, pen untempered")
    }

    /// A small decoder-only model with sketch-rnn-js's 20 mixtures, so that it exports.
    static func file(style: SamplingStyle?) -> ModelFile {
        let config = ModelConfig(type: .decoder, cell: .lstm, decoderSize: 16, mixtures: 20, nmax: 30)
        return ModelFile(config: config, parameters: .initialized(config: config, seed: 2),
                         info: ModelInfo(name: "styled", scaleFactor: 10, sampling: style))
    }

    @Test func theStyleTravelsInSafetensorsAndSketchRNNJSFiles() throws {
        let file = Self.file(style: Self.sheepStyle)
        let safetensors = try ModelFile.decode(try file.safetensors.encoded(), name: "m.safetensors")
        #expect(safetensors.info.sampling == Self.sheepStyle)
        let js = try ModelFile.decode(try SketchRNNJS.encode(file), name: "m.json")
        #expect(js.info.sampling == Self.sheepStyle)
        #expect(js.info.notes["sampling"] == nil)
        // A model without one stays without one (and samples as the standard).
        let plain = try ModelFile.decode(try Self.file(style: nil).safetensors.encoded(), name: "p.safetensors")
        #expect(plain.info.sampling == nil && plain.info.samplingStyle == .standard)
    }

    @Test func aStyleThatCannotBeDrawnWithIsAnErrorNamingTheFile() throws {
        var bad = Self.file(style: nil).safetensors
        for (text, words) in [("{\"offsets\": 1}", "sampling style is not understood"),
                              ("{\"offsets\":{\"base\":0,\"slope\":1},\"softmax\":{\"base\":0.5,\"slope\":0.5},\"pen\":\"sideways\"}", "not understood"),
                              ("{\"offsets\":{\"base\":1e9,\"slope\":1},\"softmax\":{\"base\":0.5,\"slope\":0.5},\"pen\":\"untempered\"}", "offsets' temperature"),
                              ("{\"offsets\":{\"base\":0,\"slope\":1},\"softmax\":{\"base\":0.5,\"slope\":0.5},\"pen\":\"untempered\",\"tau\":-3}", "default τ")] {
            bad.metadata["sampling"] = text
            do {
                _ = try ModelFile.decode(try bad.encoded(), name: "bad.safetensors")
                Issue.record("accepted \(text)")
            } catch let error as ModelFileError {
                #expect(error.description.contains("bad.safetensors") && error.description.contains(words), "\(error)")
            }
        }
    }

    @Test func sketchModelSamplesWithTheModelsStyleUnlessTold() throws {
        let styled = try SketchModel(file: Self.file(style: Self.sheepStyle), configuration: .init(threads: 1))
        #expect(styled.samplingStyle == Self.sheepStyle)
        #expect(styled.temperature(0.2) == Self.sheepStyle.temperature(0.2))
        let byDefault = try styled.sample(count: 3, seed: 5)
        let asked = try styled.sample(count: 3, temperature: Self.sheepStyle.temperature(0.4), seed: 5)
        #expect(byDefault == asked, "the default is the model's style at its own τ")
        let standard = try styled.sample(count: 3, temperature: SamplingTemperature(0.5), seed: 5)
        #expect(standard != byDefault)
    }
}
