import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

struct SafetensorsTests {
    static func sampleFile() -> SafetensorsFile {
        var g = SeededGenerator(seed: 7)
        let w = Tensor(shape: [3, 5], data: (0..<15).map { _ in g.nextGaussian() })
        let b = Tensor(shape: [5], data: [0, -0.0, 1e-8, 65504, -3.25])
        let s = Tensor(shape: [], data: [42])
        return SafetensorsFile(
            tensors: ["decoder.wxh": w, "decoder.bias": b, "scalar": s],
            metadata: ["format": "sketch-rnn", "config": "{\"nz\":128}"])
    }

    @Test func f32RoundTripIsBitIdentical() throws {
        let file = Self.sampleFile()
        let back = try SafetensorsFile.decode(try file.encoded(as: .f32), name: "memory")
        #expect(back.metadata == file.metadata)
        for (name, t) in file.tensors {
            let u = try #require(back.tensors[name])
            #expect(u.shape == t.shape)
            #expect(u.data.map(\.bitPattern) == t.data.map(\.bitPattern))
        }
    }

    @Test func f16RoundTripKeepsHalfPrecision() throws {
        let file = Self.sampleFile()
        let back = try SafetensorsFile.decode(try file.encoded(as: .f16), name: "memory")
        for (name, t) in file.tensors {
            let u = try #require(back.tensors[name])
            for (a, b) in zip(t.data, u.data) {
                #expect(abs(a - b) <= max(abs(a) * 0.0005, 6e-8), "\(name): \(a) -> \(b)")
            }
        }
    }

    @Test func halfFloatConversionMatchesKnownBits() {
        #expect(HalfFloat.bits(from: 1) == 0x3C00)
        #expect(HalfFloat.bits(from: -2) == 0xC000)
        #expect(HalfFloat.bits(from: 65504) == 0x7BFF)
        #expect(HalfFloat.bits(from: 70000) == 0x7C00)
        #expect(HalfFloat.bits(from: 5.960464477539063e-8) == 0x0001)
        #expect(HalfFloat.bits(from: 1 + 1.0 / 2048) == 0x3C00)  // tie to even
        #expect(HalfFloat.float(fromBits: 0x3555) == 0.333251953125)
        #expect(HalfFloat.float(fromBits: 0x0001) == 5.960464477539063e-8)
        for bits in stride(from: UInt16(0), to: 0x7C00, by: 37) {
            #expect(HalfFloat.bits(from: HalfFloat.float(fromBits: bits)) == bits)
        }
    }

    @Test func headerIsPaddedAndTensorsAreOrdered() throws {
        let data = try Self.sampleFile().encoded()
        let n = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
    }

    @Test func truncatedFileNamesTheFileAndProblem() throws {
        let data = try Self.sampleFile().encoded()
        for cut in [0, 5, 20, data.count - 3] {
            do {
                _ = try SafetensorsFile.decode(data.prefix(cut), name: "/tmp/cut.safetensors")
                Issue.record("a file cut to \(cut) bytes was accepted")
            } catch let error as SafetensorsFile.FormatError {
                #expect(error.description.contains("/tmp/cut.safetensors"))
                #expect(error.description.contains("truncated") || error.description.contains("shorter"))
            }
        }
    }

