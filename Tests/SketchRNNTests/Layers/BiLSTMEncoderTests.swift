import Testing
@testable import SketchRNN

/// The encoder's two directions run side by side but take their dropout layers in order: forward,
/// then backward, and the decoder after both.
@Suite struct BiLSTMEncoderTests {
    @Test func theDirectionsDrawTheirOwnMasksAndLeaveTheDecodersAlone() {
        let config = ModelConfig(type: .vae, encoderSize: 8, decoderSize: 3, latentSize: 2, mixtures: 1)
        var rng = SeededGenerator(seed: 41)
        let lengths = [6, 6, 6]
        let batch = GradientCheck.randomBatch(lengths: lengths, steps: 6, rng: &rng)
        let p = Parameters.initialized(config: config, seed: 41)
        let encoder = BiLSTMEncoder(units: 8, maxRows: 3, maxSteps: 6, dropout: true)
        let tensors = ModelTensors(config: config).encoder!
        let pass = DropoutKey(pass: NoiseKey(7), firstRow: 0)
        p.values.withUnsafeBufferPointer { v in
            encoder.forward(rows: 3, x: Array(batch.strokes[(3 * 5)...]), lengths: lengths,
                            weights: tensors.map { v.baseAddress! + $0 }, dropoutKeep: 0.5, dropout: pass)
        }
        // Layer 1's masks are the forward direction's, layer 2's the backward's.
        for (direction, sequence) in [encoder.forwardDirection, encoder.backwardDirection].enumerated() {
            for t in 0..<6 {
                var mask = [UInt8](repeating: 9, count: 3 * 8)
                mask.withUnsafeMutableBufferPointer {
                    RecurrentDropout.fill($0.baseAddress!, rows: 3, units: 8, step: t, keep: 0.5, key: pass.layer(UInt64(direction + 1)))
                }
                let drawn = Array(UnsafeBufferPointer(start: sequence.act.masks + t * 3 * 8, count: 3 * 8))
                #expect(drawn == mask, "direction \(direction), step \(t)")
            }
        }
    }
}
