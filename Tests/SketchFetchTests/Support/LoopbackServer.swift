#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small HTTP/1.1 server on 127.0.0.1 for the fetch tests: serves files (with byte ranges, as
/// Google's bucket does) and misbehaves on request — errors, stalls, connections cut short,
/// ranges ignored. One thread accepts; each connection is answered on a thread of its own and
/// then closed. It is the test's peer, not the product's client: the product uses URLSession.
final class LoopbackServer: @unchecked Sendable {
    enum Route {
        /// The file, honouring `Range: bytes=N-` with a 206.
        case file(Data)
        /// The file, always whole with a 200, whatever the range.
        case ignoringRanges(Data)
        /// Only this status, with a short body.
        case status(Int)
        /// Headers for the whole file (honouring a range), the first `bytes` of the body, then the
        /// connection closes.
        case cutAfter(Data, bytes: Int)
        /// Headers for the whole file, the first `bytes` of the body, then silence until the
        /// client gives up or the server stops.
        case stallAfter(Data, bytes: Int)
    }

    struct Request: Sendable {
        var path: String
        var range: String?
        /// The request line's target as sent: a path, or a whole URL when sent to a proxy.
        var target: String
    }

    let port: UInt16
    var base: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Route] = [:]
    private var seen: [Request] = []
    private var stopped = false
    private let stop = DispatchSemaphore(value: 0)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw ServerError.socket("bind/listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { shutdown() }

    /// Stops accepting and releases stalled connections.
    func shutdown() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        // The accept thread closes the socket when accept fails: closed here, its number could go
        // to the next server's socket before that thread first calls accept, and it would then
        // answer that server's requests with this one's routes.
        #if canImport(Glibc)
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        #else
        Darwin.shutdown(listener, SHUT_RDWR)
        #endif
        for _ in 0..<64 { stop.signal() }
    }

    /// Serves `route` at `path` (as it appears in the URL, percent-encoded).
    func serve(_ path: String, _ route: Route) {
        lock.lock()
        routes[path] = route
        lock.unlock()
    }

    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done {
                    close(listener)
                    return
                }
                continue
            }
            Thread { [self] in answer(client) }.start()
        }
    }

    private func answer(_ client: Int32) {
        defer { close(client) }
        var noSignal: Int32 = 1
        #if canImport(Darwin)
        setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
        #else
        _ = noSignal
        #endif
        guard let head = readHead(client) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return }
        let target = String(parts[1])
        // A proxy gets the whole URL (`GET http://host:port/path`); it serves the path.
        var path = target
        if let scheme = target.range(of: "://"), let slash = target[scheme.upperBound...].firstIndex(of: "/") {
            path = String(target[slash...])
        }
        var range: String?
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "range" { range = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        lock.lock()
        seen.append(Request(path: path, range: range, target: target))
        let route = routes[path]
        lock.unlock()

        switch route {
        case nil:
            respond(client, status: 404, headers: [:], body: Data("no such file\n".utf8))
        case .status(let code):
            respond(client, status: code, headers: [:], body: Data("status \(code)\n".utf8))
        case .ignoringRanges(let data):
            respond(client, status: 200, headers: [:], body: data)
        case .file(let data):
            sendFile(client, data, range: range, limit: nil, stall: false)
        case .cutAfter(let data, let bytes):
            sendFile(client, data, range: range, limit: bytes, stall: false)
        case .stallAfter(let data, let bytes):
            sendFile(client, data, range: range, limit: bytes, stall: true)
        }
    }

    private func sendFile(_ client: Int32, _ data: Data, range: String?, limit: Int?, stall: Bool) {
        var start = 0
        if let range, range.hasPrefix("bytes="), range.hasSuffix("-"), let from = Int(range.dropFirst(6).dropLast()) {
            guard from < data.count else {
                respond(client, status: 416, headers: ["Content-Range": "bytes */\(data.count)"], body: Data())
                return
            }
            start = from
        }
        let piece = data.subdata(in: start..<data.count)
        var headers = ["Content-Length": "\(piece.count)"]
        if start > 0 { headers["Content-Range"] = "bytes \(start)-\(data.count - 1)/\(data.count)" }
        let sent = limit.map { min($0, piece.count) } ?? piece.count
        respond(client, status: start > 0 ? 206 : 200, headers: headers, body: piece.prefix(sent), declaredLength: piece.count)
        if stall { _ = stop.wait(timeout: .now() + 60) }
    }

    private func respond(_ client: Int32, status: Int, headers: [String: String], body: Data, declaredLength: Int? = nil) {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        var all = headers
        if all["Content-Length"] == nil { all["Content-Length"] = "\(declaredLength ?? body.count)" }
        all["Connection"] = "close"
        all["Content-Type"] = "application/octet-stream"
        for (k, v) in all.sorted(by: { $0.key < $1.key }) { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        write(client, Data(head.utf8))
        write(client, body)
    }

    private func write(_ client: Int32, _ data: Data) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Darwin)
                let n = send(client, buffer.baseAddress! + offset, buffer.count - offset, 0)
                #else
                let n = send(client, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                #endif
                if n <= 0 { return }
                offset += n
            }
        }
    }

    private func readHead(_ client: Int32) -> String? {
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            bytes.append(contentsOf: buffer[0..<n])
            if let text = String(bytes: bytes, encoding: .utf8), let end = text.range(of: "\r\n\r\n") {
                return String(text[..<end.lowerBound])
            }
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 206: return "Partial Content"
        case 404: return "Not Found"
        case 416: return "Range Not Satisfiable"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    enum ServerError: Error { case socket(String) }
}
