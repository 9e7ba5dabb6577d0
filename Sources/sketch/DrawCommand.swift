import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN
import SketchTerminal

struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Open the drawing app (the default command).",
        discussion: """
        Draw with the mouse (or arrows and space) and watch the model finish the drawing in several \
        ways beside it. Press ? in the app for every key. Without --model it opens on the shipped \
        sheep checkpoint; m or Tab cycles through every --model given, every shipped checkpoint and every model fetched with `sketch models fetch`.
        """
    )

    @Option(name: .long, help: ArgumentHelp("A model: a .safetensors or sketch-rnn-js .json file, a folder of them (each is offered), or a shipped checkpoint's or fetched model's short name. Repeat to have several; p in the app lists them all.", valueName: "file"))
    var model: [String] = []

    @Option(name: .long, help: ArgumentHelp("A data set (.npz, or a fetched one's name) whose test sketches the latent grid takes its corners from (instead of drawing them from the model).", valueName: "file"))
    var data: String?

    @Option(name: .long, help: "Endings shown at once (1-9).")
    var endings: Int = 6

    @Option(name: .long, help: "Starting temperature (0.05-1.5). (default: the first model's own τ, else 0.5)")
    var temperature: Float?

    @Option(name: .long, help: ArgumentHelp("Folder where s saves drawings and where the drawing is kept as it changes, made if missing (default: s saves in the current folder, the drawing is kept in $XDG_STATE_HOME/sketch or ~/.local/state/sketch).", valueName: "dir"))
    var saveDir: String?

    @Option(name: .customLong("open"), help: ArgumentHelp("Open a saved drawing: the app's stroke JSON (what s writes), a stroke-3 JSON array or a Quick, Draw! ndjson line. u goes back to the drawing it replaces.", valueName: "file"))
    var openFile: String?

    @Flag(name: .long, help: "Draw with ASCII characters instead of Braille.")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp("Write latency measurements (pen lift to endings on screen, key to screen) to this file.", valueName: "file"))
    var debugTiming: String?

    func validate() throws {
        guard (1...9).contains(endings) else { throw ValidationError("--endings must be between 1 and 9") }
        if let temperature, !(temperature >= 0.05 && temperature <= 1.5) { throw ValidationError("--temperature must be between 0.05 and 1.5") }
    }

    /// The models `m` cycles through: those given, then the shipped checkpoints (the default one,
    /// sheep, first when none is given), then the fetched models (Google's, by class).
    static func modelChoices(given: [String], shipped: [Checkpoints.Entry], fetched: [FetchedFiles.Entry] = []) -> [ModelChoice] {
        var choices = given.map { ModelChoice(name: displayName(of: $0), reference: $0, kind: ModelChoice.kind(ofFile: $0)) }
        var shippedChoices = shipped.filter { $0.problem == nil }.map {
            ModelChoice(name: $0.name, reference: $0.url.path, kind: ModelChoice.kind(ofFile: $0.url.path).map { $0 + " (shipped)" })
        }
        if let i = shippedChoices.firstIndex(where: { $0.name == "sheep" }) {
            shippedChoices.insert(shippedChoices.remove(at: i), at: 0)
        }
        for choice in shippedChoices where !choices.contains(where: { $0.reference == choice.reference || $0.name == choice.name }) {
            choices.append(choice)
        }
        // A fetched model whose name a shipped one takes keeps its file's name (`sheep.gen`).
        let chosen = Set(choices.compactMap { try? Checkpoints.resolve($0.reference).standardizedFileURL.path })
        for entry in fetched where !chosen.contains(entry.url.standardizedFileURL.path) {
            let name = choices.contains(where: { $0.name == entry.name }) ? displayName(of: entry.url.path) : entry.name
            choices.append(ModelChoice(name: name, reference: entry.url.path,
                                       kind: "\(entry.type ?? "?") · Quick, Draw! \(entry.className) (fetched)"))
        }
        return choices
    }

    /// `../shared/models/sheep.gen.json` shows as `sheep.gen`.
    static func displayName(of reference: String) -> String {
        let file = URL(fileURLWithPath: reference).lastPathComponent
        for suffix in [".safetensors", ".json"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }

    func run() throws {
        // Check the given models exist before the screen is taken over, so a typo is a plain error.
        for reference in model { _ = try Checkpoints.resolve(reference) }
        let given = try model.flatMap(ModelChoice.files)
        let choices = DrawCommand.modelChoices(given: given, shipped: Checkpoints.list(), fetched: FetchedFiles().models())
        guard !choices.isEmpty else {
            try? FileHandle.standardError.write(contentsOf: Data((TerminalAppError.noModel.description + "\n").utf8))
            throw ExitCode(2)
        }
        var isDirectory: ObjCBool = false
        if let saveDir {
            // Made when missing (with its parents); a file of that name is an error.
            if !FileManager.default.fileExists(atPath: saveDir, isDirectory: &isDirectory) {
                do {
                    try FileManager.default.createDirectory(atPath: saveDir, withIntermediateDirectories: true)
                } catch {
                    throw ValidationError("--save-dir \(saveDir): cannot create the folder (\(error.localizedDescription))")
                }
            } else if !isDirectory.boolValue {
                throw ValidationError("--save-dir \(saveDir) is a file, not a folder")
            }
        }
        // A drawing to open is read before the screen is taken over, so a bad file is a plain error.
        let opened = try openFile.map { try PrefixDrawing.read(from: URL(fileURLWithPath: $0)) }
        let first = try ModelEngine.load(choices[0])
        let corners = try data.map { try SketchDataSet.load([DataSetArguments.url($0)]).sketches(.test) } ?? []
        let timing = try debugTiming.map { try DebugTiming(path: $0) }
        let saver = DrawingSaver(folder: URL(fileURLWithPath: saveDir ?? "."))
        let controller = AppController(models: choices, size: TerminalSize(columns: 80, rows: 24), unicode: !ascii,
                                       loader: { try ModelEngine.load($0) }, saver: { try saver.save($0) },
                                       first: first, endingCount: endings,
                                       temperature: temperature ?? first.model.samplingStyle.tau(or: 0.5))
        controller.timing = timing
        controller.cornerSketches = corners
        let stateFile = DrawingStateFile(folder: saveDir.map { URL(fileURLWithPath: $0) } ?? DrawingStateFile.defaultFolder())
        controller.restore(from: stateFile)
        if let opened, let openFile {
            controller.open(opened, message: "opened \(openFile) (u: back to the drawing before)")
        }
        controller.autosave = { [unowned controller] in try stateFile.write($0, history: controller.state.history) }
        do {
            try TerminalApp.run(controller)
        } catch let error as TerminalAppError {
            try? FileHandle.standardError.write(contentsOf: Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        if let reason = controller.unkeptStrokes {
            throw DrawingNotKept(path: stateFile.url.path, reason: reason)
        }
    }
}

/// The app quit while its last write of the drawing had failed (a full disk, a file-size limit).
struct DrawingNotKept: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "the newest strokes were not kept in \(path): \(reason)" }
}
