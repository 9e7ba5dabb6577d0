import Dispatch
import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

struct CompleterTests {
    static let square: [Polyline] = [[SIMD2(10, 10), SIMD2(60, 10), SIMD2(60, 60), SIMD2(10, 60), SIMD2(10, 12)]]

    static func request(count: Int = 4, maxSteps: Int? = nil, stopAtEnd: Bool = true, penLifted: Bool = true) -> PolylineRequest {
        PolylineRequest(polylines: square, penLifted: penLifted, count: count, temperature: SamplingTemperature(0.6),
                          seed: 3, maxSteps: maxSteps, stopAtEnd: stopAtEnd)
    }

    @Test func thePrefixIsSimplifiedAndInModelUnits() throws {
        let model = TinyModels.sampling(.decoder)
        let completer = try Completer(model: model, capacity: 4)
        var r = Self.request()
        // The middle point is within epsilon 2; the first point is the origin and not fed.
        r.polylines = [[SIMD2(100, 50), SIMD2(130, 50.5), SIMD2(160, 50)], [SIMD2(160, 80), SIMD2(100, 80)]]
        let prefix = try completer.prefix(of: r)
        #expect(prefix.points == [StrokePoint(dx: 2, dy: 0, penLifted: true), StrokePoint(dx: 0, dy: 1, penLifted: false),
                                  StrokePoint(dx: -2, dy: 0, penLifted: true)])
        r.polylines = [[SIMD2(100, 50), SIMD2(160, 50)]]
        r.penLifted = false
        r.dataPixelsPerUnit = 2  // screen units at half the data's scale
        #expect(try completer.prefix(of: r).points.last == StrokePoint(dx: 4, dy: 0, penLifted: false))
        r.polylines = [[SIMD2(100, 50)]]  // a tap: nothing to feed yet
        #expect(try completer.prefix(of: r).isEmpty)
    }

    @Test func endingsAreReportedStepByStep() throws {
        let completer = try Completer(model: TinyModels.sampling(.decoder), capacity: 4)
        var seen = [Completer.Progress]()
        let result = try completer.complete(Self.request(maxSteps: 12, stopAtEnd: false), progress: { seen.append($0) })
        #expect(seen.count == 12)
        for (i, p) in seen.dropLast().enumerated() {
            #expect(p.step == i + 1)
            #expect(p.endings.allSatisfy { $0.count == i + 1 })
            #expect(!p.cancelled && p.finished.allSatisfy { !$0 })
        }
        #expect(result.finished.allSatisfy { $0 })
        #expect(result.endings.allSatisfy { $0.count == 12 })
        #expect(Set(result.endings.map { $0.map(\.dx) }).count == 4, "endings from copies of one state still differ")
        // Reproducible, and in drawing units (the model's scale factor applied).
        let again = try completer.complete(Self.request(maxSteps: 12, stopAtEnd: false))
        #expect(again.endings == result.endings)
    }

    @Test func theFirstPointOfEveryEndingComesFromThePrefixState() throws {
        // Greedy endings are all the same, and equal to a batch of one.
        let model = TinyModels.sampling(.decoder)
        var r = Self.request(count: 3, maxSteps: 8, stopAtEnd: false)
        r.temperature = .paper(0)
        let three = try Completer(model: model, capacity: 3).complete(r)
        r.count = 1
        let one = try Completer(model: model, capacity: 1).complete(r)
        for e in three.endings {
            for (p, q) in zip(e, one.endings[0]) { #expect(abs(p.dx - q.dx) < 1e-3 && abs(p.dy - q.dy) < 1e-3) }
        }
    }

    @Test(arguments: [1, 6])
    func anEndingThatRunsOutStartsAgainFromThePrefix(maxSteps: Int) throws {
        // Greedy, the tiny model never ends: every redraw must repeat the first draw exactly, which
        // it does only if it restarts from the prefix's state and its first output.
        let completer = try Completer(model: TinyModels.sampling(.decoder), capacity: 3)
        var r = Self.request(count: 3, maxSteps: maxSteps)
        r.temperature = .paper(0)
        r.redraws = 0
        let once = try completer.complete(r)
        r.redraws = 4
        var lengths = [[Int]]()
        let redrawn = try completer.complete(r, progress: { lengths.append($0.endings.map(\.count)) })
        #expect(once.draws == [1, 1, 1] && redrawn.draws == [5, 5, 5])
        #expect(redrawn.endings == once.endings && once.endings.allSatisfy { $0.count == maxSteps })
        #expect(redrawn.finished.allSatisfy { $0 })
        if maxSteps > 1 { #expect(lengths.dropFirst().contains([1, 1, 1]), "progress shows the restart") }
    }

    @Test func endingsThatEndAreKeptWhenOthersAreDrawnAgain() throws {
        let completer = try Completer(model: TinyModels.sampling(.decoder, endBias: 0), capacity: 6)
        var r = Self.request(count: 6, maxSteps: 10)
        r.temperature = SamplingTemperature(1)
        r.redraws = 0
        let once = try completer.complete(r)
        r.redraws = 4
        let redrawn = try completer.complete(r)
        #expect(once.endings.contains { $0.count == 10 } && once.endings.contains { $0.count < 10 })
        for i in 0..<6 where once.endings[i].count < 10 {
            #expect(redrawn.endings[i] == once.endings[i] && redrawn.draws[i] == 1)
        }
        #expect(zip(once.endings, redrawn.draws).allSatisfy { $0.count < 10 || $1 > 1 })
    }

    @Test func aGrowingDrawingReusesTheStateOfItsFinishedStrokes() throws {
        // One completer sees the drawing grow stroke by stroke (its cached state is reused); a fresh
        // completer runs each prefix from the start. Both must give the same endings.
        let model = TinyModels.sampling(.decoder)
        let growing = try Completer(model: model, capacity: 4)
        let strokes: [Polyline] = [
            [SIMD2(10, 10), SIMD2(60, 10), SIMD2(60, 60)],
            [SIMD2(70, 70), SIMD2(90, 75), SIMD2(95, 100)],
            [SIMD2(20, 80), SIMD2(40, 120)],
            [SIMD2(5, 5), SIMD2(30, 2), SIMD2(50, 30)],
        ]
        for n in 1...strokes.count {
            for penLifted in [false, true] {
                var r = Self.request(maxSteps: 10, stopAtEnd: false, penLifted: penLifted)
                r.polylines = Array(strokes[..<n])
                let fresh = try Completer(model: model, capacity: 4).complete(r)
                let reused = try growing.complete(r)
                #expect(reused.endings == fresh.endings, "prefix of \(n) strokes, pen lifted \(penLifted)")
            }
        }
        // A drawing that is not an extension of the cached one (undo, clear) runs from the start.
        var r = Self.request(maxSteps: 10, stopAtEnd: false)
        r.polylines = [strokes[3], strokes[0]]
        #expect(try growing.complete(r).endings == Completer(model: model, capacity: 4).complete(r).endings)
    }

    @Test func cancellingStopsAtTheNextStep() throws {
        let completer = try Completer(model: TinyModels.sampling(.decoder), capacity: 4)
        let token = CancellationToken()
        var calls = 0
        let result = try completer.complete(Self.request(maxSteps: 30, stopAtEnd: false), isCancelled: { token.isCancelled }) { p in
            calls += 1
            if p.step == 5 { token.cancel() }
        }
        #expect(result.cancelled)
        #expect(result.step == 5)
        #expect(calls == 6)  // steps 1...5, then the final report
        #expect(result.endings.allSatisfy { $0.count == 5 })
    }

    @Test func cancellingFromAnotherThreadEndsTheRun() throws {
        let model = TinyModels.sampling(.decoder, nmax: ModelLimits.nmax)
        let token = CancellationToken()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var result: Completer.Progress? }
        let box = Box()
        Thread.detachNewThread {
            let completer = try? Completer(model: model, capacity: 2)
            var signalled = false
            box.result = try? completer?.complete(Self.request(count: 2, stopAtEnd: false), isCancelled: { token.isCancelled }) { _ in
                if !signalled {
                    signalled = true
                    started.signal()
                }
            }
            done.signal()
        }
        try #require(started.wait(timeout: .now() + 20) == .success, "the completion did not start")
        token.cancel()
        #expect(done.wait(timeout: .now() + 20) == .success)
        let result = try #require(box.result)
        #expect(result.cancelled)
        #expect(result.step < ModelLimits.nmax)
    }

    @Test func aVAECompletesFromItsEncodedPrefix() throws {
        let completer = try Completer(model: TinyModels.sampling(.vae), capacity: 2)
        let result = try completer.complete(Self.request(count: 2, maxSteps: 6))
        #expect(result.endings.allSatisfy { $0.count <= 6 })
        var bad = Self.request(count: 2)
        bad.latent = [1, 2]
        #expect(throws: GenerationError.self) { try completer.complete(bad) }
        #expect(throws: GenerationError.self) { try completer.complete(Self.request(count: 3)) }
    }
}
