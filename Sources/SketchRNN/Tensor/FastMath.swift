/// Fast exp, sigmoid and tanh for the gate loops.
///
/// The library `expf`/`tanhf` cost more than the matrix products once the gates of 250 steps × 100
/// sketches × 2048 units are counted. These use only arithmetic, comparisons and bit casts (Cephes'
/// expf polynomial, relative error about 2e-7; rounding by the 1.5·2²³ trick), so that they also
/// run on SIMD lanes (below).
package enum FastMath {
    @inline(__always)
    package static func exp(_ x: Float) -> Float {
        let x = x < -87.3 ? -87.3 : (x > 88.3 ? 88.3 : x)
        let shifted = x * 1.442_695_04 + 12_582_912  // 1.5·2²³: the sum's low bits hold round(x log2 e)
        let fx = shifted - 12_582_912
        var r = x - fx * 0.693_359_375
        r = r + fx * 2.121_944_4e-4
        var y: Float = 1.987_569_15e-4
        y = y * r + 1.398_199_95e-3
        y = y * r + 8.333_451_9e-3
        y = y * r + 4.166_579_59e-2
        y = y * r + 1.666_666_55e-1
        y = y * r + 5.000_000_12e-1
        y = y * (r * r) + r + 1
        let n = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
        return y * Float(bitPattern: n)
    }

    @inline(__always)
    package static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    @inline(__always)
    package static func tanh(_ x: Float) -> Float { 1 - 2 / (1 + exp(x + x)) }
}

/// The same functions eight lanes at a time, for the gate loops: the compiler does not vectorise
/// those loops itself (they read and write through several pointers it cannot prove apart), and
/// written lane by lane they cost a sixth of a training step. Each lane computes exactly what the
/// scalar function computes.
extension FastMath {
    package typealias Lanes = SIMD8<Float>

    @inline(__always)
    package static func exp(_ x: Lanes) -> Lanes {
        var x = x
        x.replace(with: -87.3, where: x .< -87.3)
        x.replace(with: 88.3, where: x .> 88.3)
        let shifted = x * 1.442_695_04 + 12_582_912
        let fx = shifted - 12_582_912
        var r = x - fx * 0.693_359_375
        r = r + fx * 2.121_944_4e-4
        var y = Lanes(repeating: 1.987_569_15e-4)
        y = y * r + 1.398_199_95e-3
        y = y * r + 8.333_451_9e-3
        y = y * r + 4.166_579_59e-2
        y = y * r + 1.666_666_55e-1
        y = y * r + 5.000_000_12e-1
        y = y * (r * r) + r + 1
        let n = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return y * unsafeBitCast(n, to: Lanes.self)
    }

    @inline(__always)
    package static func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    @inline(__always)
    package static func tanh(_ x: Lanes) -> Lanes { 1 - 2 / (1 + exp(x + x)) }
}

extension UnsafePointer where Pointee == Float {
    /// `count` (at most 8) floats from `self + offset` in the first lanes, zeros after them.
    @inline(__always)
    func lanes(_ offset: Int, _ count: Int = 8) -> FastMath.Lanes {
        if count == 8 { return UnsafeRawPointer(self + offset).loadUnaligned(as: FastMath.Lanes.self) }
        var v = FastMath.Lanes()
        for l in 0..<count { v[l] = self[offset + l] }
        return v
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always)
    func lanes(_ offset: Int, _ count: Int = 8) -> FastMath.Lanes { UnsafePointer(self).lanes(offset, count) }

    /// Stores the first `count` (at most 8) lanes of `value` at `self + offset`.
    @inline(__always)
    func setLanes(_ offset: Int, _ count: Int, _ value: FastMath.Lanes) {
        if count == 8 {
            UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: FastMath.Lanes.self)
        } else {
            for l in 0..<count { self[offset + l] = value[l] }
        }
    }
}
