import Foundation
import SketchTestSupport
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

    @Test func errorsSayWhyInWords() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.txt")
        #expect(throws: AtomicFile.WriteError(path: url.path, reason: "No such file or directory")) { try AtomicFile.write("x", to: url) }
        // A streaming writer's Foundation error comes out as its POSIX reason, not an NSError dump.
        do {
            try AtomicFile.write(to: url) { try Data("x".utf8).write(to: $0) }
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "cannot write \(url.path): No such file or directory")
        }
    }

    /// Issue 16: a kill during a checkpoint write left `.state.safetensors.<UUID>.partial` files.
    @Test func staleTemporariesOfOneFileAreRemovedAndNothingElse() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("state.safetensors")
        let stale = [AtomicFile.temporaryURL(for: url), AtomicFile.temporaryURL(for: url)]
        let others = [folder.file("state.safetensors"), AtomicFile.temporaryURL(for: folder.file("best.safetensors")),
                      folder.file(".state.safetensors.notes")]
        for file in stale + others { try Data("x".utf8).write(to: file) }
        AtomicFile.removeStaleTemporaries(of: url)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path))
        #expect(left == Set(others.map(\.lastPathComponent)))
    }
}

extension AtomicFile.WriteError: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.path == b.path && a.reason == b.reason }
}
