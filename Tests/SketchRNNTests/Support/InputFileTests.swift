import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Issue 16: `/dev/zero` as input said "You don't have permission"; a folder or a missing file
/// must be said as plainly, by every reader.
@Suite struct InputFileTests {
    static func problems(_ url: URL) -> [String] {
        var out: [String] = []
        func record(_ body: () throws -> Void) {
            do { try body(); out.append("accepted") } catch let e as FormatError { out.append(e.problem) } catch let e as ModelFileError {
                out.append(e.problem)
            } catch let e as SafetensorsFile.FormatError { out.append(e.problem) } catch { out.append("\(error)") }
        }
        record { _ = try NPZ.read(contentsOf: url) }
        record { _ = try NPY.read(contentsOf: url) }
        record { _ = try ModelFile.load(url) }
        record { _ = try SafetensorsFile.read(from: url) }
        record { _ = try PrefixDrawing.read(from: url) }
        record { _ = try QuickDraw.readNDJSON(contentsOf: url) }
        record { _ = try QuickDraw.readBinary(contentsOf: url) }
        return out
    }

    @Test func devicesFoldersAndMissingFilesAreNamed() throws {
        if FileManager.default.fileExists(atPath: "/dev/zero") {
            #expect(Self.problems(URL(fileURLWithPath: "/dev/zero")).allSatisfy { $0 == "is a device or socket, not a file" })
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(Self.problems(folder.url).allSatisfy { $0 == "is a folder, not a file" })
        #expect(Self.problems(folder.file("missing")).allSatisfy { $0 == "no such file" })
    }
}
