import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

@Suite struct SketchDataSetTests {
    static func line(_ n: Int, step: Float = 1) -> Sketch {
        Sketch(points: (0..<n).map { StrokePoint(dx: step, dy: -step, penLifted: $0 == n - 1) })
    }

    /// On aaron_sheep (or its stand-in, `FixtureData`): the scale factor is the standard deviation
    /// of every clipped train offset, computed here in double precision and, for the real file,
    /// by numpy (18.519827).
    @Test func sheepScaleFactorMatchesNumpyAndNmaxIsTheLongestOfAllSplits() throws {
        let url = FixtureData.url("aaron_sheep.npz")
        let file = try SketchFile.read(contentsOf: url)
        let set = try SketchDataSet.load([url])
        #expect(set.names == ["aaron_sheep"])
        #expect(set.train.count == file.train.count && set.valid.count == file.valid.count && set.test.count == file.test.count)
        let offsets = file.train.flatMap { $0.points.flatMap { [Double(max(-1000, min(1000, $0.dx))), Double(max(-1000, min(1000, $0.dy)))] } }
        let mean = offsets.reduce(0, +) / Double(offsets.count)
        let std = (offsets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(offsets.count)).squareRoot()
        #expect(abs(Double(set.scaleFactor) - std) < 1e-4 * std)
        let longest = (file.train + file.valid + file.test).map(\.count).max()
        #expect(set.nmax == longest)
        if FixtureData.isReal("aaron_sheep.npz") {
            #expect(set.train.count == 7400 && set.valid.count == 300 && set.test.count == 300)
            #expect(abs(set.scaleFactor - 18.519827) < 1e-4 && set.nmax == 250)
        }
        #expect(abs(Sketch.scaleFactor(of: set.train) - 1) < 1e-4)
        let limited = try SketchDataSet.load([url], nmax: 100)
        #expect(limited.nmax == 100 && limited.train.allSatisfy { $0.count <= 100 } && limited.train.count < file.train.count)
        let summary = set.summary(.train)
        #expect(summary.count == file.train.count && summary.maxLength == file.train.map(\.count).max() && summary.minLength > 0)
    }

    @Test func severalFilesConcatenateClasses() throws {
        let sheep = FixtureData.url("aaron_sheep.npz"), kanji = FixtureData.url("kanji.rdp100.npz")
        let files = try [sheep, kanji].map { try SketchFile.read(contentsOf: $0) }
        let set = try SketchDataSet.load([sheep, kanji])
        #expect(set.names == ["aaron_sheep", "kanji.rdp100"])
        #expect(set.train.count == files[0].train.count + files[1].train.count)
        #expect(set.valid.count == files[0].valid.count + files[1].valid.count)
        #expect(set.test.count == files[0].test.count + files[1].test.count)
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
            #expect(error.message.contains("an Nmax of 29 would drop the 1 longer sketch"))
        }
        let limited = try SketchDataSet.load([url], nmax: 29)
        #expect(limited.nmax == 29 && limited.train.count == 20)
        try limited.checkAutomaticNmax()
    }
}
