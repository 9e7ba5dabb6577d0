import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// `p` lists every model with its name and type; Enter or a click loads one. `--model DIR`
/// offers every model file in the folder.
@Suite struct ModelPickerTests {
    func controller(models: Int) -> (AppController, [FakeEngine]) {
        let engines = (0..<models).map { FakeEngine(vae: $0 % 2 == 1, name: "model\($0)") }
        let choices = engines.enumerated().map { i, e in ModelChoice(name: e.summary.name, reference: "\(i)", kind: i == 2 ? "vae lstm" : nil) }
        let controller = AppController(models: choices, size: TerminalSize(columns: 120, rows: 40),
                                       loader: { engines[Int($0.reference)!] }, saver: { _ in [] }, seeds: { 1 })
        controller.liveRequests.interval = 0
        controller.settle()
        controller.settle()
        return (controller, engines)
    }

    @Test func listsEveryModelWithItsType() throws {
        let (controller, _) = controller(models: 4)
        controller.send("p")
        #expect(controller.state.mode == .picker)
        let text = controller.render().text
        #expect(text.contains("models (4)"))
        #expect(text.contains("model0") && text.contains("decoder-only") && text.contains("(in use)"))
        #expect(text.contains("model2  vae lstm"))  // known from its file before loading
        #expect(text.contains("model3  type not known until loaded"))
    }

    @Test func enterLoadsTheSelectedModel() throws {
        let (controller, _) = controller(models: 4)
        controller.send("pjj\r")
        controller.settle()
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.modelIndex == 2)
        #expect(controller.state.model?.name == "model2")
        controller.send("p\u{1B}")
        controller.flushEscape()
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.modelIndex == 2)
    }

    @Test func aClickLoadsTheModelClicked() throws {
        let (controller, _) = controller(models: 5)
        controller.send("p")
        let box = controller.pickerBox
        let y = try #require(box.row(of: 3))
        controller.send("\u{1B}[<0;\(box.box.x + 4);\(y + 1)M")
        controller.settle()
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.model?.name == "model3")
        // A click outside the list closes it.
        controller.send("p\u{1B}[<0;1;2M")
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.model?.name == "model3")
    }

    @Test func aLongListScrollsToTheSelection() {
        let size = TerminalSize(columns: 80, rows: 24)
        let top = ListBox(size: size, count: 100, width: 40, selection: 0)
        #expect(top.first == 0 && top.visible == 18)
        #expect(top.row(of: 0) == top.box.y + 1 && top.row(of: 18) == nil)
        let middle = ListBox(size: size, count: 100, width: 40, selection: 50)
        #expect(middle.row(of: 50) != nil)
        #expect(middle.item(x: middle.box.x + 2, y: middle.row(of: 50)!) == 50)
        let end = ListBox(size: size, count: 100, width: 40, selection: 99)
        #expect(end.first == 82 && end.row(of: 99) == end.box.maxY - 2)
        #expect(end.item(x: end.box.x, y: end.box.y + 1) == nil)  // the border
    }

    @Test func aFolderOffersEachModelFileWithItsType() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = ModelConfig(type: .vae, cell: .lstm, encoderSize: 8, decoderSize: 8, latentSize: 4, mixtures: 2, nmax: 10)
        try ModelFile(config: config, parameters: Parameters.initialized(config: config, seed: 1), info: ModelInfo(name: "tiny", scaleFactor: 40))
            .save(to: folder.appendingPathComponent("tiny.safetensors"))
        for name in ["cat.gen.json", "owl.vae.json", "notes.txt", ".hidden.json"] {
            try Data("{}".utf8).write(to: folder.appendingPathComponent(name))
        }
        let files = try ModelChoice.files(folder.path)
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["cat.gen.json", "owl.vae.json", "tiny.safetensors"])
        #expect(ModelChoice.kind(ofFile: files[0]) == "decoder-only LSTM (sketch-rnn-js)")
        #expect(ModelChoice.kind(ofFile: files[1]) == "VAE, LSTM (sketch-rnn-js)")
        // One naming: before loading, the picker calls a model what the title calls it once loaded.
        #expect(ModelChoice.kind(ofFile: files[2]) == "VAE, LSTM 8, z 4")
        #expect(ModelChoice.kind(ofFile: files[2]) == config.kindName)
        #expect(try ModelChoice.files("plain.json") == ["plain.json"])
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: ModelChoice.NoModelFiles.self) { try ModelChoice.files(empty.path) }
    }
}

extension AppController {
    /// A lone ESC is the Escape key once no more bytes follow.
    func flushEscape() {
        var parser = InputParser()
        for event in parser.feed([0x1B]) + parser.flush() { handle(event) }
    }
}
