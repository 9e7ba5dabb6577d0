import Foundation
import Testing
@testable import SketchRNN

struct StrokeDrawingListTests {
    @Test func aGeneratedSketchRoundTripsInDataPixels() throws {
        let sketch = Sketch(points: [StrokePoint(dx: 1, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: 2, penLifted: true),
                                     StrokePoint(dx: -1, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: -1, penLifted: true)])
        let drawings = [StrokeDrawing(generated: sketch.denormalized(by: 10), model: "sheep"),
                        StrokeDrawing(generated: Sketch(), model: "sheep")]
        #expect(drawings[0].units == .data && drawings[0].penLifted && drawings[0].model == "sheep")
        #expect(drawings[0].polylines == sketch.denormalized(by: 10).polylines)
        #expect(drawings[0].strokes.first?.last == [10, 20])
        let data = try StrokeDrawingList.encoded(drawings)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("[{") && text.contains("\"format\":\"sketch-strokes\""))
        #expect(try StrokeDrawingList.decode(data, file: "x.json") == drawings)
        // Each drawing is a stroke JSON document on its own: `sketch complete` reads it as a prefix.
        let one = try JSONSerialization.data(withJSONObject: try #require((try JSONSerialization.jsonObject(with: data) as? [Any])?.first))
        #expect(try PrefixDrawing.decode(one, file: "one.json").polylines == drawings[0].polylines)
    }

    @Test func badInputNamesTheFileAndTheDrawing() {
        let bad = Data(#"[{"format": "sketch-strokes", "version": 1, "units": "data", "pen_lifted": true, "strokes": [[[1]]]}]"#.utf8)
        #expect {
            try StrokeDrawingList.decode(bad, file: "x.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("x.json: not a list of stroke JSON drawings") && text.contains("stroke 0")
        }
    }
}
