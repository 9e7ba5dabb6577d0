/// A small, fast, seedable random generator (xoshiro256**) whose whole state can be saved and
/// restored, so that training resumes exactly and sampling is reproducible from a seed.
package struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    // Four plain words rather than an array: `next()` runs once per point in the batcher's
    // augmentation, and array storage costs a uniqueness check on every write.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four state words (what checkpoints save).
    package var state: [UInt64] {
        get { [s0, s1, s2, s3] }
        set { self = SeededGenerator(state: newValue) }
    }

    private enum CodingKeys: String, CodingKey { case state }

    package init(from decoder: Decoder) throws {
        let words = try decoder.container(keyedBy: CodingKeys.self).decode([UInt64].self, forKey: .state)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.state], debugDescription: "xoshiro256** needs four words, not all zero"))
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    package init(seed: UInt64) {
        // splitmix64 spreads any seed (even 0) over the four state words.
        var x = seed
        var words = [UInt64]()
        for _ in 0..<4 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words.append(z ^ (z >> 31))
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    package init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "xoshiro256** needs four words, not all zero")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    @inline(__always)
    package mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 24 bits, the precision of a Float.
    @inline(__always)
    package mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Standard normal by Box–Muller (one of the pair; simple and exact enough for sampling and init).
    @inline(__always)
    package mutating func nextGaussian() -> Float {
        var u1 = nextUniform()
        if u1 < 1e-12 { u1 = 1e-12 }
        let u2 = nextUniform()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
