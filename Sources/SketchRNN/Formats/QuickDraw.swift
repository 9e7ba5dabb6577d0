import Foundation

/// One Quick, Draw! drawing: absolute strokes, as in the data set's ndjson and `.bin` files.
package struct QuickDrawDrawing: Sendable {
    package var word: String?
    package var keyID: String?
    package var countryCode: String?
    package var recognized: Bool?
    /// Absolute points per stroke: 0–255 integers in simplified files, screen pixels in raw ones.
    package var strokes: [Polyline]
    /// True for the raw format (float screen coordinates with times), which needs preprocessing.
    package var isRaw: Bool

    package init(word: String? = nil, keyID: String? = nil, countryCode: String? = nil, recognized: Bool? = nil,
                strokes: [Polyline], isRaw: Bool) {
        self.word = word
        self.keyID = keyID
        self.countryCode = countryCode
        self.recognized = recognized
        self.strokes = strokes
        self.isRaw = isRaw
    }

    /// The drawing's strokes in the 0–255 frame of the simplified data set. Raw drawings get the
    /// data set's preprocessing; simplified ones (already RDP'd at 2.0) are simplified again with
    /// `epsilon` (0 leaves them alone).
    package func polylines(epsilon: Float = 2) -> [Polyline] {
        isRaw ? QuickDraw.preprocessRaw(strokes, epsilon: epsilon) : strokes.map { simplifyRDP($0, epsilon: epsilon) }
    }

    /// The drawing as stroke-3 the way sketch-rnn's QuickDraw `.npz` files store it: relative to
    /// its own first point, which is not stored (`Sketch(polylines:omitFirstPoint:)`).
    package func sketch(epsilon: Float = 2) -> Sketch {
        Sketch(polylines: polylines(epsilon: epsilon), omitFirstPoint: true)
    }
}

/// Readers for the Quick, Draw! data set's ndjson (simplified and raw) and binary formats.
package enum QuickDraw {
    /// Coordinates beyond this are not screen pixels but a damaged record.
    package static let absurdCoordinate: Double = 1_000_000

    private struct Record: Decodable {
        var word: String?
        var countrycode: String?
        var key_id: String?
        var recognized: Bool?
        var drawing: [[[Double]]]
    }

    /// Reads every drawing of an ndjson file (one JSON object per line; blank lines are skipped).
    package static func readNDJSON(contentsOf url: URL, limits: DrawingLimits = .standard) throws -> [QuickDrawDrawing] {
        let data = try InputFile.read(url) { FormatError(file: url.path, problem: $0) }
        return try decodeNDJSON(data, file: url.path, limits: limits)
    }

    package static func decodeNDJSON(_ data: Data, file: String, limits: DrawingLimits = .standard) throws -> [QuickDrawDrawing] {
        guard !data.isEmpty else { throw FormatError(file: file, problem: "the file is empty") }
        let decoder = JSONDecoder()
        var drawings: [QuickDrawDrawing] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard line.count <= limits.maxLineBytes else {
                throw FormatError(file: file, record: "line \(lineNumber)", problem:
                    "the line is \(line.count) bytes, above the limit of \(limits.maxLineBytes >> 20) MB for one drawing (data convert --huge-drawings lifts it)")
            }
            let record: Record
            do { record = try decoder.decode(Record.self, from: Data(line)) } catch {
                throw FormatError(file: file, record: "line \(lineNumber)", problem: "not a Quick, Draw! record (\(describe(error)))")
            }
            let drawing = try drawing(from: record, file: file, record: "line \(lineNumber)")
            try limits.check(drawing, file: file, record: "line \(lineNumber)")
            drawings.append(drawing)
        }
        guard !drawings.isEmpty else { throw FormatError(file: file, problem: "the file holds no drawings") }
        return drawings
    }

    private static func drawing(from record: Record, file: String, record name: String) throws -> QuickDrawDrawing {
        var strokes: [Polyline] = []
        var isRaw = false
        for (s, stroke) in record.drawing.enumerated() {
            guard stroke.count == 2 || stroke.count == 3 else {
                throw FormatError(file: file, record: "\(name), stroke \(s)", problem: "has \(stroke.count) arrays, not [x, y] or [x, y, t]")
            }
            isRaw = isRaw || stroke.count == 3
            let xs = stroke[0], ys = stroke[1]
            guard xs.count == ys.count, stroke.count == 2 || stroke[2].count == xs.count else {
                throw FormatError(file: file, record: "\(name), stroke \(s)", problem: "its x, y (and t) arrays differ in length")
            }
            var line: Polyline = []
            line.reserveCapacity(xs.count)
            for i in 0..<xs.count {
                let x = xs[i], y = ys[i]
                guard x.isFinite, y.isFinite, abs(x) <= absurdCoordinate, abs(y) <= absurdCoordinate else {
                    throw FormatError(file: file, record: "\(name), stroke \(s), point \(i)", problem: "has an absurd coordinate (\(x), \(y))")
                }
                line.append(SIMD2(Float(x), Float(y)))
            }
            if !line.isEmpty { strokes.append(line) }
        }
        guard !strokes.isEmpty else { throw FormatError(file: file, record: name, problem: "the drawing has no points") }
        return QuickDrawDrawing(word: record.word, keyID: record.key_id, countryCode: record.countrycode,
                                recognized: record.recognized, strokes: strokes, isRaw: isRaw)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\" key"
        case DecodingError.typeMismatch(_, let context): return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.valueNotFound(_, let context): return "null at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }

    /// The Quick, Draw! preprocessing of raw drawings: align to the top-left, scale uniformly so
    /// the larger side spans 0–255, resample every stroke at 1-unit spacing, simplify with RDP,
    /// and round to whole units as the simplified data set stores them.
    package static func preprocessRaw(_ strokes: [Polyline], epsilon: Float = 2) -> [Polyline] {
        guard let box = BoundingBox(around: strokes.joined()) else { return [] }
        let extent = max(box.width, box.height)
        let scale: Float = extent > 0 ? 255 / extent : 1
        let origin = SIMD2(box.minX, box.minY)
        return strokes.map { stroke in
            let placed = stroke.map { ($0 - origin) * scale }
            let simplified = simplifyRDP(resample(placed, spacing: 1), epsilon: epsilon)
            var rounded: Polyline = []
            for p in simplified {
                let q = SIMD2(p.x.rounded(), p.y.rounded())
                if rounded.last != q { rounded.append(q) }
            }
            return rounded
        }
    }

    /// Points every `spacing` units of arc length along the line, plus its last point.
    package static func resample(_ line: Polyline, spacing: Float) -> Polyline {
        guard let first = line.first, line.count > 1 else { return line }
        var out: Polyline = [first]
        var carried: Float = 0  // distance walked since the last emitted point
        for i in 1..<line.count {
            let a = line[i - 1], b = line[i]
            let d = b - a
            let length = (d.x * d.x + d.y * d.y).squareRoot()
            guard length > 0 else { continue }
            var along = spacing - carried
            while along <= length {
                out.append(a + d * (along / length))
                along += spacing
            }
            carried = length - (along - spacing)
        }
        if let last = line.last, out.last != last { out.append(last) }
        return out
    }
}