    @Test func malformedHeaderIsRejected() throws {
        var bad = Data([16, 0, 0, 0, 0, 0, 0, 0])
        bad.append("{\"a\":{\"dtype\":\"I8\"}}    ".data(using: .utf8)!.prefix(16))
        #expect(throws: SafetensorsFile.FormatError.self) { try SafetensorsFile.decode(bad, name: "x") }
        var wrong = Data([64, 0, 0, 0, 0, 0, 0, 0])
        let json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}"
        wrong.append(json.padding(toLength: 64, withPad: " ", startingAt: 0).data(using: .utf8)!)
        wrong.append(Data(count: 8))
        #expect(throws: SafetensorsFile.FormatError.self) { try SafetensorsFile.decode(wrong, name: "x") }
    }

    static let pythonSafetensorsAvailable: Bool = (try? Python.run("import safetensors.numpy"))?.status == 0

    /// Output of a Python script that must succeed.
    static func python(_ script: String) throws -> String {
        let result = try Python.run(script)
        #expect(result.status == 0, "\(result.output)")
        return result.output
    }

    @Test(.enabled(if: pythonSafetensorsAvailable, "Python's safetensors is not installed (pip install safetensors): skipped"))
    func pythonReadsWhatWeWriteAndWeReadWhatPythonWrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = Self.sampleFile()
        for storage in [SafetensorsFile.StorageType.f32, .f16] {
            let ours = dir.appendingPathComponent("ours.safetensors")
            try file.write(to: ours, as: storage)
            let out = try Self.python("""
                from safetensors import safe_open
                with safe_open(r'\(ours.path)', framework='numpy') as f:
                    m = f.metadata()
                    w = f.get_tensor('decoder.wxh')
                    print(m['format'], m['config'], w.dtype, w.shape, '%.4f' % float(w.sum()))
                """)
            let sum = file.tensors["decoder.wxh"]!.data.reduce(0, +)
            let dtype = storage == .f32 ? "float32" : "float16"
            let line = out.split(separator: "\n").last.map(String.init) ?? ""
            #expect(line.hasPrefix("sketch-rnn {\"nz\":128} \(dtype) (3, 5) "))
            let pythonSum = Float(line.split(separator: " ").last ?? "") ?? .nan
            #expect(abs(pythonSum - sum) < 0.01)
        }
        // The checksum in the metadata is zlib's CRC-32 of the bytes after the header.
        let ours = dir.appendingPathComponent("ours.safetensors")
        let crc = try Self.python("""
            import json, struct, zlib
            b = open(r'\(ours.path)', 'rb').read()
            n = struct.unpack('<Q', b[:8])[0]
            m = json.loads(b[8:8 + n])['__metadata__']
            print(m['data_crc32'] == '%08x' % zlib.crc32(b[8 + n:]))
            """)
        #expect(crc.hasSuffix("True\n"), "\(crc)")
        let theirs = dir.appendingPathComponent("theirs.safetensors")
        _ = try Self.python("""
            import numpy as np
            from safetensors.numpy import save_file
            save_file({'a': np.arange(6, dtype=np.float32).reshape(2, 3), 'b': np.array([0.5, -1.5], dtype=np.float16)},
                      r'\(theirs.path)', metadata={'k': 'v'})
            """)
        let read = try SafetensorsFile.read(from: theirs)
        #expect(read.metadata == ["k": "v"])
        #expect(read.tensors["a"] == Tensor(shape: [2, 3], data: [0, 1, 2, 3, 4, 5]))
        #expect(read.tensors["b"] == Tensor(shape: [2], data: [0.5, -1.5]))
    }

    /// Issue 16: a flipped bit in the weights loaded without complaint.
    @Test func aFlippedBitInTheTensorDataIsADamagedFile() throws {
        let file = Self.sampleFile()
        var bytes = try file.encoded()
        #expect(try SafetensorsFile.decode(bytes, name: "x") == file)  // the checksum is not in the metadata read back
        bytes[bytes.count - 3] ^= 0x10
        do {
            _ = try SafetensorsFile.decode(bytes, name: "/m/x.safetensors")
            Issue.record("a damaged file loaded")
        } catch let error as SafetensorsFile.FormatError {
            #expect(error.description.hasPrefix("/m/x.safetensors: not a valid safetensors file: the tensor data's CRC-32 is "))
            #expect(error.problem.hasSuffix("(the file is damaged)"))
        }
        // A damaged checksum is refused too; a file without one (Python's, older ones) is read as it is.
        #expect(throws: SafetensorsFile.FormatError.self) {
            try SafetensorsFile.decode(try Self.encoded(file, checksum: "00000000"), name: "x")
        }
        #expect(try SafetensorsFile.decode(try Self.encoded(file, checksum: nil), name: "x") == file)
    }

    /// `file`'s bytes with `checksum` (or none, as Python's writer) as `data_crc32`.
    static func encoded(_ file: SafetensorsFile, checksum: String?) throws -> Data {
        let bytes = try file.encoded()
        let length = Int(bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        var header = try #require(try JSONSerialization.jsonObject(with: bytes[8..<(8 + length)]) as? [String: Any])
        var metadata = try #require(header["__metadata__"] as? [String: String])
        metadata["data_crc32"] = checksum
        header["__metadata__"] = metadata
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + bytes[(8 + length)...]
    }
}
