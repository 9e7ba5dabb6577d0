import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

/// A model fetched with `sketch models fetch` from a server on 127.0.0.1 opens in the app by its
/// short name, completes a drawing, and sits in the picker beside the shipped ones. The server is
/// python3's `http.server` over a folder laid out as Google's bucket; the model is the shipped
/// sheep checkpoint written as sketch-rnn-js JSON (`SketchRNNJS.encode`), as Google publishes
/// theirs, so the test needs nothing from the network or ../shared.
@Suite(.serialized) struct EndToEndFetchedModelTests {
    static var python: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static var canRun: Bool { EndToEndTests.canRun && python != nil }

    /// A port nothing listens on now, for the server the test's shell starts.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, ok else { throw PortError() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct PortError: Error {}

    @Test(.enabled(if: EndToEndFetchedModelTests.canRun, "needs tmux, python3, a built sketch binary and checkpoints/sheep.safetensors"))
    func aFetchedModelOpensByNameAndCompletesADrawing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-e2e-fetch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let bucket = root.appendingPathComponent("bucket/quickdraw-models/sketchRNN/large_models")
        try FileManager.default.createDirectory(at: bucket, withIntermediateDirectories: true)
        let sheep = try ModelFile.load(URL(fileURLWithPath: try #require(EndToEndTests.shipped("sheep"))))
        try SketchRNNJS.encode(sheep).write(to: bucket.appendingPathComponent("sheep.gen.json"))
        let dataHome = root.appendingPathComponent("data-home")
        let port = try Self.freePort()
        let python = try #require(Self.python), binary = try #require(EndToEndTests.binary)

        // The server runs in the pane's shell, beside the app (tmux ends both), not as a child of
        // the test runner, whose blocked signals it would inherit (see Tmux.run).
        let server = "'\(python)' -m http.server \(port) --bind 127.0.0.1 --directory '\(root.path)/bucket' >/dev/null 2>&1 & srv=$!; "
            + "trap 'kill $srv 2>/dev/null' EXIT; "
        // `sheep` is the shipped checkpoint, so Google's file keeps its own name: `sheep.gen`.
        let environment = "XDG_DATA_HOME='\(dataHome.path)' SKETCH_FETCH_MIRROR=http://127.0.0.1:\(port)"
        let fetch = "for i in 1 2 3 4 5 6 7 8 9 10; do \(environment) '\(binary)' models fetch sheep.gen --timeout 10 && break; sleep 0.5; done"
        let command = server + fetch + " && \(environment) TERM=xterm-256color LANG=C.UTF-8 '\(binary)' --model sheep.gen"
        guard let tmux = try Tmux(columns: 120, rows: 40, command: command) else { return }
        let started = try tmux.waitFor(timeout: 20) { $0.contains("temperature 0.50") && $0.contains("sheep.gen") }
        #expect(started.ok, "the fetched model did not open:\n\(started.screen)")
        #expect(FileManager.default.fileExists(atPath: dataHome.appendingPathComponent("sketch/models/sheep.gen.json").path))
        try EndToEndTests().drawStrokeAndExpectEndings(tmux, columns: 120, rows: 40)

        // The picker: the fetched model beside the shipped ones.
        try tmux.send("p")
        let picker = try tmux.waitFor { $0.contains("sheep.gen") && $0.contains("(shipped)") && $0.contains("sheep-vae") }
        #expect(picker.ok, "the picker does not list the fetched and shipped models:\n\(picker.screen)")
        try tmux.send("p")
        try tmux.send("q")
        let exited = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(exited.ok, "q did not exit cleanly:\n\(exited.screen)")
    }
}
