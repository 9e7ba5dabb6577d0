import Foundation
import Testing
@testable import SketchRNN

@Suite struct SketchDataSetTests {
    static func line(_ n: Int, step: Float = 1) -> Sketch {
        Sketch(points: (0..<n).map { StrokePoint(dx: step, dy: -step, penLifted: $0 == n - 1) })
    }

    @Test(.enabled(if: SharedFiles.isAvailable, "../shared is absent (a fresh clone has none): skipped"))
    func sheepScaleFactorMatchesNumpyAndNmaxIsTheLongestOfAllSplits() throws {
        let url = try #require(SharedFiles.url("data/aaron_sheep.npz"))
        let set = try SketchDataSet.load([url])
        #expect(set.names == ["aaron_sheep"])
        #expect(set.train.count == 7400 && set.valid.count == 300 && set.test.count == 300)
        // np.std of every clipped train dx and dy, computed with numpy.
        #expect(abs(set.scaleFactor - 18.519827) < 1e-4)
        #expect(set.nmax == 250)
        #expect(abs(Sketch.scaleFactor(of: set.train) - 1) < 1e-4)
        let limited = try SketchDataSet.load([url], nmax: 100)
        #expect(limited.nmax == 100 && limited.train.allSatisfy { $0.count <= 100 } && limited.train.count < 7400)
        let summary = set.summary(.train)
        #expect(summary.count == 7400 && summary.maxLength == 250 && summary.minLength > 0)
    }

    @Test(.enabled(if: SharedFiles.isAvailable, "../shared is absent (a fresh clone has none): skipped"))
    func severalFilesConcatenateClasses() throws {
        let sheep = try #require(SharedFiles.url("data/aaron_sheep.npz"))
        let kanji = try #require(SharedFiles.url("data/kanji.rdp100.npz"))
        let set = try SketchDataSet.load([sheep, kanji])
        #expect(set.names == ["aaron_sheep", "kanji.rdp100"])
        #expect(set.train.count == 7400 + 10358 && set.valid.count == 900 && set.test.count == 800)
    }

    @Test func clipsFiltersAndNormalisesWithTheTrainingScaleFactor() {
        let wild = Sketch(points: [StrokePoint(dx: 5000, dy: 0, penLifted: true)])
        let set = SketchDataSet(names: ["x"], train: [Self.line(3, step: 2), wild], valid: [Self.line(9)], test: [Self.line(2)])
        #expect(set.nmax == 9)
        let expected = Sketch.scaleFactor(of: [Self.line(3, step: 2), wild.clipped()])
        #expect(set.scaleFactor == expected)
        #expect(set.valid[0].points[0].dx == 1 / expected)
        let filtered = SketchDataSet(names: ["x"], train: [Self.line(3), Self.line(5)], valid: [Self.line(9)], test: [], nmax: 4)
        #expect(filtered.train.count == 1 && filtered.valid.isEmpty && filtered.nmax == 4)
        let fixed = SketchDataSet(names: ["x"], train: [Self.line(3)], valid: [], test: [], scaleFactor: 2)
        #expect(fixed.scaleFactor == 2 && fixed.train[0].points[0].dx == 0.5)
    }

    @Test func emptyTrainingSplitIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("tiny.npz")
        try SketchFile(train: [Self.line(10)], valid: [], test: []).write(to: url)
        #expect(throws: DataSetError.self) { try SketchDataSet.load([url], nmax: 5) }
        #expect(try SketchDataSet.load([url]).train.count == 1)
    }
}

extension SketchDataSetTests {
    /// Nmax defaults to the longest sketch: one stray 1,000,000-point sketch must not set it.
    @Test func aHugeOutlierIsRefusedAsTheDefaultNmaxNamingTheFix() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("outlier.npz")
        let ordinary = (0..<20).map { Self.line(10 + $0) }
        try SketchFile(train: ordinary + [Self.line(1_000_000)], valid: [Self.line(12)], test: []).write(to: url)
        let set = try SketchDataSet.load([url])
        do {
            try set.checkAutomaticNmax()
            Issue.record("a 1,000,000-point Nmax was accepted")
        } catch let error as DataSetError {
            #expect(error.message.contains("1000000 points"))
            #expect(error.message.contains("--max-seq-len 29 to drop the 1 longer sketch"))
        }
        let limited = try SketchDataSet.load([url], nmax: 29)
        #expect(limited.nmax == 29 && limited.train.count == 20)
        try limited.checkAutomaticNmax()
    }
}
