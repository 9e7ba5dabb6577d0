/// Vectorised exp, sigmoid and tanh for the gate loops.
///
/// The library `expf`/`tanhf` cost more than the matrix products once the gates of 250 steps × 100
/// sketches × 2048 units are counted; these run eight lanes at a time with Cephes' expf polynomial
/// (relative error about 2e-7 over the clamped range).
public enum FastMath {
    public typealias V = SIMD8<Float>

    @inline(__always)
    public static func exp(_ x: V) -> V {
        let x = x.clamped(lowerBound: V(repeating: -87.3), upperBound: V(repeating: 88.3))
        let fx = (x * 1.442_695_04 + 0.5).rounded(.down)
        var r = x - fx * 0.693_359_375
        r = r + fx * 2.121_944_4e-4
        var y: V = V(repeating: 1.987_569_15e-4)
        y = y * r + 1.398_199_95e-3
        y = y * r + 8.333_451_9e-3
        y = y * r + 4.166_579_59e-2
        y = y * r + 1.666_666_55e-1
        y = y * r + 5.000_000_12e-1
        y = y * (r * r) + r + 1
        let n = SIMD8<Int32>(fx) &+ 127
        let scale = unsafeBitCast(n &<< 23, to: V.self)
        return y * scale
    }

    @inline(__always)
    public static func sigmoid(_ x: V) -> V { 1 / (1 + exp(-x)) }

    @inline(__always)
    public static func tanh(_ x: V) -> V { 1 - 2 / (1 + exp(x + x)) }

    @inline(__always)
    public static func exp(_ x: Float) -> Float { exp(V(repeating: x))[0] }

    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    @inline(__always)
    public static func tanh(_ x: Float) -> Float { 1 - 2 / (1 + exp(x + x)) }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }
}
