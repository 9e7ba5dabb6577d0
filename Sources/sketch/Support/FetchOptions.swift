import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchFetch

/// `sketch data fetch` and `sketch models fetch`: names from a catalog, fetched into a folder.
protocol FetchCommand: ParsableCommand {
    var names: [String] { get }
    var options: FetchOptions { get }
    /// Every name that can be fetched, as `--list` prints it.
    static var catalog: [String] { get }
    static func item(_ name: String) -> FetchItem
    static var standardFolder: URL { get }
}

extension FetchCommand {
    func validate() throws { try options.validate(names: names) }

    func run() throws {
        if options.list {
            for name in Self.catalog { print(name) }
            return
        }
        try options.fetch(names.map(Self.item), into: options.folder(standard: Self.standardFolder))
    }
}

/// The flags `sketch data fetch` and `sketch models fetch` share.
struct FetchOptions: ParsableArguments {
    @Flag(help: "Print the names that can be fetched, one a line, and exit.")
    var list = false

    @Option(help: ArgumentHelp("Folder to write into (default: $XDG_DATA_HOME/sketch/data or /models, else ~/.local/share/sketch/…, where short names find them).", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Base address of a mirror with the same paths as https://storage.googleapis.com (default: $\(FetchSource.environmentVariable), else Google's bucket).", valueName: "url"))
    var mirror: String?

    @Option(help: "Seconds without a byte from the server before giving up (a stalled download is kept, to resume).")
    var timeout: Double = Fetcher.defaultTimeout

    @Flag(help: "Fetch again even when the file is already there.")
    var force = false

    func validate(names: [String]) throws {
        if !list && names.isEmpty { throw ValidationError("name at least one to fetch (--list prints them)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be above 0") }
    }

    func folder(standard: URL) -> URL {
        dir.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? standard
    }

    /// Fetches each item in turn with a progress bar, reports each, and fails (exit 1) if any did.
    func fetch(_ items: [FetchItem], into folder: URL) throws {
        let fetcher = Fetcher(source: try FetchSource.choose(mirror: mirror), timeout: timeout, force: force)
        var failed = 0
        for item in items {
            let url = fetcher.source.url(for: item)
            let display = FetchDisplay(label: item.name)
            let started = Date()
            do {
                switch try fetcher.fetch(item, into: folder, progress: display.update) {
                case .alreadyThere(let file):
                    print("\(item.name): already fetched, \(file.path) (--force fetches it again)")
                case let .fetched(file, bytes, resumedFrom, summary):
                    display.finish()
                    let seconds = max(Date().timeIntervalSince(started), 1e-3)
                    let resumed = resumedFrom > 0 ? ", resumed after \(ByteCount.text(resumedFrom))" : ""
                    print("\(item.name): \(summary); \(ByteCount.text(bytes)) in \(String(format: "%.1f", seconds)) s "
                          + "(\(ByteCount.text(Int64(Double(bytes) / seconds)))/s\(resumed)) from \(url.absoluteString) → \(file.path)")
                }
            } catch {
                display.finish()
                failed += 1
                let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                try? FileHandle.standardError.write(contentsOf: Data("sketch: error: \(message)\n".utf8))
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// A download's progress bar: size, rate and ETA, redrawn at most ten times a second.
final class FetchDisplay: @unchecked Sendable {
    let label: String
    private var bar: ProgressBar?
    private var last = Date.distantPast
    private var started = Date()

    init(label: String) { self.label = label }

    func update(_ p: HTTPDownload.Progress) {
        let now = Date()
        if bar == nil {
            bar = ProgressBar(total: p.expected.map { Int($0) }, startCount: Int(p.resumedFrom), label: label)
            bar?.counter = { count, total in
                ByteCount.text(Int64(count)) + (total.map { " of " + ByteCount.text(Int64($0)) } ?? "")
            }
            started = now
        }
        let complete = p.expected.map { p.bytes >= $0 } ?? false
        guard complete || now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(p.bytes - p.resumedFrom) / elapsed
        bar?.update(Int(p.bytes), detail: "\(ByteCount.text(Int64(rate)))/s", force: complete)
    }

    func finish() { bar?.finish() }
}
