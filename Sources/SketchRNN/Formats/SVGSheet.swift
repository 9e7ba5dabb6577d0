import Foundation

/// One drawing on an SVG sheet, with how to draw it.
package struct SVGCell: Sendable {
    package var sketch: Sketch
    /// Any SVG colour (`#rrggbb`, a name).
    package var color: String
    /// When set, points from this stroke-3 index on (a model's continuation of a human prefix) are
    /// drawn in `continuationColor`.
    package var continuationStart: Int?
    package var continuationColor: String
    /// Text under the drawing (a class name, a temperature, a step).
    package var caption: String?

    package init(sketch: Sketch, color: String = "#000000", continuationStart: Int? = nil,
                continuationColor: String = "#d62728", caption: String? = nil) {
        self.sketch = sketch
        self.color = color
        self.continuationStart = continuationStart
        self.continuationColor = continuationColor
        self.caption = caption
    }
}

/// A grid of sketches as an SVG document: each stroke is one `<polyline>` (a stroke that crosses
/// into a continuation becomes two, one per colour). Each drawing is scaled uniformly to fit its cell.
package struct SVGSheet: Sendable {
    package var cells: [SVGCell]
    package var columns: Int
    /// Side of the square each drawing is fitted into, in SVG user units.
    package var cellSize: Float
    /// Space around each drawing inside its cell.
    package var padding: Float
    package var strokeWidth: Float
    package var title: String?

    package init(cells: [SVGCell], columns: Int? = nil, cellSize: Float = 128, padding: Float = 8,
                strokeWidth: Float = 1.5, title: String? = nil) {
        self.cells = cells
        self.columns = max(1, columns ?? Int(Double(max(cells.count, 1)).squareRoot().rounded(.up)))
        self.cellSize = cellSize
        self.padding = padding
        self.strokeWidth = strokeWidth
        self.title = title
    }

    /// A sheet holding one sketch.
    package init(sketch: Sketch, color: String = "#000000", cellSize: Float = 256, caption: String? = nil) {
        self.init(cells: [SVGCell(sketch: sketch, color: color, caption: caption)], columns: 1, cellSize: cellSize)
    }

    private var captionHeight: Float { cells.contains { $0.caption != nil } ? 16 : 0 }
    private var titleHeight: Float { title == nil ? 0 : 24 }

    package func render() -> String {
        let rows = (cells.count + columns - 1) / columns
        let cellHeight = cellSize + captionHeight
        let width = Float(columns) * cellSize
        let height = titleHeight + Float(max(rows, 1)) * cellHeight
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(SVGSheet.number(width))" height="\(SVGSheet.number(height))" \
        viewBox="0 0 \(SVGSheet.number(width)) \(SVGSheet.number(height))">
        <rect width="100%" height="100%" fill="#ffffff"/>

        """
        if let title {
            // A title wider than a narrow sheet (a few columns, a long temperature description) is
            // squeezed to fit rather than cut at the edges; 0.6 em a character is sans-serif's widest.
            let fit = Float(title.count) * 14 * 0.6 > width - 8
                ? " textLength=\"\(SVGSheet.number(width - 8))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
            out += "<text x=\"\(SVGSheet.number(width / 2))\" y=\"17\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\"\(fit)>\(SVGSheet.escape(title))</text>\n"
        }
        for (i, cell) in cells.enumerated() {
            let left = Float(i % columns) * cellSize
            let top = titleHeight + Float(i / columns) * cellHeight
            out += "<g>\n"
            let inner = cellSize - 2 * padding
            let fitted = cell.sketch.fitted(width: inner, height: inner, origin: SIMD2(left + padding, top + padding))
            for (line, isContinuation) in SVGSheet.colouredPolylines(fitted, continuationStart: cell.continuationStart) {
                let colour = isContinuation ? cell.continuationColor : cell.color
                var coordinates = line.map { "\(SVGSheet.number($0.x)),\(SVGSheet.number($0.y))" }
                if coordinates.count == 1 { coordinates.append(coordinates[0]) }  // a dot: round caps draw it
                out += "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" "
                    + "stroke=\"\(SVGSheet.escape(colour))\" stroke-width=\"\(SVGSheet.number(strokeWidth))\" "
                    + "stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n"
            }
            if let caption = cell.caption {
                out += "<text x=\"\(SVGSheet.number(left + cellSize / 2))\" y=\"\(SVGSheet.number(top + cellSize + 12))\" "
                    + "font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"middle\">\(SVGSheet.escape(caption))</text>\n"
            }
            out += "</g>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// Writes the sheet atomically.
    package func write(to url: URL) throws {
        try AtomicFile.write(render(), to: url)
    }

    /// Splits the sketch's strokes where the continuation starts; the continuation's first line
    /// starts from the last prefix point when the pen was down, so the join is drawn.
    static func colouredPolylines(_ sketch: Sketch, continuationStart: Int?) -> [(Polyline, Bool)] {
        let split = continuationStart ?? Int.max
        var result: [(Polyline, Bool)] = []
        var current: Polyline = []
        var currentIsContinuation = false
        var position = SIMD2<Float>(0, 0)
        for (i, point) in sketch.points.enumerated() {
            position += SIMD2(point.dx, point.dy)
            if i == split && !current.isEmpty {
                let last = current[current.count - 1]
                result.append((current, currentIsContinuation))
                current = [last]
            }
            currentIsContinuation = i >= split
            current.append(position)
            if point.penLifted {
                result.append((current, currentIsContinuation))
                current = []
            }
        }
        if !current.isEmpty { result.append((current, currentIsContinuation)) }
        return result
    }

    /// Escapes text for XML content and attribute values.
    package static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension SVGSheet {
    /// Short decimal form for SVG numbers (two decimals at most, no trailing zeros).
    package static func number(_ value: Float) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (Double(value) * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var s = String(format: "%.2f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
