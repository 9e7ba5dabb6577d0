import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

/// `sketch models style`: what a model draws best with, written into its file so that the app, every
/// command and `SketchModel` sample with it by default.
struct ModelsStyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style",
        abstract: "Show or set how a model is sampled by default: the offsets' and softmax temperatures as lines in τ, the pen, the τ to start at.",
        discussion: """
            Without options prints the model's sampling style. With options, rewrites the model file (atomically, \
            weights untouched, float16 kept) with the parts given; the others keep their present values. A line \
            is BASE,SLOPE: the temperature at τ is BASE + SLOPE·τ. The project's standard is --offsets 0,1 \
            --softmax 0.5,0.5 --pen untempered (docs/generation.md). Example: sketch models style \
            runs/sheep/best.safetensors --offsets 0.5,0.5 --pen untempered-end --tau 0.4
            """
    )

    @Argument(help: "A model file (.safetensors), or a shipped checkpoint's short name.") var model: String
    @Option(help: ArgumentHelp("The offsets' temperature at τ, as BASE,SLOPE (the Gaussians' sigmas × sqrt of it).", valueName: "base,slope"))
    var offsets: String?
    @Option(help: ArgumentHelp("The mixture-weight softmax temperature at τ, as BASE,SLOPE.", valueName: "base,slope"))
    var softmax: String?
    @Option(help: "The pen states: untempered, untempered-end or tempered.") var pen: SamplingTemperature.PenTemperature?
    @Option(help: "The τ the model is drawn at unless told otherwise (a negative value removes it).") var tau: Float?
    @Flag(help: "Remove the style: the model samples as the project's standard.") var standard = false

    static func line(_ text: String, flag: String) throws -> SamplingStyle.Line {
        let parts = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let base = parts[0], let slope = parts[1] else {
            throw ValidationError("\(flag) takes BASE,SLOPE (two numbers), not \"\(text)\"")
        }
        return SamplingStyle.Line(base: base, slope: slope)
    }

    func validate() throws {
        if let offsets { _ = try Self.line(offsets, flag: "--offsets") }
        if let softmax { _ = try Self.line(softmax, flag: "--softmax") }
    }

    func run() throws {
        let url = try Checkpoints.resolve(model)
        var file = try ModelFile.load(url)
        let changing = offsets != nil || softmax != nil || pen != nil || tau != nil || standard
        if changing {
            guard url.pathExtension == ModelFile.fileExtension else {
                throw CommandLineError(message: "\(url.path): only the project's .safetensors models are rewritten; export a sketch-rnn-js model after setting the style on its .safetensors")
            }
            var style = standard ? SamplingStyle.standard : file.info.samplingStyle
            if let offsets { style.offsets = try Self.line(offsets, flag: "--offsets") }
            if let softmax { style.softmax = try Self.line(softmax, flag: "--softmax") }
            if let pen { style.pen = pen }
            if let tau { style.tau = tau < 0 ? nil : tau }
            if let problem = style.problem { throw CommandLineError(message: "\(url.path): \(problem)") }
            file.info.sampling = style == .standard ? nil : style
            try file.save(to: url, as: file.info.notes["storage"] == "f16" ? .f16 : .f32)
            print("wrote \(url.path)")
        }
        print("sampling style: \(file.info.samplingStyle)" + (file.info.sampling == nil ? " (the project's standard)" : ""))
        for tau: Float in [0.2, 0.5, 0.8] {
            let t = file.info.samplingStyle.temperature(tau)
            print(String(format: "  at τ %.1f: offsets %g, softmax %g, pen %@", tau, t.tau, t.softmax, t.pen.rawValue))
        }
    }
}
