#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-line live progress bar with a rate and an ETA, redrawn in place on a terminal. When stdout is
/// not a terminal (a log file, a pipe) it prints plain lines instead, at most one per `plainInterval`.
/// Without a known total (a job bounded by time), the caller passes the fraction done itself.
final class ProgressBar {
    let total: Int?
    let label: String
    let isTerminal: Bool
    private let start: Date
    private let startCount: Int
    private var lastPlain = Date.distantPast
    private var lastWidth = 0
    var plainInterval: TimeInterval = 10
    /// How the count is written (default `count/total`): a download shows bytes.
    var counter: ((Int, Int?) -> String)?

    /// `total` is the last value `update` will reach; `startCount` where this run starts (a resume).
    init(total: Int?, startCount: Int = 0, label: String = "", isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.total = total.map { max($0, 1) }
        self.startCount = startCount
        self.label = label
        self.isTerminal = isTerminal
        self.start = Date()
    }

    /// Seconds still to go at the present rate, nil before any progress.
    func eta(count: Int, now: Date = Date()) -> TimeInterval? {
        let done = count - startCount
        guard done > 0, let total else { return nil }
        let perItem = now.timeIntervalSince(start) / Double(done)
        return perItem * Double(max(total - count, 0))
    }

    /// Redraws the bar (terminal) or prints a line when due (`force` prints one regardless).
    func update(_ count: Int, detail: String, etaOverride: TimeInterval? = nil, fraction: Double? = nil, force: Bool = false) {
        let eta = etaOverride ?? eta(count: count)
        let counter = self.counter?(count, total) ?? total.map { "\(count)/\($0)" } ?? "\(count)"
        let etaText = eta.map { "ETA " + Self.duration($0) } ?? "ETA --"
        if isTerminal {
            let columns = Self.terminalColumns()
            let fraction = min(max(fraction ?? total.map { Double(count) / Double($0) } ?? 0, 0), 1)
            let text = "\(detail)  \(etaText)"
            let barWidth = max(10, min(30, columns - counter.count - text.count - label.count - 8))
            let filled = Int(fraction * Double(barWidth))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            var line = "\(label.isEmpty ? "" : label + " ")\(bar) \(counter) \(text)"
            if line.count > columns - 1 { line = String(line.prefix(columns - 1)) }
            let pad = max(0, lastWidth - line.count)
            lastWidth = line.count
            try? FileHandle.standardOutput.write(contentsOf: Data(("\r" + line + String(repeating: " ", count: pad)).utf8))
        } else {
            let now = Date()
            guard force || now.timeIntervalSince(lastPlain) >= plainInterval else { return }
            lastPlain = now
            print("\(label.isEmpty ? "" : label + " ")\(counter) \(detail) \(etaText)")
            fflush(stdout)
        }
    }

    /// Prints a line of its own above the bar (validation results, warnings).
    func message(_ text: String) {
        if isTerminal {
            try? FileHandle.standardOutput.write(contentsOf: Data(("\r" + String(repeating: " ", count: lastWidth) + "\r").utf8))
            lastWidth = 0
        }
        print(text)
        fflush(stdout)
    }

    /// Ends the bar's line so that later output starts on a fresh one.
    func finish() {
        if isTerminal && lastWidth > 0 {
            print("")
            lastWidth = 0
        }
        fflush(stdout)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}
