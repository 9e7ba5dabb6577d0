import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET streamed into a file through URLSession (Foundation's own client: libcurl under
/// FoundationNetworking on Linux, the system's on macOS), appending to what the file already holds
/// with a range request, so an interrupted download resumes where it stopped.
///
/// The caller's thread waits; the session's delegate writes each piece as it arrives (nothing is
/// held in memory) and reports progress. `timeout` is the session's idle time-out: a server that
/// sends nothing for that long ends the download, however long the whole takes.
package final class HTTPDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// How far a download is: bytes in the file, of `expected` when the server said.
    package struct Progress: Sendable {
        package var bytes: Int64
        package var expected: Int64?
        /// Bytes the file held before this run (a resume), for rates and ETAs.
        package var resumedFrom: Int64
    }

    /// How a download ended when it did not fail.
    package enum Outcome: Equatable, Sendable {
        /// The file now holds the whole resource (`bytes` long).
        case complete(bytes: Int64)
        /// The server answered 416 to the range: the file is already whole or longer than the resource.
        case rangeNotSatisfiable(total: Int64?)
    }

    package enum Failure: Error, Equatable {
        case unreachable(String)
        case status(Int)
        case timedOut
        case interrupted(String)
        case badRange(String)
        case file(String)
        /// Another process holds the file (two fetches of one name at once).
        case busy
    }

    private let file: URL
    private let progress: (Progress) -> Void
    private var handle: FileHandle?
    private var bytes: Int64 = 0
    private var resumedFrom: Int64 = 0
    private var expected: Int64?
    private var failure: Failure?
    private var outcome: Outcome?
    private let done = DispatchSemaphore(value: 0)

    private init(file: URL, progress: @escaping (Progress) -> Void) {
        self.file = file
        self.progress = progress
    }

    /// Downloads `url` into `file`, appending to its present contents with `Range: bytes=N-`
    /// (starting over when the server ignores the range).
    package static func run(_ url: URL, into file: URL, timeout: TimeInterval,
                            progress: @escaping (Progress) -> Void = { _ in }) throws -> Outcome {
        let download = HTTPDownload(file: file, progress: progress)
        return try download.start(url, timeout: timeout)
    }

    private func start(_ url: URL, timeout: TimeInterval) throws -> Outcome {
        let fm = FileManager.default
        if !fm.fileExists(atPath: file.path) {
            guard fm.createFile(atPath: file.path, contents: nil) else { throw Failure.file("cannot create \(file.path)") }
        }
        // Close-on-exec: a process another thread spawns meanwhile must not inherit the descriptor,
        // and with it the lock below, which would then outlive this download.
        let descriptor = open(file.path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure.file("cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle?.close() }
        // One writer per part: a second fetch of the same name stops instead of interleaving. A
        // process forked by another thread holds a copy of a closed descriptor (and its lock)
        // until it execs, so a lock still held is asked for again for up to a second.
        var locked = flock(handle!.fileDescriptor, LOCK_EX | LOCK_NB) == 0
        for _ in 0..<20 where !locked {
            usleep(50_000)
            locked = flock(handle!.fileDescriptor, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else { throw Failure.busy }
        do {
            bytes = Int64(try handle!.seekToEnd())
        } catch {
            throw Failure.file("cannot write \(file.path): \(error.localizedDescription)")
        }
        resumedFrom = bytes

        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = Self.withoutFoundationFolders { () -> URLSession in
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = timeout
            configuration.timeoutIntervalForResource = 7 * 24 * 3600
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.urlCache = nil
            configuration.httpCookieStorage = nil
            return URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        }
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        // Byte ranges count the bytes as stored: no content coding in between.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if bytes > 0 { request.setValue("bytes=\(bytes)-", forHTTPHeaderField: "Range") }
        session.dataTask(with: request).resume()
        done.wait()
        if let failure { throw failure }
        return outcome ?? .complete(bytes: bytes)
    }

    package func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            failure = .interrupted("not an HTTP response")
            return completionHandler(.cancel)
        }
        let range = http.value(forHTTPHeaderField: "Content-Range")
        switch http.statusCode {
        case 206:
            // "bytes START-END/TOTAL": the piece must start where the file ends.
            guard let range, let parsed = Self.contentRange(range), parsed.start == bytes else {
                failure = .badRange("the server sent the range \(range ?? "(none)") for a request from byte \(bytes)")
                return completionHandler(.cancel)
            }
            expected = parsed.total
        case 200:
            if bytes > 0 {
                // The server sends the whole file: start the file over.
                do {
                    try handle?.truncate(atOffset: 0)
                } catch {
                    failure = .file("cannot truncate \(file.path): \(error.localizedDescription)")
                    return completionHandler(.cancel)
                }
                bytes = 0
                resumedFrom = 0
            }
            expected = http.expectedContentLength > 0 ? http.expectedContentLength : nil
        case 416:
            outcome = .rangeNotSatisfiable(total: range.flatMap(Self.unsatisfiedTotal))
            return completionHandler(.cancel)
        default:
            failure = .status(http.statusCode)
            return completionHandler(.cancel)
        }
        progress(Progress(bytes: bytes, expected: expected, resumedFrom: resumedFrom))
        completionHandler(.allow)
    }

    package func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        do {
            try handle?.write(contentsOf: data)
        } catch {
            failure = .file("cannot write \(file.path): \(error.localizedDescription)")
            dataTask.cancel()
            return
        }
        bytes += Int64(data.count)
        progress(Progress(bytes: bytes, expected: expected, resumedFrom: resumedFrom))
    }

    package func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        defer { done.signal() }
        guard failure == nil, outcome == nil else { return }
        if let error = error as? URLError {
            switch error.code {
            case .timedOut: failure = .timedOut
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
                 .internationalRoamingOff, .dataNotAllowed, .secureConnectionFailed, .serverCertificateUntrusted,
                 .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                failure = bytes > resumedFrom ? .interrupted(error.localizedDescription) : .unreachable(Self.words(error))
            default: failure = .interrupted(Self.words(error))
            }
            return
        }
        if let error {
            failure = .interrupted(error.localizedDescription)
            return
        }
        if let expected, bytes != expected {
            failure = .interrupted("the connection closed after \(bytes) of \(expected) bytes")
            return
        }
        outcome = .complete(bytes: bytes)
    }

    /// Runs `body` (which makes a session) and then removes the empty folders it left in the
    /// person's XDG data and cache folders. On Linux, Foundation creates a cookie folder named
    /// after the executable's folder in `$XDG_DATA_HOME` (`~/.local/share/release`) and a URL cache
    /// folder in `$XDG_CACHE_HOME` whenever a configuration is made, even an ephemeral one without
    /// cookies or cache: a fetch must leave nothing in a home but the files it fetched. Only
    /// folders that did not exist before and are still empty go; nothing global is changed.
    static func withoutFoundationFolders<T>(_ body: () -> T) -> T {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        let home = URL(fileURLWithPath: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory())
        func xdg(_ name: String, _ fallback: String) -> URL {
            environment[name].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil } ?? home.appendingPathComponent(fallback)
        }
        let roots = [xdg("XDG_DATA_HOME", ".local/share"), xdg("XDG_CACHE_HOME", ".cache")]
        let before = Set(roots.flatMap { folders(around: $0) })
        let result = body()
        let fm = FileManager.default
        let made = Set(roots.flatMap { folders(around: $0) }).subtracting(before)
        // Deepest first, so a folder emptied by removing its child goes too.
        for path in made.sorted(by: { $0.count > $1.count })
        where (try? fm.contentsOfDirectory(atPath: path))?.isEmpty == true {
            try? fm.removeItem(atPath: path)
        }
        return result
        #else
        return body()
        #endif
    }

    /// The existing folders two levels into `root`, `root` itself and its ancestors.
    private static func folders(around root: URL) -> [String] {
        let fm = FileManager.default
        var found = [String]()
        var ancestor = root.standardizedFileURL
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            if fm.fileExists(atPath: ancestor.path) { found.append(ancestor.path) }
            ancestor.deleteLastPathComponent()
        }
        for child in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
            let level1 = root.appendingPathComponent(child)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: level1.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            found.append(level1.standardizedFileURL.path)
            for grandchild in (try? fm.contentsOfDirectory(atPath: level1.path)) ?? [] {
                let level2 = level1.appendingPathComponent(grandchild)
                if fm.fileExists(atPath: level2.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    found.append(level2.standardizedFileURL.path)
                }
            }
        }
        return found
    }

    /// `bytes START-END/TOTAL` (TOTAL may be `*`).
    static func contentRange(_ text: String) -> (start: Int64, end: Int64, total: Int64?)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bytes" else { return nil }
        let rangeAndTotal = parts[1].split(separator: "/")
        guard rangeAndTotal.count == 2 else { return nil }
        let bounds = rangeAndTotal[0].split(separator: "-")
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start <= end else { return nil }
        return (start, end, Int64(rangeAndTotal[1]))
    }

    /// `bytes */TOTAL`, the Content-Range of a 416.
    static func unsatisfiedTotal(_ text: String) -> Int64? {
        guard let slash = text.lastIndex(of: "/") else { return nil }
        return Int64(text[text.index(after: slash)...])
    }

    /// URLError's text with its code, which says more than the text on Linux.
    static func words(_ error: URLError) -> String {
        let text: String
        switch error.code {
        case .cannotConnectToHost: text = "could not connect to the server"
        case .cannotFindHost, .dnsLookupFailed: text = "the server's name does not resolve"
        case .notConnectedToInternet: text = "not connected to the internet"
        case .networkConnectionLost: text = "the connection was lost"
        default: text = error.localizedDescription
        }
        return "\(text) (URLError \(error.code.rawValue))"
    }
}
