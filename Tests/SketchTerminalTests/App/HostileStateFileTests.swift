import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// Issue 28: a 1 GB state file beginning with `{` kept the app from starting (a blank screen, then
/// a trap, at every launch); a FIFO in its place was moved aside with a wrong "Permission denied".
@Suite struct HostileStateFileTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-hostile-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Restores from `file` and returns the status bar's message and the folder's names.
    func restore(_ folder: URL) throws -> (message: String, names: [String]) {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.restore(from: DrawingStateFile(folder: folder))
        #expect(controller.state.drawing.isEmpty)
        return (controller.state.message ?? "", try FileManager.default.contentsOfDirectory(atPath: folder.path))
    }

    @Test func aHugeStateFileIsMovedAsideUnread() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = DrawingStateFile(folder: folder).url
        // A sparse file: 64 MB long, one block on disk, beginning with `{`.
        try Data("{\"strokes\": [".utf8).write(to: url)
        #expect(truncate(url.path, 64 << 20) == 0)
        let (message, names) = try restore(folder)
        #expect(message.contains("is 67108864 bytes, more than any kept drawing (the limit is 4 MB)"), "\(message)")
        #expect(names.count == 1 && names[0].hasPrefix(DrawingStateFile.fileName + ".unreadable-"), "\(names)")
    }

    @Test func aFIFOIsMovedAsideAndSaidToBeOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = DrawingStateFile(folder: folder).url
        #expect(mkfifo(url.path, 0o600) == 0)
        // Opening the FIFO to read would block for ever: it must not be opened.
        let (message, names) = try restore(folder)
        #expect(message.contains("is a FIFO (named pipe), not a regular file"), "\(message)")
        #expect(!message.contains("ermission"), "\(message)")
        #expect(names.count == 1 && names[0].hasPrefix(DrawingStateFile.fileName + ".unreadable-"), "\(names)")
    }

    @Test func aFolderInItsPlaceIsSaidToBeOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: DrawingStateFile(folder: folder).url, withIntermediateDirectories: false)
        #expect(try restore(folder).message.contains("is a folder, not a regular file"))
    }

    @Test func theAppSaysOnQuittingWhenTheLastStrokesWereNotKept() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        var failing = false
        controller.autosave = { _ in if failing { throw StateFolderError(path: "/x/state.json", reason: "File too large") } }
        controller.send(" ll\r")
        controller.flushAutosave()
        #expect(controller.unkeptStrokes == nil)
        failing = true
        controller.send(" jj\r")
        controller.flushAutosave()
        let reason = try #require(controller.unkeptStrokes)
        #expect(reason.contains("File too large"), "\(reason)")
        // A later write that succeeds keeps everything again.
        failing = false
        controller.send(" l\r")
        controller.flushAutosave()
        #expect(controller.unkeptStrokes == nil)
    }
}
