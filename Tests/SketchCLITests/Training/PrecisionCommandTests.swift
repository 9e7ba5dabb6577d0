import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch train --precision`: a run started in bf16 resumes in fp32 from its fp32 checkpoint, and each
/// run says which products it runs (bf16 falls back to fp32, and says so, without AVX512-BF16).
@Suite(.enabled(if: SketchExecutable.url != nil, "needs the built sketch executable (make test builds it)"))
struct PrecisionCommandTests {
    @Test func aBF16RunResumesInFP32() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder), out = folder.file("run")
        func arguments(_ steps: Int, _ precision: String) -> [String] {
            ["train", "--data", data.path, "--out", out.path, "--type", "decoder", "--dec", "32", "--mixtures", "3",
             "--batch", "8", "--steps", "\(steps)", "--eval-every", "4", "--checkpoint-every", "4", "--threads", "1",
             "--precision", precision]
        }
        let first = try MPIJob.run(ranks: nil, arguments(4, "bf16"), in: folder, label: "bf16")
        #expect(first.status == 0, "\(first.stderr)")
        let expected = ProductPrecision.bf16.resolvedHere == .bf16 ? "bf16 recurrent products" : "this processor has no AVX512-BF16"
        #expect(first.stdout.contains(expected), "\(first.stdout)")
        let second = try MPIJob.run(ranks: nil, arguments(8, "fp32") + ["--resume"], in: folder, label: "fp32")
        #expect(second.status == 0 && second.stdout.contains("resuming") && second.stdout.contains("fp32 products"),
                "\(second.stdout)\n\(second.stderr)")
        #expect(MPIJob.log(out).map(\.step).last == 8)
        let bad = try MPIJob.run(ranks: nil, arguments(8, "fp16"), in: folder, label: "bad")
        #expect(bad.status != 0 && bad.stderr.contains("precision"), "\(bad.stderr)")
    }
}
