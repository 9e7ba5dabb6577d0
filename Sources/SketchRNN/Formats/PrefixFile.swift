import Foundation

/// A partial drawing for `sketch complete`, read from any of three files (docs/formats.md):
/// - a JSON array of stroke-3 rows `[[dx, dy, p], ...]` in data pixels (`p = 1`: the pen lifts
///   after the point);
/// - one Quick, Draw! ndjson line (`{"drawing": [[[x...], [y...]], ...], ...}`; the first line of
///   a longer file), simplified or raw;
/// - the app's stroke JSON (`StrokeDrawing`).
package struct PrefixDrawing: Sendable {
    /// Absolute polylines, y down. A stroke-3 file's rows start from the origin `(0, 0)`, which
    /// begins the first polyline.
    package var polylines: [Polyline]
    /// Data pixels per unit of `polylines`.
    package var dataPixelsPerUnit: Float
    /// True when the pen lifted after the last point.
    package var penLifted: Bool

    package init(polylines: [Polyline], dataPixelsPerUnit: Float, penLifted: Bool) {
        self.polylines = polylines
        self.dataPixelsPerUnit = dataPixelsPerUnit
        self.penLifted = penLifted
    }

    /// The drawing as stroke-3 in data pixels relative to its first point, as the data sets store
    /// sketches (a stroke-3 file gives its own rows back).
    package var sketch: Sketch {
        let f = dataPixelsPerUnit
        var sketch = Sketch(polylines: polylines.map { line in line.map { $0 * f } }, omitFirstPoint: true)
        if !penLifted, !sketch.points.isEmpty { sketch.points[sketch.points.count - 1].penLifted = false }
        return sketch
    }

    package static func read(from url: URL) throws -> PrefixDrawing {
        let data = try InputFile.read(url) { FormatError(file: url.path, problem: $0) }
        return try decode(data, file: url.path)
    }

    /// The farthest a prefix's point may lie from the origin, in data pixels. QuickDraw draws in a
    /// 256-pixel frame and the data sets clip offsets to ±1000; a point beyond this is damage, and
    /// would put every point of the scaled drawing in one spot or overflow.
    package static let maxCoordinate: Float = 1e6

    /// The largest prefix file read: a partial drawing is a few KB, and each of its three formats is
    /// parsed whole before its points can be counted.
    package static let maxBytes = 16 << 20

    package static func decode(_ data: Data, file: String) throws -> PrefixDrawing {
        guard data.count <= maxBytes else {
            throw FormatError(file: file, problem: "is \(data.count) bytes, above the limit of \(maxBytes >> 20) MB for a partial drawing")
        }
        let drawing = try decodeUnchecked(data, file: file)
        let f = drawing.dataPixelsPerUnit
        for (i, line) in drawing.polylines.enumerated() {
            for p in line where !(abs(p.x * f) <= maxCoordinate && abs(p.y * f) <= maxCoordinate) {
                throw FormatError(file: file, record: "stroke \(i)", problem:
                    "the point (\(p.x * f), \(p.y * f)) lies beyond ±\(Int(maxCoordinate)) data pixels (sketches span a few hundred)")
            }
        }
        return drawing
    }

    private static func decodeUnchecked(_ data: Data, file: String) throws -> PrefixDrawing {
        func fail(_ problem: String) -> FormatError { FormatError(file: file, problem: problem) }
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw fail("the file is empty") }
        if first == UInt8(ascii: "[") {
            guard let rows = try? JSONDecoder().decode([[Float]].self, from: data) else {
                throw fail("not a JSON array of [dx, dy, p] rows")
            }
            var points = [StrokePoint]()
            for (i, row) in rows.enumerated() {
                guard row.count == 3, row.allSatisfy(\.isFinite), row[2] == 0 || row[2] == 1 else {
                    throw fail("row \(i) is not [dx, dy, p] with p 0 or 1: \(row)")
                }
                points.append(StrokePoint(dx: row[0], dy: row[1], penLifted: row[2] == 1))
            }
            // The pen starts at the origin, which is the drawing's first point (as in the data sets):
            // it begins the first polyline, so that leaving the first point out gives these rows back.
            var lines = Sketch(points: points).polylines
            if !lines.isEmpty { lines[0].insert(SIMD2(0, 0), at: 0) }
            return PrefixDrawing(polylines: lines, dataPixelsPerUnit: 1, penLifted: points.last?.penLifted ?? true)
        }
        guard first == UInt8(ascii: "{") else { throw fail("neither a JSON array of stroke-3 rows, a QuickDraw ndjson line nor stroke JSON") }
        let firstLine = data.split(separator: 0x0A, omittingEmptySubsequences: true).first ?? data
        let object = try? JSONSerialization.jsonObject(with: Data(firstLine)) as? [String: Any]
        if object?["drawing"] != nil {
            guard let drawing = try QuickDraw.decodeNDJSON(Data(firstLine), file: file).first else { throw fail("no drawing on the first line") }
            return PrefixDrawing(polylines: drawing.polylines(), dataPixelsPerUnit: 1, penLifted: true)
        }
        do {
            let d = try JSONDecoder().decode(StrokeDrawing.self, from: data)
            return PrefixDrawing(polylines: d.polylines, dataPixelsPerUnit: d.dataPixelsPerUnit, penLifted: d.penLifted)
        } catch {
            throw fail("not stroke JSON (\(ModelFile.describe(error)))")
        }
    }
}
