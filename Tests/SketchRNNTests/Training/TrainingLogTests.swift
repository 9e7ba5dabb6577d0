import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

@Suite struct TrainingLogTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func recordsRoundTripThroughJSONLines() throws {
        let v = Losses(total: 0.5, reconstruction: 0.25, offset: 0.125, pen: 0.125, kl: 0.5, sketches: 300)
        let r = TrainingLogRecord(step: 20, training: Losses(total: 1.5, reconstruction: 1.25, kl: 0.75), learningRate: 0.001, klWeight: 0.01,
                                  sketchesPerSecond: 80, validation: v)
        let line = r.jsonLine
        #expect(line.hasPrefix("{\"step\": 20, \"loss\": 1.5, \"L_R\": 1.25, \"L_KL\": 0.75, \"lr\": 0.001, \"kl_weight\": 0.01"))
        let back = try #require(TrainingLogRecord(jsonLine: line))
        #expect(back.step == 20 && back.training.total == 1.5 && back.validation?.reconstruction == 0.25)
    }

    @Test func resumingDropsLinesPastTheResumedStep() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("log.jsonl")
        do {
            let log = try TrainingLog(url: url, keepThrough: nil)
            for step in stride(from: 10, through: 50, by: 10) {
                try log.append(TrainingLogRecord(step: step, training: Losses(total: 1, reconstruction: 1, kl: 0), learningRate: 1e-3, klWeight: 0.01))
            }
        }
        let resumed = try TrainingLog(url: url, keepThrough: 30)
        #expect(resumed.records.map(\.step) == [10, 20, 30])
        try resumed.append(TrainingLogRecord(step: 40, training: Losses(total: 2, reconstruction: 2, kl: 0), learningRate: 1e-3, klWeight: 0.01))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(TrainingLogRecord(jsonLine: String(lines[3]))?.training.total == 2)
    }

    @Test func aFinalValidationJoinsTheLastLineOfItsStep() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("log.jsonl")
        let log = try TrainingLog(url: url, keepThrough: nil)
        let line = TrainingLogRecord(step: 10, training: Losses(total: 1, reconstruction: 1, kl: 0), learningRate: 1e-3, klWeight: 0.01)
        try log.append(line)
        var withValidation = line
        withValidation.validation = Losses(total: 0.5, reconstruction: 0.5, offset: 0.25, pen: 0.25, kl: 0, sketches: 3)
        try log.appendOrReplaceLast(withValidation)
        try log.appendOrReplaceLast(TrainingLogRecord(step: 12, training: Losses(total: 2, reconstruction: 2, kl: 0), learningRate: 1e-3, klWeight: 0.01))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(TrainingLogRecord(jsonLine: lines[0])?.validation?.total == 0.5)
        #expect(TrainingLogRecord(jsonLine: lines[1])?.step == 12)
    }

    @Test func lossCurveDrawsTrainingAndValidationSeries() {
        let records = (1...20).map { i in
            TrainingLogRecord(step: i * 10, training: Losses(total: 2 / Float(i), reconstruction: 1, kl: 0), learningRate: 1e-3, klWeight: 0.01,
                              validation: i % 5 == 0 ? Losses(total: 2.5 / Float(i), reconstruction: 0, offset: 0, pen: 0, kl: 0, sketches: 1) : nil)
        }
        let svg = LossCurveSVG(records: records, title: "sheep").render()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.components(separatedBy: "<circle").count == 5)
        // The step axis's last label (step 200) ends at the plot's right edge, inside the image.
        #expect(svg.contains("text-anchor=\"end\">200</text>"))
    }

    /// A power cut can leave half a line: resuming skips it, and the next line starts clean.
    @Test func aTornLastLineIsSkippedOnResume() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("log.jsonl")
        let whole = TrainingLogRecord(step: 10, training: Losses(total: 1, reconstruction: 1, kl: 0), learningRate: 1e-3, klWeight: 0.01)
        try (whole.jsonLine + "\n" + "{\"step\": 20, \"loss\": 0.").write(to: url, atomically: false, encoding: .utf8)
        let resumed = try TrainingLog(url: url, keepThrough: 20)
        #expect(resumed.records.map(\.step) == [10])
        try resumed.append(TrainingLogRecord(step: 20, training: Losses(total: 2, reconstruction: 2, kl: 0), learningRate: 1e-3, klWeight: 0.01))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.compactMap { TrainingLogRecord(jsonLine: $0)?.step } == [10, 20] && lines.count == 2)
    }
}
