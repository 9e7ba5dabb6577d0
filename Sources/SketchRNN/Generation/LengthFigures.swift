/// Median and quartiles of drawing lengths in stroke-3 points (what a person sees of them).
///
/// Quartiles interpolate linearly between the sorted lengths (the common "type 7" definition, as
/// numpy's default `percentile`), so a median of an even count can end in .5.
package struct LengthFigures: Equatable, Sendable, Codable {
    package var count: Int
    package var lowerQuartile: Double
    package var median: Double
    package var upperQuartile: Double

    package init(lengths: [Int]) {
        let sorted = lengths.sorted()
        count = sorted.count
        lowerQuartile = Self.quantile(sorted, 0.25)
        median = Self.quantile(sorted, 0.5)
        upperQuartile = Self.quantile(sorted, 0.75)
    }

    static func quantile(_ sorted: [Int], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return Double(sorted[below]) * (1 - fraction) + Double(sorted[above]) * fraction
    }

    /// `"q1 … median … q3"` as in the text reports.
    package var text: String {
        func f(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
        return "\(f(lowerQuartile)) / \(f(median)) / \(f(upperQuartile))"
    }
}
