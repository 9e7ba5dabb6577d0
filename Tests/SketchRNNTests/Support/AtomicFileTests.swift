import Foundation
import Testing
@testable import SketchRNN

@Suite struct AtomicFileTests {
    struct Boom: Error {}

    @Test func failedWriteLeavesTheOldFileAndNoPartialFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.txt")
        try AtomicFile.write("old", to: url)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write(to: url) { temporary in
                try Data("half".utf8).write(to: temporary)
                throw Boom()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])
        try AtomicFile.write("new", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new")
    }

    @Test func missingFolderIsANamedError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.txt")
        do {
            try AtomicFile.write("x", to: url)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(url.path))
        }
    }
}
