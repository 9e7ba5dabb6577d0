import Foundation

/// A flag one thread sets and another polls: how the app stops a completion running on a
/// background thread. Safe to share between threads.
public final class CancellationToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// A token not yet cancelled.
    public init() {}

    /// Cancels the work that polls this token; it stops at its next check.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Whether ``cancel()`` has been called.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
