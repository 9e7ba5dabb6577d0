import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// `s` saves the drawing and a sheet of what is shown beside it, and says where in full.
@Suite struct SavingTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theEndingsShownAreSavedAsASheet() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let saver = DrawingSaver(folder: folder, now: { Date(timeIntervalSince1970: 0) })
        let controller = AppController.forTesting(engine: FakeEngine()) { try saver.save($0) }
        controller.send(" lllljjj\r")
        controller.settle()
        controller.send("s")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["sketch-19700101-000000-endings.svg", "sketch-19700101-000000.json", "sketch-19700101-000000.svg"])
        let sheet = try String(contentsOf: folder.appendingPathComponent(names[0]), encoding: .utf8)
        // Six endings, each the user's stroke (blue) and the model's continuation (red), captioned.
        #expect(sheet.components(separatedBy: "<g>").count - 1 == 6)
        #expect(sheet.components(separatedBy: "stroke=\"#1f4e9c\"").count - 1 == 6)
        #expect(sheet.components(separatedBy: "stroke=\"#d62728\"").count - 1 >= 6)
        #expect(sheet.contains(">ending 6<"))
    }

    @Test func theLatentGridShownIsSavedAsASheet() throws {
        var saved: [DrawingToSave] = []
        let controller = AppController.forTesting(engine: FakeEngine(vae: true)) { saved.append($0); return ["/x/a.svg"] }
        controller.send(" ll\r")
        controller.send("g")
        controller.settle()
        controller.send("s")
        let grid = try #require(controller.state.grid)
        #expect(saved.first?.sheetName == "grid")
        #expect(saved.first?.sheet.count == grid.cells.count)
        #expect(controller.state.mode == .grid)
    }

    @Test func aLongSavedMessageIsShownWholeAtEightyColumns() throws {
        let folder = "/home/someone/a/rather/long/folder/name/for/the/drawings/of/this/person/sketches"
        let paths = ["sketch-20261130-120000.svg", "sketch-20261130-120000.json", "sketch-20261130-120000-endings.svg"]
            .map { folder + "/" + $0 }
        let controller = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: 80, rows: 24)) { _ in paths }
        controller.send(" ll\r")
        controller.send("s")
        let lines = controller.render().text.components(separatedBy: "\n")
        // The message, read back from the screen's rows, with the line breaks taken out.
        let shown = lines.suffix(6).joined().replacingOccurrences(of: " ", with: "")
        let expected = "saved in \(folder)/: " + paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        #expect(shown.contains(expected.replacingOccurrences(of: " ", with: "")), "\(lines.suffix(6).joined(separator: "\n"))")
        #expect(lines.last?.contains("temperature 0.50") == true)
    }

    @Test func wrapBreaksAtSpacesAndInsideLongWords() {
        #expect(StatusLine.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(StatusLine.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(StatusLine.wrap("a abcdefgh", width: 4) == ["a", "abcd", "efgh"])
        #expect(StatusLine.wrap("", width: 4) == [""])
    }
}
