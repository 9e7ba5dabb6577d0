import CSketchKernels
import Testing
@testable import SketchRNN

/// Masks are drawn per global row (docs/distributed.md): a share of the rows gets the same masks
/// as the whole batch holds for them, whichever ranks draw them.
@Suite struct RecurrentDropoutTests {
    static func masks(rows: Range<Int>, units: Int, steps: Int, layers: Int, keep: Float) -> [[UInt8]] {
        let pass = DropoutKey(pass: NoiseKey(42), firstRow: UInt64(rows.lowerBound))
        var out: [[UInt8]] = []
        for layer in 1...layers {
            for t in 0..<steps {
                var m = [UInt8](repeating: 9, count: rows.count * units)
                m.withUnsafeMutableBufferPointer {
                    RecurrentDropout.fill($0.baseAddress!, rows: rows.count, units: units, step: t, keep: keep, key: pass.layer(UInt64(layer)))
                }
                out.append(m)
            }
        }
        return out
    }

    @Test func aShareOfTheRowsGetsTheWholeBatchsMasks() {
        let units = 7, whole = Self.masks(rows: 0..<6, units: units, steps: 4, layers: 2, keep: 0.7)
        let first = Self.masks(rows: 0..<2, units: units, steps: 4, layers: 2, keep: 0.7)
        let rest = Self.masks(rows: 2..<6, units: units, steps: 4, layers: 2, keep: 0.7)
        for i in whole.indices { #expect(whole[i] == first[i] + rest[i], "mask \(i)") }
        // Layers and steps differ from each other.
        #expect(Set(whole.map { $0.map(String.init).joined() }).count == whole.count)
    }

    @Test func aLayersMasksDependOnItsKeyAloneNotOnTheLayersBefore() {
        // The encoder runs each rank's longest sketch: the decoder's masks must not depend on how
        // many steps the layers before it ran; each layer's number names its masks.
        let pass = DropoutKey(pass: NoiseKey(3), firstRow: 0)
        var a = [UInt8](repeating: 0, count: 10), b = a, other = a
        a.withUnsafeMutableBufferPointer { RecurrentDropout.fill($0.baseAddress!, rows: 2, units: 5, step: 0, keep: 0.5, key: pass.layer(3)) }
        for t in 0..<9 { b.withUnsafeMutableBufferPointer { RecurrentDropout.fill($0.baseAddress!, rows: 2, units: 5, step: t, keep: 0.5, key: pass.layer(1)) } }
        b.withUnsafeMutableBufferPointer { RecurrentDropout.fill($0.baseAddress!, rows: 2, units: 5, step: 0, keep: 0.5, key: pass.layer(3)) }
        other.withUnsafeMutableBufferPointer { RecurrentDropout.fill($0.baseAddress!, rows: 2, units: 5, step: 0, keep: 0.5, key: pass.layer(2)) }
        #expect(a == b && a != other)
    }

    @Test func theKeptShareIsKeep() {
        let all = Self.masks(rows: 0..<100, units: 100, steps: 5, layers: 1, keep: 0.9).flatMap { $0 }
        let kept = Double(all.filter { $0 == 1 }.count) / Double(all.count)
        #expect(all.allSatisfy { $0 <= 1 } && abs(kept - 0.9) < 0.005, "\(kept)")
    }

    @Test(arguments: [Float(0.9), 0.5, 1, 0.1, 0.7310586, 0])
    func theKernelDrawsTheSwiftReferencesBytes(keep: Float) {
        // Units not a multiple of the eight lanes, and rows far into a large batch.
        for (units, firstRow) in [(512, UInt64(0)), (13, 7), (3, 1 << 40), (256, 99)] {
            let rows = 5, key = NoiseKey(0xDEAD_BEEF).child(units)
            var kernel = [UInt8](repeating: 9, count: rows * units), reference = kernel
            // Drawn in two parts, as two cores draw their units of a step.
            let split = units / 3
            kernel.withUnsafeMutableBufferPointer {
                let step = RecurrentDropout.StepKey(key: key, firstRow: firstRow)
                RecurrentDropout.fill($0.baseAddress!, rows: rows, units: units, range: split..<units, step: step, keep: keep)
                RecurrentDropout.fill($0.baseAddress!, rows: rows, units: units, range: 0..<split, step: step, keep: keep)
            }
            reference.withUnsafeMutableBufferPointer {
                RecurrentDropout.referenceFill($0.baseAddress!, rows: rows, units: units, stepKey: key, firstRow: firstRow, keep: keep)
            }
            #expect(kernel == reference, "keep \(keep), \(units) units from row \(firstRow)")
        }
    }

    @Test func theLimitIsExactAtTheBoundary() {
        // u · 2⁻²⁴ < keep for u = limit - 1 and not for u = limit.
        for keep: Float in [0.9, 0.5, 1, 0.3, Float(1) / 3] {
            let limit = RecurrentDropout.keepLimit(keep)
            #expect(Float(limit - 1) * (1.0 / 16_777_216.0) < keep && !(Float(limit) * (1.0 / 16_777_216.0) < keep), "\(keep)")
        }
    }
}
