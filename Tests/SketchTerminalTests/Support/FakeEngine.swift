import Foundation
import SketchRNN
@testable import SketchTerminal

/// A stand-in model for the app's state tests: each ending i is a straight run of `steps` points
/// going right by 4 units with a slope of i, reported step by step. It records what it was asked.
final class FakeEngine: SketchEngine, @unchecked Sendable {
    let summary: ModelSummary
    let steps: Int
    private let lock = NSLock()
    private var _requests: [EndingsRequest] = []
    private var _gridRequests: [LatentGridRequest] = []
    private var _variationRequests: [VariationsRequest] = []
    var variationRequests: [VariationsRequest] { lock.lock(); defer { lock.unlock() }; return _variationRequests }
    var requests: [EndingsRequest] { lock.lock(); defer { lock.unlock() }; return _requests }
    var gridRequests: [LatentGridRequest] { lock.lock(); defer { lock.unlock() }; return _gridRequests }

    /// Which endings of a request end at once, drawing nothing.
    var stopsAtOnce: @Sendable (EndingsRequest, Int) -> Bool = { _, _ in false }

    init(vae: Bool = false, steps: Int = 5, name: String = "fake") {
        summary = ModelSummary(name: name, className: nil, kind: vae ? "VAE" : "decoder-only", isVAE: vae)
        self.steps = steps
    }

    func generateEndings(_ request: EndingsRequest, isCancelled: () -> Bool, progress: (EndingsProgress) -> Void) throws {
        lock.lock(); _requests.append(request); lock.unlock()
        var endings = Array(repeating: [StrokePoint](), count: request.count)
        let stopping = endings.indices.map { stopsAtOnce(request, $0) }
        for step in 0..<steps {
            if isCancelled() { return }
            for i in endings.indices where !stopping[i] {
                endings[i].append(StrokePoint(dx: 4, dy: Float(i), penLifted: step == steps - 1))
            }
            progress(EndingsProgress(endings: endings, finished: endings.indices.map { stopping[$0] || step == steps - 1 }))
        }
    }

    func latentGrid(_ request: LatentGridRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        guard summary.isVAE else { throw GenerationError.needsVAE(summary.name) }
        lock.lock(); _gridRequests.append(request); lock.unlock()
        var cells = [Sketch?](repeating: nil, count: request.columns * request.rows)
        for i in cells.indices {
            if isCancelled() { return }
            cells[i] = Sketch(points: [StrokePoint(dx: 0, dy: 0, penLifted: false), StrokePoint(dx: 10, dy: Float(i), penLifted: true)])
            progress(cells)
        }
    }

    func variations(_ request: VariationsRequest, isCancelled: () -> Bool, progress: ([Sketch?]) -> Void) throws {
        guard summary.isVAE else { throw GenerationError.needsVAE(summary.name) }
        lock.lock(); _variationRequests.append(request); lock.unlock()
        progress(request.temperatures.map { _ in request.sketch })
    }
}

extension AppController {
    static func forTesting(engine: SketchEngine, size: TerminalSize = TerminalSize(columns: 120, rows: 40),
                           saver: @escaping (DrawingToSave) throws -> [String] = { _ in [] },
                           seeds: @escaping () -> UInt64 = { 42 }) -> AppController {
        let controller = AppController(models: [ModelChoice(name: engine.summary.name, reference: "fake")], size: size,
                                       loader: { _ in engine }, saver: saver, seeds: seeds)
        controller.liveRequests.interval = 0
        controller.gridBrowser.computesAhead = false
        controller.settle()
        controller.settle()
        return controller
    }

    func send(_ text: String) {
        var parser = InputParser()
        for event in parser.feed(Array(text.utf8)) + parser.flush() { handle(event) }
    }
}
