import Foundation

/// Train/valid/test fractions for making a data set from one list of drawings.
package struct SplitFractions: Equatable, Sendable, CustomStringConvertible {
    package var train: Double
    package var valid: Double
    package var test: Double

    package static let standard = SplitFractions(train: 0.8, valid: 0.1, test: 0.1)

    /// Fractions must be non-negative and sum to 1 (within rounding).
    package init(train: Double, valid: Double, test: Double) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    /// Parses `0.8,0.1,0.1` (or `0.8/0.1/0.1`).
    package init(parsing text: String) throws {
        let parts = text.split { $0 == "," || $0 == "/" }.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let t = parts[0], let v = parts[1], let s = parts[2], [t, v, s].allSatisfy({ $0 >= 0 && $0.isFinite }),
              abs(t + v + s - 1) < 1e-6 else {
            throw DataSetError("split fractions must be three non-negative numbers that sum to 1, like 0.8,0.1,0.1 (got '\(text)')")
        }
        self.init(train: t, valid: v, test: s)
    }

    package var description: String { "\(train)/\(valid)/\(test)" }

    /// Shuffles `items` with `seed` and cuts them by the fractions (valid and test rounded to
    /// whole items, train takes the rest).
    package func split<T>(_ items: [T], seed: UInt64) -> (train: [T], valid: [T], test: [T]) {
        var generator = SeededGenerator(seed: seed)
        let shuffled = items.shuffled(using: &generator)
        let n = shuffled.count
        let validCount = min(Int((Double(n) * valid).rounded()), n)
        let testCount = min(Int((Double(n) * test).rounded()), n - validCount)
        let trainCount = n - validCount - testCount
        return (Array(shuffled[0..<trainCount]),
                Array(shuffled[trainCount..<(trainCount + validCount)]),
                Array(shuffled[(trainCount + validCount)...]))
    }
}
