/// The sampling temperature the user controls: `[`/`]` step by 0.05 within 0.05–1.5, `t` cycles
/// through a few landmarks. Kept as an integer count of 0.05 steps so repeated steps stay exact.
package struct Temperature: Equatable, Sendable, CustomStringConvertible {
    package static let step: Float = 0.05
    package static let range = 1...30  // in steps: 0.05 ... 1.50
    package static let cycle: [Int] = [2, 5, 10, 15, 20]  // 0.10, 0.25, 0.50, 0.75, 1.00

    package private(set) var steps: Int

    package init(_ value: Float = 0.5) {
        steps = min(Temperature.range.upperBound, max(Temperature.range.lowerBound, Int((value / Temperature.step).rounded())))
    }

    package var value: Float { Float(steps) * Temperature.step }

    package mutating func nudge(_ direction: Int) {
        steps = min(Temperature.range.upperBound, max(Temperature.range.lowerBound, steps + direction))
    }

    /// The next landmark above the current value, wrapping to the first.
    package mutating func cycle() {
        steps = Temperature.cycle.first { $0 > steps } ?? Temperature.cycle[0]
    }

    /// "temperature 0.50", as the status bar shows it.
    package var description: String { "temperature " + Temperature.format(value) }

    package static func format(_ value: Float) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
