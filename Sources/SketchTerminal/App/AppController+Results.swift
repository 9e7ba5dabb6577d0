import Foundation
import SketchRNN

/// The worker's results folded into the state, and the timing marks they answer.
extension AppController {
    package enum Received: Equatable {
        /// Nothing new.
        case none
        /// More of what is on screen: worth showing at the next frame.
        case progress
        /// The first points of new endings (or a model, an error): worth showing at once.
        case firstPoints
    }

    /// Folds in the worker's results and says how soon the screen should show them.
    @discardableResult
    package func receiveResults() -> Received {
        let messages = mailbox.drain()
        guard !messages.isEmpty else { return .none }
        var received = Received.progress
        for message in messages {
            switch message {
            case .endings(let job, let progress) where state.panelRedraw?.job == job:
                receivePanelRedraw(progress)
            case .endings(let job, let progress):
                if let pending = state.pendingEndings, pending.job == job {
                    state.endings = pending
                    state.pendingEndings = nil
                    state.endingsShownAt = DebugTiming.now()
                    received = .firstPoints
                }
                guard state.endings?.job == job else { continue }
                state.endings?.endings = progress.endings
                state.endings?.finished = progress.finished
            case .grid(let job, let cells):
                receiveGrid(job: job, cells: cells)
            case .variations(let job, let cells):
                guard state.variations?.job == job, cells.count == state.variations?.cells.count else { continue }
                state.variations?.cells = cells
            case .modelLoaded(let index, let engine):
                received = .firstPoints
                engines[index] = engine
                if index == state.modelIndex {
                    state.model = engine.summary
                    state.loadingModel = false
                    afterModelChange()
                }
            case .failed(let job, let text):
                if worker.isCurrent(job) || state.loadingModel {
                    received = .firstPoints
                    state.message = text
                    state.loadingModel = false
                    state.busy = false
                }
            case .jobDone(let job):
                if worker.isCurrent(job) { state.busy = false }
                gridJobDone(job)
            }
        }
        return received
    }

    /// Called by the terminal layer once a frame is on screen: logs the timing marks it answers and
    /// does the state file write that waited for it.
    package func frameShown(at time: UInt64 = DebugTiming.now()) {
        latencyMarks.frameShown(state, timing: timing)
        autosaveAfterFrame(at: time)
    }

    /// Blocks until the worker is idle, then folds in its results as a frame would show them
    /// (tests only).
    package func settle() {
        worker.waitUntilIdle()
        receiveResults()
        frameShown()
    }
}
