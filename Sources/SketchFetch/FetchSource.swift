import Foundation

/// Where files are fetched from: Google's public bucket, or a mirror with the same paths (a
/// company's cache, a test's loopback server) named by `--mirror` or `$SKETCH_FETCH_MIRROR`. A
/// proxy is the HTTP client's business: libcurl (Linux) reads `https_proxy`/`http_proxy`, macOS
/// its system settings.
package struct FetchSource: Sendable, Equatable {
    package static let google = URL(string: "https://storage.googleapis.com")!
    package static let environmentVariable = "SKETCH_FETCH_MIRROR"

    package var base: URL

    package init(base: URL = FetchSource.google) {
        self.base = base
    }

    /// `mirror` when given, else `$SKETCH_FETCH_MIRROR` when set, else Google's bucket.
    package static func choose(mirror: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FetchSource {
        guard let text = mirror ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) else { return FetchSource() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw MirrorError(text: text)
        }
        return FetchSource(base: url)
    }

    /// The address of `item`: the base, then its path with each component percent-encoded.
    package func url(for item: FetchItem) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        for component in item.remotePath.split(separator: "/") {
            text += "/" + (String(component).addingPercentEncoding(withAllowedCharacters: allowed) ?? String(component))
        }
        return URL(string: text)!
    }

    package struct MirrorError: Error, CustomStringConvertible, LocalizedError {
        package var text: String
        package var description: String {
            "mirror \"\(text)\" is not an http:// or https:// address (from --mirror or $\(FetchSource.environmentVariable))"
        }
        package var errorDescription: String? { description }
    }
}
