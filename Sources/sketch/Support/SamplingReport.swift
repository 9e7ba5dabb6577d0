import Foundation
import SketchRNN

/// `sketch eval --samples`: what a model's drawings look like at a temperature, beside the data.
struct SamplingReport {
    /// The τ asked for, and what the model's sampling style made of it.
    var tau: Float
    var temperature: SamplingTemperature
    var seed: UInt64
    var redraws: Int
    var figures: SampleFigures
    var ends: EndProbe.Figures

    static func measure(_ model: ModelFile, samples: Int, tau: Float, temperature: SamplingTemperature, seed: UInt64,
                        redraws: Int, testSketches: [Sketch]) throws -> SamplingReport {
        let sampler = try Sampler(model: model, capacity: min(samples, 64))
        let drawn = sampler.drawings(count: samples, options: Sampler.Options(temperature: temperature, seed: seed, redraws: redraws))
        let figures = SampleFigures(drawings: drawn, maxSteps: model.config.nmax, reference: testSketches,
                                    unit: model.info.scaleFactor)
        let ends = try EndProbe(model: model, capacity: min(testSketches.count, 100)).measure(testSketches)
        return SamplingReport(tau: tau, temperature: temperature, seed: seed, redraws: redraws, figures: figures, ends: ends)
    }

    func text(modelName: String, split: String) -> String {
        let f = figures
        func percent(_ k: Int) -> String { String(format: "%.0f %%", 100 * Double(k) / Double(max(1, f.samples))) }
        var lines = [
            "\(modelName): \(f.samples) drawings at \(temperature.caption(tau: tau)), seed \(seed), Nmax \(f.maxSteps), up to \(redraws) redraws",
            "",
            "  ended on the first draw   \(f.endedFirstDraw) / \(f.samples) (\(percent(f.endedFirstDraw)))",
            "  ended before Nmax         \(f.ended) / \(f.samples) (\(percent(f.ended))), \(f.draws) draws in all",
            "  length q1 / median / q3   \(f.lengths.text)",
        ]
        if let r = f.reference { lines.append("  \(split) split (\(r.count))".padding(toLength: 27, withPad: " ", startingAt: 0) + r.text) }
        lines += ["", "  what a person sees        drawings  \(split) split"]
        func row(_ label: String, _ value: (DrawingFigures) -> String) {
            lines.append("  " + label.padding(toLength: 26, withPad: " ", startingAt: 0)
                + value(f.shapes).padding(toLength: 10, withPad: " ", startingAt: 0) + (f.referenceShapes.map(value) ?? "—"))
        }
        row("strokes a drawing") { String(format: "%.1f", $0.strokes) }
        row("dashes a drawing") { String(format: "%.2f", $0.dashes) }
        row("median size (data px)") { String(format: "%.0f", $0.medianSize) }
        row("longest stroke closes") { String(format: "%.0f %%", 100 * $0.closedShare) }
        lines += [
            "",
            String(format: "End probability at the %@ sketches' true ends (pen softmax at 1): mean %.3f, above 0.5 in %d of %d; before the end: mean %.4f a point.",
                   split, ends.meanAtEnd, ends.aboveHalfAtEnd, ends.sketches, ends.meanBeforeEnd),
            "Lengths are in stroke-3 points; a drawing that did not end counts Nmax. A drawing that runs out of steps is drawn again from its start (--redraws; docs/generation.md).",
            "A dash is a stroke shorter than 5 % of its drawing's larger side; a longest stroke closes when the gap between its ends is at most 10 % of the drawing's larger side and of its own length.",
        ]
        return lines.joined(separator: "\n")
    }

    var jsonLine: String {
        func lengths(_ l: LengthFigures) -> String {
            "{\"count\": \(l.count), \"q1\": \(l.lowerQuartile), \"median\": \(l.median), \"q3\": \(l.upperQuartile)}"
        }
        func shapes(_ s: DrawingFigures) -> String {
            String(format: "{\"count\": %d, \"strokes\": %.3f, \"dashes\": %.3f, \"median_size\": %.1f, \"closed_share\": %.3f}",
                   s.count, s.strokes, s.dashes, s.medianSize, s.closedShare)
        }
        let f = figures
        return "{\"tau\": \(tau), \"offsets_temperature\": \(temperature.tau), \"softmax_temperature\": \(temperature.softmax), \"pen\": \"\(temperature.pen.rawValue)\", "
            + "\"seed\": \(seed), \"samples\": \(f.samples), \"ended\": \(f.ended), \"ended_first_draw\": \(f.endedFirstDraw), "
            + "\"redraws\": \(redraws), \"draws\": \(f.draws), \"max_steps\": \(f.maxSteps), "
            + "\"length\": \(lengths(f.lengths)), \"test_length\": \(f.reference.map(lengths) ?? "null"), "
            + "\"shapes\": \(shapes(f.shapes)), \"test_shapes\": \(f.referenceShapes.map(shapes) ?? "null"), "
            + "\"end_probability_at_true_end\": \(ends.meanAtEnd), \"true_ends_above_half\": \(ends.aboveHalfAtEnd), "
            + "\"end_probability_before_end\": \(ends.meanBeforeEnd)}"
    }
}
