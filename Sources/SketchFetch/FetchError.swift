import Foundation

/// Why a fetch failed, in words a person can act on. Every case names what was fetched and from
/// where; the message says what was left on disk (nothing, or a partial download to resume).
package struct FetchError: Error, CustomStringConvertible, LocalizedError, Equatable {
    package enum Reason: Equatable, Sendable {
        /// The host could not be reached at all (no network, refused, unknown host).
        case noNetwork
        /// HTTP 404: the server has no such file.
        case notFound
        /// Any other status that is not a success.
        case httpStatus(Int)
        /// Nothing arrived for the time-out's length.
        case stalled
        /// The connection ended before the whole file arrived.
        case interrupted
        /// The whole file arrived but is not what it should be.
        case damaged
        /// The file could not be written.
        case localFile
    }

    package var reason: Reason
    /// The short name that was asked for (`cat`, `cat.vae`).
    package var name: String
    package var url: URL
    /// The sentence after the name and address.
    package var detail: String

    package init(_ reason: Reason, name: String, url: URL, detail: String) {
        self.reason = reason
        self.name = name
        self.url = url
        self.detail = detail
    }

    package var description: String { "\(name): \(detail) (\(url.absoluteString))" }
    package var errorDescription: String? { description }
}
