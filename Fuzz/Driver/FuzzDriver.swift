import Foundation
import SketchFuzzTargets

// `sketch-fuzz`, one binary for every fuzz target, two builds of the same code:
//
//   sketch-fuzz smoke [SECONDS]       every target: its seeds, every reproducer, then SECONDS (default 2)
//                                      of seeded mutations of the seeds; `make test` runs it
//   sketch-fuzz replay TARGET FILE…   runs files through a target (a finding, a corpus)
//   sketch-fuzz seeds TARGET FOLDER   writes the target's seeds and reproducers as files
//
// Built with `-sanitize=fuzzer -DFUZZING` (scripts/fuzz.sh), any other arguments go to libFuzzer with
// the target named by FUZZ_TARGET. SwiftPM links an executable's `main` through a `--defsym` to this
// module's entry point, so libFuzzer's own `main` is never used: the entry point below hands over to
// libFuzzer with `LLVMFuzzerRunDriver`.

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzer(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                  _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

nonisolated(unsafe) var fuzzed: FuzzRunner?

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    fuzzed?.run(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#endif

@main
enum FuzzDriver {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "smoke":
                let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 2 : 2
                try FuzzSmoke(secondsOfMutations: seconds).runAll()
            case "replay" where arguments.count >= 2:
                let runner = FuzzRunner(try target(arguments[1]))
                for path in arguments.dropFirst(2) {
                    runner.run(try Data(contentsOf: URL(fileURLWithPath: path)))
                    print("\(path): no crash")
                }
            case "seeds" where arguments.count == 3:
                let chosen = try target(arguments[1])
                let folder = URL(fileURLWithPath: arguments[2])
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for (i, seed) in try Seeds.make(chosen).enumerated() {
                    try seed.write(to: folder.appendingPathComponent("seed-\(i)"))
                }
                for reproducer in Reproducers.make(chosen) {
                    try reproducer.bytes.write(to: folder.appendingPathComponent("reproducer-\(reproducer.name)"))
                }
            default:
                #if FUZZING
                guard let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] else { throw usage() }
                fuzzed = FuzzRunner(try target(name))
                atexit { fuzzed = nil }  // libFuzzer ends with exit(): the runner's scratch file goes with it
                var argc = CommandLine.argc
                var argv = CommandLine.unsafeArgv
                exit(runLibFuzzer(&argc, &argv, fuzzOneInput))
                #else
                throw usage()
                #endif
            }
        } catch {
            FileHandle.standardError.write(Data("sketch-fuzz: \(error)\n".utf8))
            exit(2)
        }
    }

    static func target(_ name: String) throws -> FuzzTarget {
        guard let chosen = FuzzTarget(rawValue: name) else {
            throw FuzzDriverError("unknown target \(name); one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))")
        }
        return chosen
    }

    static func usage() -> FuzzDriverError {
        FuzzDriverError("usage: sketch-fuzz smoke [SECONDS] | replay TARGET FILE… | seeds TARGET FOLDER"
            + " (a -sanitize=fuzzer build: FUZZ_TARGET=TARGET sketch-fuzz [libFuzzer arguments])")
    }
}

struct FuzzDriverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
