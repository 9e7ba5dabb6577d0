import CSketchKernels

/// Recurrent dropout (Semeniuta et al.): inverted dropout on `tanh(j)`, a fresh mask every step.
/// Masks are kept as bytes (1 keep, 0 drop) with one scale `1/keep`: a quarter of a float mask's memory.
struct DropoutMask {
    var keep: UnsafePointer<UInt8>
    var scale: Float

    /// The factor of unit k in row r (`units` per row).
    @inline(__always)
    subscript(k: Int) -> Float { Float(keep[k]) * scale }

    /// The factors of units `k ..< k + count` (count at most 8) in lanes, zeros after them.
    @inline(__always)
    func lanes(_ k: Int, _ count: Int = 8) -> FastMath.Lanes {
        if count == 8 {
            let bytes = UnsafeRawPointer(keep + k).loadUnaligned(as: SIMD8<UInt8>.self)
            return FastMath.Lanes(SIMD8<Int32>(truncatingIfNeeded: bytes)) * scale
        }
        var v = FastMath.Lanes()
        for l in 0..<count { v[l] = self[k + l] }
        return v
    }

    func row(_ r: Int, units: Int) -> DropoutMask { DropoutMask(keep: keep + r * units, scale: scale) }
}

/// Where one layer's recurrent dropout masks come from in one pass over rows `firstRow...` of a
/// batch: each mask element is a pure function of the pass's key, the layer, the step, the sketch's
/// row in the global batch and the unit (a counter-based `NoiseKey`), so a mask does not depend on
/// how a batch is split over ranks, and any part of it can be drawn alone, by any core.
///
/// The training graph makes one for the pass and gives each layer that draws masks its number:
/// the encoder's directions 1 and 2, the decoder the next (`SketchRNNTrainingGraph`).
struct DropoutKey: Equatable, Sendable {
    /// The pass's key.
    var pass: NoiseKey
    /// The global batch row of the pass's first row.
    var firstRow: UInt64
    /// The layer's number in the pass (0 for the pass itself).
    var layer: UInt64 = 0

    /// The key of layer `number` of this pass.
    func layer(_ number: UInt64) -> DropoutKey { DropoutKey(pass: pass, firstRow: firstRow, layer: number) }

    /// Step `t`'s masks of this layer.
    func step(_ t: Int) -> RecurrentDropout.StepKey {
        RecurrentDropout.StepKey(key: pass.child(layer).child(t), firstRow: firstRow)
    }
}

/// Draws the recurrent dropout masks (`DropoutKey`).
enum RecurrentDropout {
    /// Step `t`'s masks of `rows` rows of `units` units (1 keep, 0 drop).
    static func fill(_ mask: UnsafeMutablePointer<UInt8>, rows: Int, units: Int, step t: Int, keep: Float, key: DropoutKey) {
        fill(mask, rows: rows, units: units, range: 0..<units, step: key.step(t), keep: keep)
    }

    struct StepKey {
        var key: NoiseKey
        var firstRow: UInt64
    }

    /// Units `range` of a step's masks: any part of a mask can be drawn alone, by any core.
    static func fill(_ mask: UnsafeMutablePointer<UInt8>, rows: Int, units: Int, range: Range<Int>, step: StepKey,
                     keep: Float) {
        sk_dropout_keep(step.key.value, step.firstRow, Int32(rows), Int32(units), Int32(range.lowerBound),
                        Int32(range.count), keepLimit(keep), mask)
    }

    /// `uniform < keep` as an integer test on the uniform's 24 bits `u`: `u · 2⁻²⁴ < keep` exactly
    /// when `u < ⌈keep · 2²⁴⌉` (both sides are exact in Double).
    static func keepLimit(_ keep: Float) -> UInt64 { UInt64(max(0, (Double(keep) * 16_777_216).rounded(.up))) }

    /// `fill`'s bytes drawn one at a time from `NoiseKey` in Swift: the reference of the C kernel.
    static func referenceFill(_ mask: UnsafeMutablePointer<UInt8>, rows: Int, units: Int, stepKey: NoiseKey,
                              firstRow: UInt64, keep: Float) {
        for r in 0..<rows {
            let rowKey = stepKey.child(firstRow &+ UInt64(r))
            let m = mask + r * units
            for k in 0..<units { m[k] = rowKey.uniform(k) < keep ? 1 : 0 }
        }
    }
}
