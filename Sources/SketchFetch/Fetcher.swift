import Foundation
import SketchRNN

/// Fetches data sets and models safely: each file is downloaded under a temporary name in the
/// folder's `.partial/`, checked in full (a data set read as sketch-rnn reads it: zip structure,
/// every member's CRC-32, every sketch; a model parsed and its `ModelConfig` validated), and only
/// then renamed into place. A download that stops half-way stays in `.partial/` and the next
/// fetch of the same name resumes it; anything that arrived whole but wrong is deleted.
package struct Fetcher: Sendable {
    package var source: FetchSource
    /// Seconds without a byte before a download counts as stalled.
    package var timeout: TimeInterval
    /// Fetch again even when the file is already there.
    package var force: Bool

    package static let defaultTimeout: TimeInterval = 30

    package init(source: FetchSource = FetchSource(), timeout: TimeInterval = Fetcher.defaultTimeout, force: Bool = false) {
        self.source = source
        self.timeout = timeout
        self.force = force
    }

    package enum Result: Equatable, Sendable {
        /// Downloaded (`bytes` this run; `resumedFrom` were there before), checked and in place.
        case fetched(URL, bytes: Int64, resumedFrom: Int64, summary: String)
        /// The file was there already; nothing was downloaded.
        case alreadyThere(URL)
    }

    /// Where a download in progress is kept.
    package static func partialFile(for item: FetchItem, in folder: URL) -> URL {
        folder.appendingPathComponent(".partial").appendingPathComponent(item.fileName + ".part")
    }

    /// Fetches `item` into `folder`; `progress` is called from the download's thread.
    package func fetch(_ item: FetchItem, into folder: URL,
                       progress: @escaping (HTTPDownload.Progress) -> Void = { _ in }) throws -> Result {
        let url = source.url(for: item)
        let destination = folder.appendingPathComponent(item.fileName)
        let fm = FileManager.default
        if !force, fm.fileExists(atPath: destination.path) { return .alreadyThere(destination) }
        let partial = Self.partialFile(for: item, in: folder)
        func fail(_ reason: FetchError.Reason, _ detail: String) -> FetchError {
            FetchError(reason, name: item.name, url: url, detail: detail)
        }
        // The folders this fetch makes, innermost first, so that a failure takes them away again.
        var made = [URL]()
        var missing = partial.deletingLastPathComponent()
        while !fm.fileExists(atPath: missing.path), missing.path != "/" {
            made.append(missing)
            missing.deleteLastPathComponent()
        }
        do {
            try fm.createDirectory(at: partial.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw fail(.localFile, "cannot create \(partial.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        defer { Self.tidy(partial, made: made) }

        var startedWith: Int64 = 0
        var attempt = 0
        var summary = ""
        while true {
            attempt += 1
            startedWith = Self.size(of: partial)
            do {
                let outcome = try HTTPDownload.run(url, into: partial, timeout: timeout, progress: progress)
                if case .rangeNotSatisfiable(let total) = outcome, total != Self.size(of: partial) {
                    // The kept part does not fit the file the server has now: start over, once.
                    try? fm.removeItem(at: partial)
                    if attempt < 2 { continue }
                    throw fail(.interrupted, "the server refuses the byte ranges this download needs; nothing was kept")
                }
            } catch let failure as HTTPDownload.Failure {
                throw error(for: failure, item: item, partial: partial, fail: fail)
            }
            do {
                summary = try Self.check(partial, kind: item.kind)
                break
            } catch {
                try? fm.removeItem(at: partial)
                // A resumed file may be spoilt by its old part (the file changed on the server
                // meanwhile): download it whole once before calling it damaged.
                if startedWith > 0 && attempt < 2 { continue }
                let what = item.kind == .dataSet ? "a sketch-rnn data set (.npz)" : "a sketch-rnn-js model"
                let problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                throw fail(.damaged, "the download is not \(what), so it was deleted: \(Self.withoutPath(problem, partial))")
            }
        }
        if rename(partial.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: partial)
            throw fail(.localFile, "cannot move the checked download to \(destination.path): \(reason)")
        }
        let total = Self.size(of: destination)
        return .fetched(destination, bytes: total - startedWith, resumedFrom: startedWith, summary: summary)
    }

    /// The words for a failed download, after deciding what stays on disk: a part worth resuming
    /// (the connection broke, the server stalled or failed) is kept; an empty one or one the server
    /// no longer has is removed.
    private func error(for failure: HTTPDownload.Failure, item: FetchItem, partial: URL,
                       fail: (FetchError.Reason, String) -> FetchError) -> FetchError {
        let kept = Self.size(of: partial)
        let keptWords = kept > 0
            ? "; the \(ByteCount.text(kept)) that arrived are kept in \(partial.path) and the same command resumes from there"
            : "; nothing was kept"
        switch failure {
        case .unreachable(let why):
            return fail(.noNetwork, "cannot reach the server: \(why). Without a network, set a mirror with --mirror or $\(FetchSource.environmentVariable)" + keptWords)
        case .status(404):
            try? FileManager.default.removeItem(at: partial)
            var text = "the server has no such file (HTTP 404)"
            if !item.isKnown {
                let list = item.kind == .dataSet ? "sketch data fetch --list" : "sketch models fetch --list"
                let what = item.kind == .dataSet ? "a Quick, Draw! class" : "one of Google's sketch-rnn-js models"
                text += "; \"\(item.name)\" is not \(what): the nearest are \(item.nearest.joined(separator: ", ")) (`\(list)` lists them all)"
                let base = item.name.hasSuffix(".vae") ? String(item.name.dropLast(4)) : item.name
                if item.kind == .model, FetchCatalog.quickDrawClass(base) != nil {
                    text += "; Quick, Draw! has the class: `sketch data fetch \(base)` and `sketch train --data \(base)` make one"
                }
            }
            return fail(.notFound, text + "; nothing was kept")
        case .status(let code):
            let kind = code >= 500 ? "a server error" : "a refusal"
            return fail(.httpStatus(code), "the server answered HTTP \(code) (\(kind)); try again later" + keptWords)
        case .timedOut:
            return fail(.stalled, "the server sent nothing for \(Self.seconds(timeout)) (stalled; --timeout sets how long to wait)" + keptWords)
        case .interrupted(let why):
            return fail(.interrupted, "the download stopped: \(why)" + keptWords)
        case .badRange(let why):
            try? FileManager.default.removeItem(at: partial)
            return fail(.interrupted, "\(why); nothing was kept, the next fetch starts over")
        case .file(let why):
            return fail(.localFile, why + keptWords)
        case .busy:
            return fail(.localFile, "another fetch is writing \(partial.path) now; let it finish, or stop it and run this again")
        }
    }

    /// Reads a downloaded file as the commands will and says what it holds.
    static func check(_ file: URL, kind: FetchItem.Kind) throws -> String {
        switch kind {
        case .dataSet:
            let set = try SketchFile.read(contentsOf: file)
            return "\(set.train.count) / \(set.valid.count) / \(set.test.count) sketches (train / valid / test)"
        case .model:
            let model = try ModelFile.load(file)
            let c = model.config
            let cell = c.cell.displayName
            return c.isVAE ? "VAE, \(cell) \(c.decoderSize), z \(c.latentSize), M \(c.mixtures)"
                : "decoder-only \(cell) \(c.decoderSize), M \(c.mixtures)"
        }
    }

    /// The readers' messages name the temporary file; the person asked for a name, not a path.
    private static func withoutPath(_ text: String, _ partial: URL) -> String {
        text.replacingOccurrences(of: partial.path + ": ", with: "")
    }

    static func size(of url: URL) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Removes an empty part, an empty `.partial` folder, and the folders this fetch made that
    /// stayed empty.
    private static func tidy(_ partial: URL, made: [URL]) {
        let fm = FileManager.default
        if fm.fileExists(atPath: partial.path), size(of: partial) == 0 { try? fm.removeItem(at: partial) }
        var folders = [partial.deletingLastPathComponent()]
        for folder in made where !folders.contains(folder) { folders.append(folder) }
        for folder in folders where (try? fm.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? fm.removeItem(at: folder)
        }
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }
}

/// Byte counts for people: `512 B`, `3.2 kB`, `45.6 MB`, `1.20 GB` (powers of 1000).
package enum ByteCount {
    package static func text(_ bytes: Int64) -> String {
        let b = Double(bytes)
        if bytes < 1000 { return "\(bytes) B" }
        if b < 1e6 { return String(format: "%.1f kB", b / 1e3) }
        if b < 1e9 { return String(format: "%.1f MB", b / 1e6) }
        return String(format: "%.2f GB", b / 1e9)
    }
}
