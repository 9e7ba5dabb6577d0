import Testing
@testable import SketchRNN

@Suite struct ParametersTests {
    @Test func vaeLayoutHasSpecShapesAndIsContiguous() throws {
        let c = ModelConfig(type: .vae, cell: .lstm, encoderSize: 4, decoderSize: 6, latentSize: 3, mixtures: 2)
        let layout = ParameterLayout(config: c)
        #expect(layout.entry("encoder.forward.wxh")?.shape == [5, 16])
        #expect(layout.entry("encoder.backward.whh")?.shape == [4, 16])
        #expect(layout.entry("mu.weight")?.shape == [8, 3])
        #expect(layout.entry("init.weight")?.shape == [3, 12])
        #expect(layout.entry("decoder.wxh")?.shape == [8, 24])
        #expect(layout.entry("decoder.whh")?.shape == [6, 24])
        #expect(layout.entry("output.weight")?.shape == [6, 15])
        var offset = 0
        for e in layout.entries {
            #expect(e.offset == offset)
            offset += e.count
        }
        #expect(layout.totalCount == offset)
        let decoderOnly = ParameterLayout(config: ModelConfig(type: .decoder, decoderSize: 6, mixtures: 2))
        #expect(decoderOnly.names == ["decoder.wxh", "decoder.whh", "decoder.bias", "output.weight", "output.bias"])
        #expect(decoderOnly.entry("decoder.wxh")?.shape == [5, 24])
    }

    @Test func hyperAndLayerNormLayoutsNameTheirPieces() {
        let ln = ParameterLayout(config: ModelConfig(type: .decoder, cell: .layerNorm, decoderSize: 6, mixtures: 2))
        #expect(ln.entry("decoder.bias") == nil)
        #expect(ln.entry("decoder.ln.gamma")?.shape == [24])
        #expect(ln.entry("decoder.lnc.beta")?.shape == [6])
        let c = ModelConfig(type: .vae, cell: .hyper, encoderSize: 4, decoderSize: 6, latentSize: 3, mixtures: 2,
                            hyperSize: 5, hyperEmbedding: 2)
        let hyper = ParameterLayout(config: c)
        #expect(c.decoderStateSize == 22)
        #expect(hyper.entry("init.weight")?.shape == [3, 22])
        #expect(hyper.entry("decoder.hyper.wxh")?.shape == [8 + 6, 20])
        #expect(hyper.entry("decoder.hyper.alpha")?.shape == [8, 2, 6])
        #expect(hyper.entry("decoder.hyper.zw.weight")?.shape == [5, 16])
        #expect(hyper.entry("decoder.hyper.zb")?.shape == [5, 8])
        #expect(hyper.entry("decoder.hyper.beta")?.shape == [4, 2, 6])
    }

    @Test func tensorAccessorsRoundTripAndRejectWrongShapes() throws {
        var p = Parameters(config: ModelConfig(type: .decoder, decoderSize: 2, mixtures: 1))
        let t = Tensor(shape: [8], data: (0..<8).map(Float.init))
        try p.set("decoder.bias", t)
        #expect(try p.tensor("decoder.bias") == t)
        #expect(throws: ParameterError.shapeMismatch(name: "decoder.bias", expected: [8], got: [2, 4])) {
            try p.set("decoder.bias", t.reshaped([2, 4]))
        }
        #expect(throws: ParameterError.unknownName("nope")) { try p.tensor("nope") }
    }

    @Test func initializationFollowsTF() throws {
        let c = ModelConfig(type: .vae, cell: .lstm, encoderSize: 8, decoderSize: 16, latentSize: 4, mixtures: 3)
        let p = Parameters.initialized(config: c, seed: 1)
        #expect(p == Parameters.initialized(config: c, seed: 1))
        #expect(p != Parameters.initialized(config: c, seed: 2))
        // Each 16x16 gate block of W_hh is orthogonal.
        let whh = try p.tensor("decoder.whh")
        for block in 0..<4 {
            for i in 0..<16 {
                for j in 0..<16 {
                    var dot: Float = 0
                    for k in 0..<16 { dot += whh[k, block * 16 + i] * whh[k, block * 16 + j] }
                    #expect(abs(dot - (i == j ? 1 : 0)) < 1e-4)
                }
            }
        }
        let limit = (6 / Float(5 + 4 + 64)).squareRoot()
        let wxh = try p.tensor("decoder.wxh").data
        #expect(wxh.allSatisfy { abs($0) <= limit } && wxh.contains { abs($0) > limit / 2 })
        #expect(try p.tensor("decoder.bias").data.allSatisfy { $0 == 0 })
        let mu = try p.tensor("mu.weight").data
        #expect(mu.allSatisfy { abs($0) < 0.006 } && mu.contains { $0 != 0 })
        #expect(try p.tensor("output.bias").data.contains { $0 != 0 })
        let hyper = Parameters.initialized(config: ModelConfig(type: .decoder, cell: .hyper, decoderSize: 4,
                                                              mixtures: 1, hyperSize: 3, hyperEmbedding: 2), seed: 3)
        #expect(try hyper.tensor("decoder.hyper.zw.bias").data == [Float](repeating: 1, count: 16))
        #expect(try hyper.tensor("decoder.hyper.alpha").data.allSatisfy { $0 == 0.05 })
        #expect(try hyper.tensor("decoder.hyper.zw.weight").data.allSatisfy { $0 == 0 })
        #expect(try hyper.tensor("decoder.hyper.beta").data.allSatisfy { $0 == 0 })
        #expect(try hyper.tensor("decoder.ln.gamma").data.allSatisfy { $0 == 1 })
        #expect(try hyper.tensor("decoder.hyper.zb").data.contains { $0 != 0 })
    }
}
