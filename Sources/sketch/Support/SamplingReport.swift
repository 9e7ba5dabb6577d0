import Foundation
import SketchRNN

/// `sketch eval --samples`: what a model's drawings look like at a temperature, beside the data.
struct SamplingReport {
    var temperature: SamplingTemperature
    var seed: UInt64
    var redraws: Int
    var figures: SampleFigures
    var ends: EndProbe.Figures

    static func measure(_ model: ModelFile, samples: Int, temperature: SamplingTemperature, seed: UInt64,
                        redraws: Int, testSketches: [Sketch]) throws -> SamplingReport {
        let sampler = try Sampler(model: model, capacity: min(samples, 64))
        let drawn = sampler.drawings(count: samples, options: Sampler.Options(temperature: temperature, seed: seed, redraws: redraws))
        let figures = SampleFigures(drawings: drawn, maxSteps: model.config.nmax, reference: testSketches)
        let ends = try EndProbe(model: model, capacity: min(testSketches.count, 100)).measure(testSketches)
        return SamplingReport(temperature: temperature, seed: seed, redraws: redraws, figures: figures, ends: ends)
    }

    func text(modelName: String, split: String) -> String {
        let f = figures
        func percent(_ k: Int) -> String { String(format: "%.0f %%", 100 * Double(k) / Double(max(1, f.samples))) }
        var lines = [
            "\(modelName): \(f.samples) drawings at \(TemperatureOptions.describe(temperature)), seed \(seed), Nmax \(f.maxSteps), up to \(redraws) redraws",
            "",
            "  ended on the first draw   \(f.endedFirstDraw) / \(f.samples) (\(percent(f.endedFirstDraw)))",
            "  ended before Nmax         \(f.ended) / \(f.samples) (\(percent(f.ended))), \(f.draws) draws in all",
            "  length q1 / median / q3   \(f.lengths.text)",
        ]
        if let r = f.reference { lines.append("  \(split) split (\(r.count))".padding(toLength: 27, withPad: " ", startingAt: 0) + r.text) }
        lines += [
            "",
            String(format: "End probability at the %@ sketches' true ends (pen softmax at 1): mean %.3f, above 0.5 in %d of %d; before the end: mean %.4f a point.",
                   split, ends.meanAtEnd, ends.aboveHalfAtEnd, ends.sketches, ends.meanBeforeEnd),
            "Lengths are in stroke-3 points; a drawing that did not end counts Nmax. A drawing that runs out of steps is drawn again from its start (--redraws; docs/generation.md).",
        ]
        return lines.joined(separator: "\n")
    }

    var jsonLine: String {
        func lengths(_ l: LengthFigures) -> String {
            "{\"count\": \(l.count), \"q1\": \(l.lowerQuartile), \"median\": \(l.median), \"q3\": \(l.upperQuartile)}"
        }
        let f = figures
        return "{\"tau\": \(temperature.tau), \"softmax_temperature\": \(temperature.softmax), \"pen\": \"\(temperature.pen.rawValue)\", "
            + "\"seed\": \(seed), \"samples\": \(f.samples), \"ended\": \(f.ended), \"ended_first_draw\": \(f.endedFirstDraw), "
            + "\"redraws\": \(redraws), \"draws\": \(f.draws), \"max_steps\": \(f.maxSteps), "
            + "\"length\": \(lengths(f.lengths)), \"test_length\": \(f.reference.map(lengths) ?? "null"), "
            + "\"end_probability_at_true_end\": \(ends.meanAtEnd), \"true_ends_above_half\": \(ends.aboveHalfAtEnd), "
            + "\"end_probability_before_end\": \(ends.meanBeforeEnd)}"
    }
}
