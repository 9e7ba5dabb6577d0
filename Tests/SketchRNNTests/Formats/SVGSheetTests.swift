import Foundation
import Testing
@testable import SketchRNN

@Suite struct SVGSheetTests {
    @Test func eachStrokeIsOnePolylineAndCaptionsAreEscaped() {
        let sheet = SVGSheet(cells: [
            SVGCell(sketch: PolylineTests.square, caption: "cat & <dog>"),
            SVGCell(sketch: PolylineTests.square, color: "#1f77b4"),
            SVGCell(sketch: Sketch()),
        ], columns: 2, title: "samples")
        let svg = sheet.render()
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(svg.contains("cat &amp; &lt;dog&gt;"))
        #expect(svg.contains("stroke=\"#1f77b4\""))
        #expect(svg.contains(">samples</text>"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func aLongTitleIsSqueezedIntoANarrowSheet() {
        let long = "sheep · τ 0.5, softmax τ 0.75, pen untempered-end · seed 1"
        let narrow = SVGSheet(cells: [SVGCell(sketch: PolylineTests.square)], columns: 1, title: long).render()
        let width = SVGSheet(cells: [SVGCell(sketch: PolylineTests.square)], columns: 1).render()
            .components(separatedBy: "width=\"")[1].prefix { $0 != "\"" }
        #expect(narrow.contains("textLength=\"\(Float(width)! - 8)\"") || narrow.contains("textLength=\"\(Int(Float(width)! - 8))\""), "\(narrow)")
        let wide = SVGSheet(cells: Array(repeating: SVGCell(sketch: PolylineTests.square), count: 6), columns: 6, title: "samples").render()
        #expect(!wide.contains("textLength"))
    }

    @Test func continuationSplitsAStrokeIntoTwoColoursThatJoin() {
        let parts = SVGSheet.colouredPolylines(PolylineTests.square, continuationStart: 2)
        #expect(parts.count == 3)
        #expect(parts[0].0 == [SIMD2(10, 10), SIMD2(15, 10)] && parts[0].1 == false)
        #expect(parts[1].0 == [SIMD2(15, 10), SIMD2(15, 15)] && parts[1].1 == true)
        #expect(parts[2].1 == true)
        let cell = SVGCell(sketch: PolylineTests.square, color: "black", continuationStart: 2, continuationColor: "red")
        let svg = SVGSheet(cells: [cell]).render()
        #expect(svg.components(separatedBy: "stroke=\"red\"").count - 1 == 2)
    }

    @Test func writesAtomicallyAndLeavesNoTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("one.svg")
        try SVGSheet(sketch: PolylineTests.square).write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("<polyline"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["one.svg"])
    }
}
