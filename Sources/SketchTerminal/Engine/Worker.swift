import Foundation

/// Runs one job at a time on a background thread. Submitting a job cancels the one running (it
/// sees `isCancelled()` turn true at its next step) and drops any job still waiting, so the app
/// never queues stale work and the UI thread never waits for the model.
package final class Worker: @unchecked Sendable {
    package typealias Job = (_ id: Int, _ isCancelled: () -> Bool) -> Void

    private let condition = NSCondition()
    private var waiting: (id: Int, job: Job)?
    private var latestID = 0
    private var running = false
    private var stopped = false
    private var thread: Thread?

    package init(name: String = "sketch.worker") {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Queues `job` in place of any waiting one and cancels the running one. Returns the job's id.
    @discardableResult
    package func submit(_ job: @escaping Job) -> Int {
        condition.lock()
        latestID += 1
        let id = latestID
        waiting = (id, job)
        condition.broadcast()
        condition.unlock()
        return id
    }

    /// True while `id` is the newest job submitted (so its results are still wanted).
    package func isCurrent(_ id: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return id == latestID
    }

    /// Blocks until no job is waiting or running (tests use this; the app never does).
    package func waitUntilIdle() {
        condition.lock()
        while waiting != nil || running { condition.wait() }
        condition.unlock()
    }

    package func stop() {
        condition.lock()
        stopped = true
        latestID += 1
        waiting = nil
        condition.broadcast()
        condition.unlock()
    }

    /// Stops, and returns once the running job (cancelled) has given the thread back. The process
    /// must not exit while a job is inside BLAS: OpenBLAS's exit handler then deadlocks.
    package func stopAndWait() {
        stop()
        condition.lock()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while waiting == nil && !stopped { condition.wait() }
            if stopped { condition.unlock(); return }
            guard let (id, job) = waiting else { condition.unlock(); continue }
            waiting = nil
            running = true
            condition.unlock()
            job(id) { [unowned self] in !self.isCurrent(id) }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
    }

    deinit { stop() }
}

/// Results posted by the worker for the UI thread, which drains them when woken. Waking writes a
/// byte to a pipe the UI thread polls beside the terminal, so results show without delay.
package final class Mailbox<Message>: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    /// Read end to poll; the curses loop watches it beside standard input.
    package let wakeFD: Int32
    private let writeFD: Int32

    package init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        wakeFD = fds[0]
        writeFD = fds[1]
    }

    package func post(_ message: Message) {
        lock.lock()
        messages.append(message)
        lock.unlock()
        if writeFD >= 0 {
            var byte: UInt8 = 1
            _ = write(writeFD, &byte, 1)
        }
    }

    /// Everything posted since the last call, oldest first.
    package func drain() -> [Message] {
        if wakeFD >= 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            while read(wakeFD, &buffer, buffer.count) > 0 {}
        }
        lock.lock()
        defer { lock.unlock() }
        let result = messages
        messages.removeAll(keepingCapacity: true)
        return result
    }

    deinit {
        if wakeFD >= 0 { close(wakeFD) }
        if writeFD >= 0 { close(writeFD) }
    }
}
