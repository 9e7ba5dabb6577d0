/// A counter-based random source: the value at any counter of a key is a hash of (key, counter),
/// computed on its own, so that any element of a random array can be drawn independently of the
/// others — by another thread, or by another rank that holds other rows of the same batch.
///
/// Keys form a tree (`child`): a run's key, a step's, a layer's, a row's. Distributed training draws
/// everything random for global row g of step s from keys that name (seed, s, g), never from a
/// stream shared by the rows, so the numbers do not depend on how the rows are split over ranks.
package struct NoiseKey: Hashable, Sendable {
    package var value: UInt64

    package init(_ value: UInt64) { self.value = value }

    /// The key of child `index` (a step, a layer, a row).
    @inline(__always)
    package func child(_ index: UInt64) -> NoiseKey { NoiseKey(Self.mix(value ^ Self.mix(index &+ 0x9E37_79B9_7F4A_7C15))) }

    @inline(__always)
    package func child(_ index: Int) -> NoiseKey { child(UInt64(bitPattern: Int64(index))) }

    /// 64 random bits at `counter`.
    @inline(__always)
    package func word(_ counter: UInt64) -> UInt64 { Self.mix(value &+ (counter &+ 1) &* 0x9E37_79B9_7F4A_7C15) }

    /// Uniform in [0, 1) with 24 bits, the precision of a Float.
    @inline(__always)
    package func uniform(_ counter: Int) -> Float { Float(word(UInt64(counter)) >> 40) * (1.0 / 16_777_216.0) }

    /// Standard normal at `counter` (Box–Muller over two halves of one word).
    @inline(__always)
    package func gaussian(_ counter: Int) -> Float {
        let w = word(UInt64(counter))
        var u1 = Float(w >> 40) * (1.0 / 16_777_216.0)
        if u1 < 1e-12 { u1 = 1e-12 }
        let u2 = Float((w >> 8) & 0xFF_FFFF) * (1.0 / 16_777_216.0)
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }

    /// A sequential generator seeded from this key, for consumers that draw a varying count of
    /// numbers (one sketch's augmentation).
    package func generator() -> SeededGenerator { SeededGenerator(seed: value) }

    /// splitmix64's finaliser: every input bit reaches every output bit.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
