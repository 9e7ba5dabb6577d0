import Foundation
import Testing
@testable import SketchRNN

/// `ActivationMemory` weighs a training graph by its buffers' own declared sizes: every buffer a
/// built graph holds is counted, whatever the model.
struct ActivationMemoryTests {
    /// The bytes of every `FloatBuffer` reachable from `root` (each object once), and of the dropout
    /// masks beside their `maskCount`; the packed weights, which do not grow with the batch, are left out.
    static func heldBytes(_ root: Any) -> Int {
        var seen = Set<ObjectIdentifier>()
        func walk(_ value: Any) -> Int {
            if let buffer = value as? FloatBuffer {
                return seen.insert(ObjectIdentifier(buffer)).inserted ? 4 * buffer.count : 0
            }
            if value is PackedMatrix { return 0 }
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .class {
                guard seen.insert(ObjectIdentifier(value as AnyObject)).inserted else { return 0 }
            }
            var total = 0
            var node: Mirror? = mirror
            while let m = node {
                for child in m.children {
                    if child.label == "maskCount", let count = child.value as? Int { total += count }
                    total += walk(child.value)
                }
                node = m.superclassMirror
            }
            return total
        }
        return walk(root)
    }

    @Test(arguments: [(ModelType.vae, CellType.lstm), (.vae, .layerNorm), (.vae, .hyper), (.decoder, .lstm), (.decoder, .hyper)])
    func theEstimateIsWhatABuiltGraphHolds(type: ModelType, cell: CellType) throws {
        let config = ModelConfig(type: type, cell: cell, encoderSize: 6, decoderSize: 10, latentSize: 3, mixtures: 2,
                                 hyperSize: 7, hyperEmbedding: 4, nmax: 9)
        let (batch, steps) = (5, 9)
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: batch, maxSteps: steps)
        let estimate = try #require(ActivationMemory.estimatedBytes(config: config, maxBatch: batch, maxSteps: steps))
        // The offset and pen losses of each row and step are doubles behind raw pointers.
        #expect(estimate == Self.heldBytes(graph) + 2 * 8 * batch * steps)
    }
}
