#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C as a request rather than a kill: the first SIGINT (or SIGTERM) sets a flag that a long job
/// checks between steps, so it can save its work and exit cleanly; a second one ends the process.
enum InterruptFlag {
    nonisolated(unsafe) private static var count: sig_atomic_t = 0

    static var isSet: Bool { count > 0 }

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            InterruptFlag.count += 1
            if InterruptFlag.count > 1 { _exit(130) }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
