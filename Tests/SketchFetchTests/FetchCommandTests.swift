import Foundation
import SketchCheckpoints
import SketchRNN
import Testing

/// The `sketch` binary against the loopback server, as a person runs it: fetch a class, train on
/// it by name, fetch a model and use it by name; each failure a message on stderr and exit 1.
@Suite(.serialized) struct FetchCommandTests {
    /// The `sketch` built beside this test bundle (the same build, the same configuration).
    static var binary: String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("sketch").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs `sketch arguments…` with its per-user folders in `home` and the mirror at `mirror`.
    func sketch(_ arguments: [String], home: URL, mirror: String?, extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data-home").path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache-home").path
        environment.removeValue(forKey: "SKETCH_CHECKPOINTS")
        if let mirror { environment["SKETCH_FETCH_MIRROR"] = mirror } else { environment.removeValue(forKey: "SKETCH_FETCH_MIRROR") }
        for name in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"] {
            environment.removeValue(forKey: name)
        }
        environment.merge(extra) { $1 }
        process.environment = environment
        process.currentDirectoryURL = home
        let out = home.appendingPathComponent("stdout-\(UUID().uuidString.prefix(6))")
        let err = home.appendingPathComponent("stderr-\(UUID().uuidString.prefix(6))")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: try String(contentsOf: out, encoding: .utf8),
                   err: try String(contentsOf: err, encoding: .utf8))
    }

    @Test(.enabled(if: FetchCommandTests.binary != nil, "needs a built sketch binary"))
    func fetchAClassAndTrainOnItByName() throws {
        let server = try LoopbackServer()
        defer { server.shutdown() }
        server.serve("/quickdraw_dataset/sketchrnn/cat.npz", .file(try FetchFixtures.dataSet()))
        let home = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: home) }

        let fetched = try sketch(["data", "fetch", "cat"], home: home, mirror: server.base)
        #expect(fetched.status == 0, "\(fetched.err)")
        #expect(fetched.out.contains("cat: 64 / 8 / 8 sketches"), "\(fetched.out)")
        #expect(fetched.out.contains("data-home/sketch/data/cat.npz"))
        // The bar's last line (stdout is not a terminal here: a plain line with the size).
        #expect(fetched.out.contains("of ") && fetched.out.contains("/s"), "\(fetched.out)")
        let again = try sketch(["data", "fetch", "cat"], home: home, mirror: server.base)
        #expect(again.status == 0 && again.out.contains("already fetched"))
        let list = try sketch(["data", "list"], home: home, mirror: nil)
        #expect(list.out.contains("\ncat  "), "\(list.out)")

        let train = try sketch(["train", "--data", "cat", "--type", "decoder", "--dec", "16", "--batch", "8", "--steps", "3",
                                "--eval-every", "3", "--out", home.appendingPathComponent("run").path], home: home, mirror: nil)
        #expect(train.status == 0, "\(train.out)\n\(train.err)")
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("run/model.safetensors").path)
                || FileManager.default.fileExists(atPath: home.appendingPathComponent("run/state.safetensors").path), "\(train.out)")
        let info = try sketch(["data", "info", "cat"], home: home, mirror: nil)
        #expect(info.status == 0 && info.out.contains("data set: cat"), "\(info.out)\(info.err)")
    }

    @Test(.enabled(if: FetchCommandTests.binary != nil, "needs a built sketch binary"))
    func fetchAModelAndUseItByName() throws {
        let server = try LoopbackServer()
        defer { server.shutdown() }
        server.serve("/quickdraw-models/sketchRNN/large_models/cat.gen.json", .file(try FetchFixtures.model()))
        let home = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: home) }

        let fetched = try sketch(["models", "fetch", "cat", "--mirror", server.base], home: home, mirror: nil)
        #expect(fetched.status == 0, "\(fetched.err)")
        #expect(fetched.out.contains("cat: decoder-only LSTM 16, M 20"), "\(fetched.out)")
        let models = try sketch(["models"], home: home, mirror: nil)
        #expect(models.out.contains("Fetched (Google's sketch-rnn-js models"), "\(models.out)")
        #expect(models.out.range(of: #"\ncat\s+decoder-only\s+\S+ \S+\s+Quick, Draw! cat"#, options: .regularExpression) != nil, "\(models.out)")
        let show = try sketch(["models", "show", "cat"], home: home, mirror: nil)
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("cat.gen.json"), "\(show.out)")
        let sample = try sketch(["sample", "--model", "cat", "-n", "2", "--seed", "1", "--output", home.appendingPathComponent("cats.svg").path],
                                home: home, mirror: nil)
        #expect(sample.status == 0, "\(sample.out)\n\(sample.err)")
    }

    /// `http_proxy` is libcurl's: the request goes to the proxy with the whole URL, and the host
    /// named in it (127.0.0.2:1, where nothing listens) is never contacted.
    @Test(.enabled(if: FetchCommandTests.binary != nil, "needs a built sketch binary"))
    func aProxyFromTheEnvironmentCarriesTheRequest() throws {
        let proxy = try LoopbackServer()
        defer { proxy.shutdown() }
        proxy.serve("/quickdraw_dataset/sketchrnn/cat.npz", .file(try FetchFixtures.dataSet()))
        let home = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try sketch(["data", "fetch", "cat", "--mirror", "http://127.0.0.2:1"], home: home, mirror: nil,
                             extra: ["http_proxy": proxy.base])
        #expect(run.status == 0, "\(run.err)")
        #expect(proxy.requests.map(\.target) == ["http://127.0.0.2:1/quickdraw_dataset/sketchrnn/cat.npz"])
    }

    @Test(.enabled(if: FetchCommandTests.binary != nil, "needs a built sketch binary"))
    func failuresSayWhatHappenedAndExitNonZero() throws {
        let server = try LoopbackServer()
        defer { server.shutdown() }
        let npz = try FetchFixtures.dataSet()
        server.serve("/quickdraw_dataset/sketchrnn/cat.npz", .status(503))
        server.serve("/quickdraw_dataset/sketchrnn/dog.npz", .stallAfter(npz, bytes: 0))
        let home = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let dataFolder = home.appendingPathComponent("data-home/sketch/data")

        let missing = try sketch(["data", "fetch", "cta"], home: home, mirror: server.base)
        #expect(missing.status == 1)
        #expect(missing.err.hasPrefix("sketch: error: cta: the server has no such file (HTTP 404)"), "\(missing.err)")
        #expect(missing.err.contains("nearest are cat"), "\(missing.err)")
        let failing = try sketch(["data", "fetch", "cat"], home: home, mirror: server.base)
        #expect(failing.status == 1 && failing.err.contains("HTTP 503"), "\(failing.err)")
        let stalled = try sketch(["data", "fetch", "dog", "--timeout", "1"], home: home, mirror: server.base)
        #expect(stalled.status == 1 && stalled.err.contains("stalled"), "\(stalled.err)")
        let noModel = try sketch(["models", "fetch", "giraffe"], home: home, mirror: server.base)
        #expect(noModel.status == 1 && noModel.err.contains("`sketch data fetch giraffe`"), "\(noModel.err)")
        server.shutdown()
        let offline = try sketch(["data", "fetch", "cat"], home: home, mirror: server.base)
        #expect(offline.status == 1 && offline.err.contains("cannot reach the server"), "\(offline.err)")
        let badMirror = try sketch(["models", "fetch", "cat", "--mirror", "nowhere"], home: home, mirror: nil)
        #expect(badMirror.status == 1 && badMirror.err.contains("not an http:// or https:// address"), "\(badMirror.err)")
        // Nothing anywhere: no data folder, and Foundation's own folders kept out of the home.
        #expect(!FileManager.default.fileExists(atPath: dataFolder.path))
        #expect(FetchFixtures.files(in: home).isEmpty, "\(FetchFixtures.files(in: home))")

        let unknownData = try sketch(["train", "--data", "cat", "--steps", "1", "--out", home.appendingPathComponent("run").path],
                                     home: home, mirror: nil)
        #expect(unknownData.status != 0 && unknownData.err.contains("sketch data fetch cat"), "\(unknownData.err)")
        let unknownModel = try sketch(["models", "show", "owl"], home: home, mirror: nil)
        #expect(unknownModel.status == 1 && unknownModel.err.contains("sketch models fetch owl"), "\(unknownModel.err)")
        let list = try sketch(["data", "fetch", "--list"], home: home, mirror: nil)
        #expect(list.out.split(separator: "\n").count == 345 && list.out.contains("\nthe_mona_lisa\n"))
    }
}
