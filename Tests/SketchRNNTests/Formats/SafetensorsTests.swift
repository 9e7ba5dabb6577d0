import Foundation
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
}
