import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Issue 28: under a file-size limit (`ulimit -f`, `prlimit --fsize`) the kernel sends a writer
/// SIGXFSZ, which killed `sample` (exit 153, no message, a `.partial` left). `sketch` ignores it, so
/// the write fails with EFBIG: a message, exit 1, no temporary left.
@Suite struct FileSizeLimitTests {
    @Test(.enabled(if: SketchExecutable.url != nil && FullDiskTrainingTests.prlimit != nil, "needs the sketch executable and prlimit"))
    func aFileSizeLimitIsAWriteErrorNotAKill() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.file("samples.svg")
        let result = try SketchExecutable.run(["sample", "--model", "sheep", "-n", "2", "--seed", "1", "--output", out.path],
                                              wrapper: [try #require(FullDiskTrainingTests.prlimit), "--fsize=200"])
        // Killed by SIGXFSZ, Process would report the signal's number (25) as the status.
        #expect(result.status == 1, "\(result.status): \(result.stderr)")
        #expect(result.stderr.contains("samples.svg") && result.stderr.contains("File too large"), "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(files.isEmpty, "\(files)")
    }
}
