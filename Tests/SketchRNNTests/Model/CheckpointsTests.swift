import Foundation
import Testing
import SketchCheckpoints
import SketchTestSupport
@testable import SketchRNN

struct CheckpointsTests {
    /// A fake install: <root>/bin/sketch (a symlink from <root>/elsewhere/sketch) and <root>/checkpoints.
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ck-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("project/.build/release"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("project/checkpoints"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("env"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("project/.build/release/sketch"))
        try fm.createSymbolicLink(at: root.appendingPathComponent("bin/sketch"),
                                  withDestinationURL: root.appendingPathComponent("project/.build/release/sketch"))
        try ModelFileTests.model().save(to: root.appendingPathComponent("project/checkpoints/sheep.safetensors"))
        try ModelFileTests.model().save(to: root.appendingPathComponent("env/cat.safetensors"))
        try Data("junk".utf8).write(to: root.appendingPathComponent("project/checkpoints/broken.safetensors"))
        return root
    }

    @Test func shortNamesAreFoundThroughTheExecutablesRealPathAndTheEnvironment() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let folders = Checkpoints.searchFolders(
            environment: [Checkpoints.environmentVariable: root.appendingPathComponent("env").path],
            executable: root.appendingPathComponent("bin/sketch"))
        #expect(folders.first?.lastPathComponent == "env")
        #expect(folders.contains { $0.resolvingSymlinksInPath().path == root.appendingPathComponent("project/checkpoints").resolvingSymlinksInPath().path })
        #expect(try Checkpoints.resolve("sheep", folders: folders).lastPathComponent == "sheep.safetensors")
        #expect(try Checkpoints.resolve("cat.safetensors", folders: folders).lastPathComponent == "cat.safetensors")
        #expect(throws: Checkpoints.NotFound.self) { try Checkpoints.resolve("unicorn", folders: folders) }
        #expect(throws: Checkpoints.NotFound.self) { try Checkpoints.resolve("./sheep", folders: folders) }

        // The shipped checkpoints are searched too; only this tree's entries are the test's.
        let tree = root.resolvingSymlinksInPath().path
        let listed = Checkpoints.list(folders: folders).filter { $0.url.resolvingSymlinksInPath().path.hasPrefix(tree) }
        #expect(listed.map(\.name) == ["broken", "cat", "sheep"])
        let sheep = try #require(listed.last)
        #expect(sheep.type == "vae lstm")
        #expect(sheep.testLoss == -0.031)
        #expect(sheep.dataSets == ["omniglot.npz"])
        #expect(listed[0].problem != nil)
    }

    @Test func theShippedCheckpointsAreAlwaysSearched() throws {
        let shipped = try #require(Checkpoints.shippedFolder)
        let folders = Checkpoints.searchFolders(environment: [:], executable: nil)
        #expect(folders.map(\.standardizedFileURL.path) == [shipped.standardizedFileURL.path])
        // Every checkpoint of the clone is a resource (Package.swift lists them by name).
        let names = Checkpoints.list(folders: folders).map(\.name)
        let inClone = try FileManager.default.contentsOfDirectory(atPath: SharedFiles.projectRoot.appendingPathComponent("checkpoints").path)
            .filter { $0.hasSuffix(".safetensors") }.map { String($0.dropLast(".safetensors".count)) }.sorted()
        #expect(names == inClone, "Package.swift's SketchCheckpoints resources miss a shipped checkpoint")
    }
}
