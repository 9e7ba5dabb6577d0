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

    /// Every tensor the layers reach through their typed views is the one the layout names, and the
    /// order of the flat buffer (that of every model file) is pinned.
    @Test(arguments: [CellType.lstm, .layerNorm, .hyper])
    func typedViewsPointAtTheirNamedTensors(cell: CellType) {
        let c = ModelConfig(type: .vae, cell: cell, encoderSize: 4, decoderSize: 6, latentSize: 3, mixtures: 2,
                            hyperSize: 5, hyperEmbedding: 2)
        let layout = ParameterLayout(config: c), t = ModelTensors(config: c)
        var named: [String: Int?] = ["output.weight": t.output.weight, "output.bias": t.output.bias,
                                     "decoder.wxh": t.decoder.cell.wxh, "decoder.whh": t.decoder.cell.whh]
        func lstm(_ prefix: String, _ l: LSTMTensors<Int>) {
            named["\(prefix).wxh"] = l.wxh
            named["\(prefix).whh"] = l.whh
            if let bias = l.bias { named["\(prefix).bias"] = bias }
        }
        func norms(_ prefix: String, _ n: LayerNormTensors<Int>?) {
            guard let n else { return }
            (named["\(prefix).ln.gamma"], named["\(prefix).ln.beta"]) = (n.gamma, n.beta)
            (named["\(prefix).lnc.gamma"], named["\(prefix).lnc.beta"]) = (n.gammaC, n.betaC)
        }
        if let e = t.encoder, let i = t.initialState {
            lstm("encoder.forward", e.forward)
            lstm("encoder.backward", e.backward)
            for (name, linear) in [("mu", e.mu), ("presig", e.presig), ("init", i)] {
                (named["\(name).weight"], named["\(name).bias"]) = (linear.weight, linear.bias)
            }
        }
        if let bias = t.decoder.cell.bias { named["decoder.bias"] = bias }
        norms("decoder", t.decoder.norms)
        if let h = t.decoder.hyper {
            lstm("decoder.hyper", h.cell)
            norms("decoder.hyper", h.norms)
            (named["decoder.hyper.zw.weight"], named["decoder.hyper.zw.bias"]) = (h.zw.weight, h.zw.bias)
            (named["decoder.hyper.alpha"], named["decoder.hyper.zb"], named["decoder.hyper.beta"]) = (h.alpha, h.zb, h.beta)
        }
        #expect(named.count == layout.entries.count)
        for e in layout.entries { #expect(named[e.name] == e.offset, "\(e.name)") }
        guard cell == .hyper else { return }
        #expect(layout.names == [
            "encoder.forward.wxh", "encoder.forward.whh", "encoder.forward.bias",
            "encoder.backward.wxh", "encoder.backward.whh", "encoder.backward.bias",
            "mu.weight", "mu.bias", "presig.weight", "presig.bias", "init.weight", "init.bias",
            "decoder.wxh", "decoder.whh", "decoder.bias",
            "decoder.ln.gamma", "decoder.ln.beta", "decoder.lnc.gamma", "decoder.lnc.beta",
            "decoder.hyper.wxh", "decoder.hyper.whh",
            "decoder.hyper.ln.gamma", "decoder.hyper.ln.beta", "decoder.hyper.lnc.gamma", "decoder.hyper.lnc.beta",
            "decoder.hyper.zw.weight", "decoder.hyper.zw.bias", "decoder.hyper.alpha", "decoder.hyper.zb", "decoder.hyper.beta",
            "output.weight", "output.bias",
        ])
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
