import Foundation
import SketchCheckpoints
import SketchRNN
import Testing
@testable import SketchFetch

/// Downloads from a server on 127.0.0.1 that the test starts: whole, resumed, refused, failed,
/// stalled, cut short, damaged; after each, what is on disk is exactly what should be.
@Suite(.serialized) struct FetcherTests {
    static let catPath = "/quickdraw_dataset/sketchrnn/cat.npz"
    static let catModelPath = "/quickdraw-models/sketchRNN/large_models/cat.gen.json"

    func fetcher(_ server: LoopbackServer, timeout: TimeInterval = 5) -> Fetcher {
        Fetcher(source: FetchSource(base: URL(string: server.base)!), timeout: timeout)
    }

    /// Runs `body` with a fresh server and a fresh folder, both gone afterwards.
    func withServer(_ body: (LoopbackServer, URL) throws -> Void) throws {
        let server = try LoopbackServer()
        defer { server.shutdown() }
        let folder = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(server, folder)
    }

    func expectFailure(_ reason: FetchError.Reason, _ body: () throws -> Any) -> FetchError? {
        do {
            _ = try body()
            Issue.record("expected a \(reason) failure")
            return nil
        } catch let error as FetchError {
            #expect(error.reason == reason, "\(error)")
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func wholeDataSetIsCheckedAndPutInPlaceThenFoundAgain() throws {
        try withServer { server, folder in
            let npz = try FetchFixtures.dataSet()
            server.serve(Self.catPath, .file(npz))
            let data = folder.appendingPathComponent("data")

            var last: HTTPDownload.Progress?
            let result = try fetcher(server).fetch(FetchCatalog.dataSet("cat"), into: data) { last = $0 }
            guard case let .fetched(url, bytes, resumedFrom, summary) = result else { Issue.record("\(result)"); return }
            #expect(url == data.appendingPathComponent("cat.npz"))
            #expect(bytes == Int64(npz.count) && resumedFrom == 0)
            #expect(summary.hasPrefix("64 / 8 / 8 sketches"))
            #expect(last?.bytes == Int64(npz.count) && last?.expected == Int64(npz.count))
            #expect(try Data(contentsOf: url) == npz)
            #expect(FetchFixtures.files(in: folder) == ["data", "data/cat.npz"])
            #expect(server.requests.map(\.path) == [Self.catPath])

            // A second fetch finds it there and asks the server nothing.
            let again = try fetcher(server).fetch(FetchCatalog.dataSet("cat"), into: data)
            #expect(again == .alreadyThere(url))
            #expect(server.requests.count == 1)
            // And the name finds it.
            let fetched = FetchedFiles(root: folder)
            #expect(try fetched.resolveDataSet("cat") == url)
            #expect(fetched.dataSets().map(\.name) == ["cat"])
            #expect(throws: FetchedFiles.DataSetNotFound.self) { try fetched.resolveDataSet("dog") }
        }
    }

    @Test func anInterruptedDownloadIsKeptAndResumedWithARange() throws {
        try withServer { server, folder in
            let npz = try FetchFixtures.dataSet(counts: (200, 20, 20))
            let cut = npz.count / 3
            server.serve(Self.catPath, .cutAfter(npz, bytes: cut))
            let item = FetchCatalog.dataSet("cat")

            let error = expectFailure(.interrupted) { try fetcher(server).fetch(item, into: folder) }
            #expect(error?.description.contains("resumes from there") == true)
            let partial = Fetcher.partialFile(for: item, in: folder)
            #expect(FetchFixtures.files(in: folder) == [".partial", ".partial/cat.npz.part"])
            #expect(Fetcher.size(of: partial) == Int64(cut))

            server.serve(Self.catPath, .file(npz))
            let result = try fetcher(server).fetch(item, into: folder)
            guard case let .fetched(url, bytes, resumedFrom, _) = result else { Issue.record("\(result)"); return }
            #expect(resumedFrom == Int64(cut) && bytes == Int64(npz.count - cut))
            #expect(server.requests.last?.range == "bytes=\(cut)-")
            #expect(try Data(contentsOf: url) == npz)
            #expect(FetchFixtures.files(in: folder) == ["cat.npz"])
        }
    }

    @Test func aServerThatIgnoresTheRangeStartsTheFileOver() throws {
        try withServer { server, folder in
            let npz = try FetchFixtures.dataSet()
            let item = FetchCatalog.dataSet("cat")
            let partial = Fetcher.partialFile(for: item, in: folder)
            try FileManager.default.createDirectory(at: partial.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: 0xAB, count: 100).write(to: partial)  // not the file's first bytes
            server.serve(Self.catPath, .ignoringRanges(npz))
            let result = try fetcher(server).fetch(item, into: folder)
            guard case let .fetched(url, _, resumedFrom, _) = result else { Issue.record("\(result)"); return }
            #expect(server.requests.last?.range == "bytes=100-")
            #expect(resumedFrom == 100)  // what was there when it started; the file was then rewritten whole
            #expect(try Data(contentsOf: url) == npz)
            #expect(FetchFixtures.files(in: folder) == ["cat.npz"])
        }
    }

    @Test func aSecondFetchOfTheSameNameAtOnceStops() throws {
        try withServer { server, folder in
            server.serve(Self.catPath, .file(try FetchFixtures.dataSet()))
            let item = FetchCatalog.dataSet("cat")
            let partial = Fetcher.partialFile(for: item, in: folder)
            try FileManager.default.createDirectory(at: partial.deletingLastPathComponent(), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: partial.path, contents: Data([1, 2, 3]))
            let other = try FileHandle(forWritingTo: partial)  // as the other process would hold it
            #expect(flock(other.fileDescriptor, LOCK_EX | LOCK_NB) == 0)
            let error = expectFailure(.localFile) { try fetcher(server).fetch(item, into: folder) }
            #expect(error?.description.contains("another fetch is writing") == true)
            #expect(server.requests.isEmpty)
            #expect(Fetcher.size(of: partial) == 3)  // untouched
            try other.close()
            // Those three bytes are not the file's: the resumed file fails its check, and the
            // fetch downloads it whole once more.
            let result = try fetcher(server).fetch(item, into: folder)
            guard case let .fetched(url, _, resumedFrom, _) = result else { Issue.record("\(result)"); return }
            #expect(resumedFrom == 0 && server.requests.map(\.range) == ["bytes=3-", nil])
            #expect(FetchFixtures.files(in: folder) == ["cat.npz"] && Fetcher.size(of: url) > 3)
        }
    }

    @Test func notFoundNamesTheNearestClassesAndLeavesNothing() throws {
        try withServer { server, folder in
            let data = folder.appendingPathComponent("data")
            let error = expectFailure(.notFound) { try fetcher(server).fetch(FetchCatalog.dataSet("cta"), into: data) }
            let text = error?.description ?? ""
            #expect(text.contains("HTTP 404") && text.contains("not a Quick, Draw! class") && text.contains("cat"), "\(text)")
            #expect(text.contains("nothing was kept"))
            #expect(FetchFixtures.files(in: folder).isEmpty)  // not even the folder it would have made

            // A known class the server lacks: no guesses, the same clean failure.
            let known = expectFailure(.notFound) { try fetcher(server).fetch(FetchCatalog.dataSet("dog"), into: data) }
            #expect(known?.description.contains("nearest") == false)
            #expect(FetchFixtures.files(in: folder).isEmpty)
        }
    }

    @Test func aServerErrorFailsCleanly() throws {
        try withServer { server, folder in
            server.serve(Self.catPath, .status(500))
            let error = expectFailure(.httpStatus(500)) { try fetcher(server).fetch(FetchCatalog.dataSet("cat"), into: folder) }
            #expect(error?.description.contains("HTTP 500 (a server error)") == true)
            #expect(FetchFixtures.files(in: folder).isEmpty)
        }
    }

    @Test func aStalledServerTimesOut() throws {
        try withServer { server, folder in
            let npz = try FetchFixtures.dataSet()
            let item = FetchCatalog.dataSet("cat")

            // Headers, then nothing: no byte arrived, nothing is kept.
            server.serve(Self.catPath, .stallAfter(npz, bytes: 0))
            let start = Date()
            let error = expectFailure(.stalled) { try fetcher(server, timeout: 1).fetch(item, into: folder) }
            #expect(Date().timeIntervalSince(start) < 20)
            #expect(error?.description.contains("sent nothing for 1 s") == true)
            #expect(FetchFixtures.files(in: folder).isEmpty)

            // Part of the file, then nothing: the part is kept for the next fetch.
            server.serve(Self.catPath, .stallAfter(npz, bytes: 1000))
            _ = expectFailure(.stalled) { try fetcher(server, timeout: 1).fetch(item, into: folder) }
            #expect(Fetcher.size(of: Fetcher.partialFile(for: item, in: folder)) == 1000)
            server.serve(Self.catPath, .file(npz))
            let result = try fetcher(server).fetch(item, into: folder)
            guard case let .fetched(url, _, resumedFrom, _) = result else { Issue.record("\(result)"); return }
            #expect(resumedFrom == 1000)
            #expect(try Data(contentsOf: url) == npz)
        }
    }

    @Test func noServerIsNoNetwork() throws {
        // A port that was just free: nothing listens there.
        let server = try LoopbackServer()
        let base = server.base
        server.shutdown()
        let folder = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fetcher = Fetcher(source: FetchSource(base: URL(string: base)!), timeout: 5)
        let error = expectFailure(.noNetwork) { try fetcher.fetch(FetchCatalog.dataSet("cat"), into: folder) }
        #expect(error?.description.contains("--mirror") == true)
        #expect(FetchFixtures.files(in: folder).isEmpty)
    }

    @Test func damagedAndTruncatedFilesAreRefusedAndDeleted() throws {
        try withServer { server, folder in
            let npz = try FetchFixtures.dataSet()

            // One byte changed inside a deflated member: the CRC-32 (or the inflater) catches it.
            var damaged = npz
            damaged[npz.count / 2] ^= 0x5A
            server.serve(Self.catPath, .file(damaged))
            let error = expectFailure(.damaged) { try fetcher(server).fetch(FetchCatalog.dataSet("cat"), into: folder) }
            #expect(error?.description.contains("so it was deleted") == true, "\(error.map { "\($0)" } ?? "")")
            #expect(FetchFixtures.files(in: folder).isEmpty)

            // A file cut short by its publisher (the server says it is whole): no zip directory.
            server.serve(Self.catPath, .file(npz.prefix(npz.count - 200)))
            let truncated = expectFailure(.damaged) { try fetcher(server).fetch(FetchCatalog.dataSet("cat"), into: folder) }
            #expect(truncated?.description.contains("zip") == true, "\(truncated.map { "\($0)" } ?? "")")
            #expect(FetchFixtures.files(in: folder).isEmpty)

            // A model that is not one.
            server.serve(Self.catModelPath, .file(Data("[{\"mode\": 2}, [], []]".utf8)))
            _ = expectFailure(.damaged) { try fetcher(server).fetch(FetchCatalog.model("cat"), into: folder) }
            server.serve(Self.catModelPath, .file(Data("<html>Service unavailable</html>".utf8)))
            _ = expectFailure(.damaged) { try fetcher(server).fetch(FetchCatalog.model("cat"), into: folder) }
            #expect(FetchFixtures.files(in: folder).isEmpty)
        }
    }

    @Test func aFetchedModelIsParsedAndFoundByNameAfterTheShippedOnes() throws {
        let server = try LoopbackServer()
        defer { server.shutdown() }
        let gen = try FetchFixtures.model(), vae = try FetchFixtures.model(vae: true)
        server.serve(Self.catModelPath, .file(gen))
        server.serve("/quickdraw-models/sketchRNN/large_models/cat.vae.json", .file(vae))
        let root = try FetchFixtures.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fetched = FetchedFiles(root: root)

        let result = try fetcher(server).fetch(FetchCatalog.model("cat"), into: fetched.modelsFolder)
        guard case let .fetched(url, _, _, summary) = result else { Issue.record("\(result)"); return }
        #expect(url.lastPathComponent == "cat.gen.json")
        #expect(summary == "decoder-only LSTM 16, M 20")
        #expect(try Checkpoints.resolve("cat", folders: [], fetched: fetched) == url)
        #expect(throws: Checkpoints.NotFound.self) { try Checkpoints.resolve("cat.vae", folders: [], fetched: fetched) }

        let vaeResult = try fetcher(server).fetch(FetchCatalog.model("cat.vae"), into: fetched.modelsFolder)
        guard case let .fetched(vaeURL, _, _, vaeSummary) = vaeResult else { Issue.record("\(vaeResult)"); return }
        #expect(vaeSummary.hasPrefix("VAE, LSTM 16, z 4"))
        #expect(try Checkpoints.resolve("cat.vae", folders: [], fetched: fetched) == vaeURL)
        #expect(try Checkpoints.resolve("cat", folders: [], fetched: fetched) == url)  // the decoder-only first
        #expect(fetched.models().map { "\($0.name) \($0.type ?? "") \($0.className)" } == ["cat decoder-only cat", "cat.vae VAE cat"])
        // A shipped checkpoint of the same name comes first.
        let shipped = root.appendingPathComponent("shipped")
        try FileManager.default.createDirectory(at: shipped, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: shipped.appendingPathComponent("cat.safetensors"))
        #expect(try Checkpoints.resolve("cat", folders: [shipped], fetched: fetched).lastPathComponent == "cat.safetensors")
        #expect(try ModelFile.load(url).config.decoderSize == 16)

        // SketchModel(named:): the shipped first, then the fetched, else a clear error.
        #expect(try SketchModel.file(named: "cat", shipped: shipped, fetched: fetched).lastPathComponent == "cat.safetensors")
        #expect(try SketchModel.file(named: "cat.vae", shipped: shipped, fetched: fetched) == vaeURL)
        #expect(try SketchModel.file(named: "cat", shipped: nil, fetched: fetched) == url)
        #expect(throws: ModelFileError.self) { try SketchModel.file(named: "owl", shipped: shipped, fetched: fetched) }
        let model = try SketchModel(contentsOf: try SketchModel.file(named: "cat", shipped: nil, fetched: fetched))
        #expect(try model.sample(count: 1, seed: 1).count == 1)
    }
}
