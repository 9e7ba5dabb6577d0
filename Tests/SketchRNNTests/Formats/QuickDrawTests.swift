import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

@Suite struct QuickDrawTests {
    static let classes = ["cat", "crab", "face", "firetruck", "garden", "mosquito", "owl", "pig", "rabbit", "yoga"]

    /// Raw Quick, Draw! records of `name` from ../shared, or, without it, 12 made here: strokes
    /// sampled densely along arcs anywhere in a 1000-pixel frame, with their times, as the raw
    /// files record pen samples.
    static func rawSamples(_ name: String) throws -> URL {
        if let real = SharedFiles.url("data/quickdraw_raw/\(name).ndjson") { return real }
        var rng = SeededGenerator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF))
        var lines = [String]()
        for k in 0..<12 {
            let origin = SIMD2(100 + rng.nextUniform() * 300, 100 + rng.nextUniform() * 300)
            let size = 150 + rng.nextUniform() * 500
            var strokes = [String](), time = 0
            for _ in 0..<(2 + k % 3) {
                let start = rng.nextUniform() * 6.283, sweep = 1 + rng.nextUniform() * 3
                let centre = origin + SIMD2(rng.nextUniform(), rng.nextUniform()) * size, radius = 20 + rng.nextUniform() * size / 2
                let samples = 40 + Int(rng.nextUniform() * 40)
                var xs = [String](), ys = [String](), ts = [String]()
                for i in 0..<samples {
                    let angle = start + sweep * Float(i) / Float(samples - 1)
                    xs.append(String(format: "%.1f", centre.x + radius * cos(angle)))
                    ys.append(String(format: "%.1f", centre.y + radius * sin(angle)))
                    time += 12
                    ts.append(String(time))
                }
                strokes.append("[[\(xs.joined(separator: ","))],[\(ys.joined(separator: ","))],[\(ts.joined(separator: ","))]]")
            }
            lines.append(#"{"word":"\#(name)","countrycode":"US","timestamp":"2017-03-01 20:00:00.00000 UTC","recognized":true,"key_id":"\#(k)","drawing":[\#(strokes.joined(separator: ","))]}"#)
        }
        let url = FixtureData.folder.appendingPathComponent("\(name).ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func readsAndPreprocessesTheRawSamples() throws {
        var total = 0
        for name in Self.classes {
            let url = try Self.rawSamples(name)
            let drawings = try QuickDraw.readNDJSON(contentsOf: url)
            #expect(!drawings.isEmpty)
            for drawing in drawings {
                #expect(drawing.isRaw && drawing.word == name)
                let lines = drawing.polylines(epsilon: 2)
                // Aligned to the top-left and scaled so the larger side spans 0-255; resampling and
                // RDP may cut an extreme point, by no more than epsilon plus rounding.
                let box = try #require(BoundingBox(around: lines.joined()))
                #expect(box.minX <= 2.5 && box.minY <= 2.5 && box.minX >= 0 && box.minY >= 0, "\(box)")
                #expect(max(box.maxX, box.maxY) >= 252.5 && max(box.maxX, box.maxY) <= 255, "\(box)")
                let dense = try #require(BoundingBox(around: drawing.polylines(epsilon: 0).joined()))
                #expect(dense.minX <= 1 && dense.minY <= 1 && max(dense.maxX, dense.maxY) >= 254, "\(dense)")
                #expect(lines.joined().allSatisfy { $0 == $0.rounded(.toNearestOrEven) })
                #expect(lines.count == drawing.strokes.count)
                // RDP leaves far fewer points than the raw pen samples.
                #expect(lines.joined().count < drawing.strokes.joined().count)
                // Stored relative to the first point, as sketch-rnn's data: one row fewer.
                let sketch = drawing.sketch(epsilon: 2)
                let points = Array(lines.joined())
                #expect(sketch.count == points.count - 1 || lines[0].count == 1)
                if lines[0].count > 1 {
                    #expect(SIMD2(sketch.points[0].dx, sketch.points[0].dy) == points[1] - points[0])
                }
                total += 1
            }
        }
        #expect(total > 100)
    }

    @Test func rawPreprocessingSteps() {
        // A 510 x 100 px horizontal line of 3 raw samples: scale 0.5, resampled every unit, then
        // RDP leaves the ends; a second stroke keeps its place in the shared frame.
        let strokes: [Polyline] = [[SIMD2(100, 50), SIMD2(400, 50), SIMD2(610, 50)], [SIMD2(100, 150), SIMD2(100, 150)]]
        let processed = QuickDraw.preprocessRaw(strokes, epsilon: 2)
        #expect(processed == [[SIMD2(0, 0), SIMD2(255, 0)], [SIMD2(0, 50)]])
        #expect(QuickDraw.resample([SIMD2(0, 0), SIMD2(2.5, 0)], spacing: 1) == [SIMD2(0, 0), SIMD2(1, 0), SIMD2(2, 0), SIMD2(2.5, 0)])
        let bent = QuickDraw.resample([SIMD2(0, 0), SIMD2(0.5, 0), SIMD2(0.5, 1)], spacing: 1)
        #expect(bent == [SIMD2(0, 0), SIMD2(0.5, 0.5), SIMD2(0.5, 1)])
    }

    @Test func simplifiedNDJSON() throws {
        let text = """
        {"word":"line","countrycode":"GB","timestamp":"x","recognized":true,"key_id":"12","drawing":[[[0,10,20],[0,0,0]],[[5],[9]]]}

        {"word":"dot","drawing":[[[3],[4]]]}
        """
        let drawings = try QuickDraw.decodeNDJSON(Data(text.utf8), file: "two.ndjson")
        #expect(drawings.count == 2 && !drawings[0].isRaw && drawings[0].keyID == "12" && drawings[0].countryCode == "GB")
        #expect(drawings[0].polylines(epsilon: 2) == [[SIMD2(0, 0), SIMD2(20, 0)], [SIMD2(5, 9)]])
        #expect(drawings[0].sketch(epsilon: 2).points == [
            StrokePoint(dx: 20, dy: 0, penLifted: true), StrokePoint(dx: -15, dy: 9, penLifted: true),
        ])
        #expect(drawings[0].sketch(epsilon: 0).count == 3)
        // A drawing that starts with a dot: the dot goes too, so no pen lift is lost.
        #expect(drawings[1].sketch(epsilon: 2).points == [StrokePoint(dx: 3, dy: 4, penLifted: true)])
    }

    static func error(_ body: () throws -> Void) -> FormatError? {
        BadNPZTests.error(body)
    }

    @Test func malformedLinesNameTheLine() throws {
        let cases: [(String, String, String)] = [
            ("{\"drawing\":[[[0,1],[0,1]]]}\n{\"drawing\": [[[0,1],[0,1]]\n", "line 2", "not a Quick, Draw! record"),
            ("{\"word\":\"x\"}\n", "line 1", "no \"drawing\" key"),
            ("{\"drawing\":[[[0,1],[0]]]}", "line 1, stroke 0", "differ in length"),
            ("{\"drawing\":[[[0,1]]]}", "line 1, stroke 0", "not [x, y]"),
            ("{\"drawing\":[[[0,1e300],[0,1]]]}", "line 1, stroke 0, point 1", "absurd coordinate"),
            ("{\"drawing\":[]}", "line 1", "no points"),
            ("\n\n", "", "holds no drawings"),
            ("", "", "the file is empty"),
        ]
        for (text, record, problem) in cases {
            let error = try #require(Self.error { _ = try QuickDraw.decodeNDJSON(Data(text.utf8), file: "bad.ndjson") })
            #expect(error.file == "bad.ndjson")
            #expect((error.record ?? "") == record, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    /// Builds a `.bin` record to the documented layout.
    static func binaryRecord(key: UInt64, country: String, recognized: Bool, timestamp: UInt32, strokes: [[(UInt8, UInt8)]]) -> [UInt8] {
        var out: [UInt8] = []
        func le(_ value: UInt64, _ n: Int) { for i in 0..<n { out.append(UInt8((value >> (8 * UInt64(i))) & 0xFF)) } }
        le(key, 8)
        out += Array(country.utf8.prefix(2))
        out.append(recognized ? 1 : 0)
        le(UInt64(timestamp), 4)
        le(UInt64(strokes.count), 2)
        for stroke in strokes {
            le(UInt64(stroke.count), 2)
            out += stroke.map(\.0)
            out += stroke.map(\.1)
        }
        return out
    }

    @Test func binaryRecordsToTheDocumentedLayout() throws {
        let bytes = Self.binaryRecord(key: 5_201_136_883_597_312, country: "VE", recognized: true, timestamp: 1_488_497_110,
                                      strokes: [[(0, 0), (255, 0), (255, 255)], [(10, 20)]])
            + Self.binaryRecord(key: 7, country: "US", recognized: false, timestamp: 0, strokes: [[(1, 2), (3, 4)]])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("two.bin")
        try Data(bytes).write(to: url)
        let drawings = try QuickDraw.readBinary(contentsOf: url)
        #expect(drawings.count == 2)
        #expect(drawings[0].keyID == "5201136883597312" && drawings[0].countryCode == "VE" && drawings[0].recognized == true)
        #expect(drawings[0].strokes == [[SIMD2(0, 0), SIMD2(255, 0), SIMD2(255, 255)], [SIMD2(10, 20)]])
        #expect(drawings[1].strokes == [[SIMD2(1, 2), SIMD2(3, 4)]] && drawings[1].recognized == false)

        for cut in [bytes.count - 1, 30, 5] {
            let error = try #require(Self.error { _ = try QuickDraw.decodeBinary(Data(bytes.prefix(cut)), file: "cut.bin") })
            #expect(error.problem.contains("cut short"), "\(error)")
            #expect(error.record?.hasPrefix(cut > 28 ? "record 1" : "record 0") == true, "\(error)")
        }
        #expect(Self.error { _ = try QuickDraw.decodeBinary(Data(), file: "e.bin") }?.problem == "the file is empty")
    }
}
