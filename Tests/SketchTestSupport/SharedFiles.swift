import Foundation

/// Locates `../shared` (beside the project root), which holds real data, models and golden values.
/// A user's fresh clone has no such folder: tests that need it are skipped with a message that says so.
package enum SharedFiles {
    package static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/SketchTestSupport/SharedFiles.swift -> project root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    package static let root: URL = projectRoot.deletingLastPathComponent().appendingPathComponent("shared")

    package static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    package static let skipMessage = "../shared is absent (a fresh clone has none): skipped"

    /// The file at `relativePath` under `../shared`, or nil when it is not there.
    package static func url(_ relativePath: String) -> URL? {
        let url = root.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
