/// Live endings while a stroke is being drawn: asked for at most once an `interval`; a change
/// inside the interval waits, and the last one is sent once the interval has passed, so that a
/// fast drag never floods the worker with requests it would cancel at once.
struct LiveRequests {
    /// Live endings are asked for at most this often (nanoseconds).
    var interval: UInt64 = 150_000_000
    private var lastSent: UInt64 = 0
    /// A change waits for the interval to pass.
    private(set) var pending = false

    /// The drawing changed at `time`: true when endings are to be asked for now; otherwise the
    /// change waits (see `due(at:)`).
    mutating func changed(at time: UInt64) -> Bool {
        guard time &- lastSent >= interval else {
            pending = true
            return false
        }
        lastSent = time
        pending = false
        return true
    }

    enum Due: Equatable {
        /// Nothing waits.
        case idle
        /// The change waiting is to be sent now (it counts as sent).
        case now
        /// The change waiting is due in this many nanoseconds.
        case later(UInt64)
    }

    /// Whether the change waiting is due at `time`.
    mutating func due(at time: UInt64) -> Due {
        guard pending else { return .idle }
        let due = lastSent &+ interval
        guard time >= due else { return .later(due - time) }
        lastSent = time
        pending = false
        return .now
    }

    /// Endings were asked for the drawing as it is (for whatever reason): they answer any change
    /// waiting.
    mutating func answered() {
        pending = false
    }
}
