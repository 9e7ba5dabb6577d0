/// Independent, reproducible random streams for a batch of samples: stream `i` of seed `s` is the
/// same whatever the batch size, so sample 3 of `-n 8` equals sample 3 of `-n 4`.
enum StreamRandom {
    static func generator(seed: UInt64, stream: Int) -> SeededGenerator {
        // A multiplier unrelated to splitmix64's increment keeps streams' state words apart.
        SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: stream + 1) &* 0xD1B5_4A32_D192_ED03))
    }

    /// `count` independent standard normal values (a latent vector from the prior).
    static func gaussians(_ count: Int, rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in rng.nextGaussian() }
    }
}
