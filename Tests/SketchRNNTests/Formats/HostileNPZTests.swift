import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Zip bombs, lying sizes and bad checksums in `.npz` files (issue 16).
@Suite struct HostileNPZTests {
    /// Sets a 32-bit field of the first member's local header (at `local`) and central directory
    /// record (at `central`) — both say the same thing, and readers use either.
    static func patchFirstMember(_ data: inout Data, local: Int, central: Int, to value: UInt32) throws {
        let localSignature = Data([0x50, 0x4B, 0x03, 0x04]), centralSignature = Data([0x50, 0x4B, 0x01, 0x02])
        #expect(data.prefix(4) == localSignature)
        let centralStart = try #require(data.firstRange(of: centralSignature)).lowerBound
        for at in [local, centralStart + central] {
            withUnsafeBytes(of: value.littleEndian) { data.replaceSubrange(at..<(at + 4), with: $0) }
        }
    }

    static func writeZeros(_ count: Int, to url: URL) throws {
        try NPZ.write([("train", NumpyArray(shape: [count], int16: [Int16](repeating: 0, count: count)))], to: url)
    }

    @Test func aZipBombIsRefusedBeforeItIsUnpacked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("bomb.npz")
        try Self.writeZeros(8 << 20, to: url)  // 16 MB of zeros deflate to about 16 KB
        // The ratio is checked above 64 MB by default; a 16 MB bomb stands for a bigger one here.
        let limits = NPZ.Limits(ratioCheckAbove: 1 << 20)
        let error = try #require(BadNPZTests.error { _ = try NPZ.read(contentsOf: url, limits: limits) })
        #expect(error.record == "train.npy")
        #expect(error.problem.contains("zip bomb") && error.problem.contains(NPZ.Limits.environmentVariable), "\(error)")
        // Raising the cap reads it.
        let raised = NPZ.Limits.fromEnvironment([NPZ.Limits.environmentVariable: "64"])
        #expect(raised.maxMemberBytes == 64 << 20)
        #expect(try NPZ.read(contentsOf: url, limits: raised).first?.array.shape == [8 << 20])
    }

    @Test func aMemberAboveTheSizeCapIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("small.npz")
        try FixtureData.writeSmallFile(url)
        let error = try #require(BadNPZTests.error { _ = try NPZ.read(contentsOf: url, limits: NPZ.Limits(maxMemberBytes: 100)) })
        #expect(error.problem.contains("above the limit") && error.problem.contains("SKETCH_NPZ_MAX_MB"), "\(error)")
        #expect(NPZ.Limits.fromEnvironment([:]) == NPZ.Limits())
    }

    @Test func aMemberUnpackingPastItsDeclaredSizeIsStopped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("liar.npz")
        try Self.writeZeros(100_000, to: url)
        var data = try Data(contentsOf: url)
        // Uncompressed size: local header offset 22, central record offset 24.
        try Self.patchFirstMember(&data, local: 22, central: 24, to: 1000)
        try data.write(to: url)
        let error = try #require(BadNPZTests.error { _ = try NPZ.read(contentsOf: url) })
        #expect(error.problem.contains("more than the 1000 bytes the zip declares"), "\(error)")
    }

    @Test func aBadCRCIsADamagedFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("crc.npz")
        try FixtureData.writeSmallFile(url)
        var data = try Data(contentsOf: url)
        // CRC-32: local header offset 14, central record offset 16.
        try Self.patchFirstMember(&data, local: 14, central: 16, to: 0xDEAD_BEEF)
        try data.write(to: url)
        let error = try #require(BadNPZTests.error { _ = try SketchFile.read(contentsOf: url) })
        #expect(error.problem.contains("CRC-32 mismatch: the zip records deadbeef"), "\(error)")
    }
}
