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

/// Draws the recurrent dropout masks. Each element is a pure function of the pass's key, the layer,
/// the step, the sketch's row in the global batch and the unit (a counter-based `NoiseKey`), so a
/// mask does not depend on how a batch is split over ranks, and any part of it can be drawn alone.
///
/// The layers take a `SeededGenerator` through their forward passes; for the masks it carries a key
/// rather than a stream: its words are (key, global row of the pass's first row, layer number, 1).
/// A layer's pass starts at step 0, where `fill` moves to the next layer number, so the encoder's two
/// directions and the decoder get their own masks however many steps each runs on a rank.
enum RecurrentDropout {
    /// What the training graph hands to the layers for one pass over rows `firstRow...` of a batch.
    static func stream(key: NoiseKey, firstRow: Int) -> SeededGenerator {
        SeededGenerator(words: (key.value, UInt64(firstRow), 0, 1))
    }

    /// Step `t`'s masks of `rows` rows of `units` units (1 keep, 0 drop).
    static func fill(_ mask: UnsafeMutablePointer<UInt8>, rows: Int, units: Int, step t: Int, keep: Float,
                     rng: inout SeededGenerator) {
        fill(mask, rows: rows, units: units, range: 0..<units, step: stepKey(t, rng: &rng), keep: keep)
    }

    /// Where step `t`'s masks come from: called once per step, in order (step 0 moves to the next layer).
    static func stepKey(_ t: Int, rng: inout SeededGenerator) -> StepKey {
        var (key, firstRow, layer, tag) = rng.words
        if t == 0 {
            layer &+= 1
            rng.words = (key, firstRow, layer, tag)
        }
        return StepKey(key: NoiseKey(key).child(layer).child(t), firstRow: firstRow)
    }

    /// The stream as a layer that draws masks leaves it: a later layer can then start before that
    /// one has run.
    static func skippingLayer(_ rng: SeededGenerator) -> SeededGenerator {
        var skipped = rng
        _ = stepKey(0, rng: &skipped)
        return skipped
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
