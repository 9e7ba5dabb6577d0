import Foundation
import SketchRNN

/// Saves what `s` saves: the drawing as an SVG picture and as stroke JSON (`StrokeDrawing`, the
/// format `sketch complete` reads), side by side under one timestamped name in `folder`.
package struct DrawingSaver: Sendable {
    package var folder: URL
    package var now: @Sendable () -> Date

    package init(folder: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.folder = folder
        self.now = now
    }

    /// Writes the files (each atomically) and returns their paths: the drawing's SVG and stroke
    /// JSON, then the sheet of what was shown beside it, if any.
    package func save(_ drawing: DrawingToSave) throws -> [String] {
        let base = uniqueBase()
        let svgURL = folder.appendingPathComponent(base + ".svg")
        let jsonURL = folder.appendingPathComponent(base + ".json")
        let sheetURL = folder.appendingPathComponent(base + "-\(drawing.sheetName).svg")
        // Screen units, with the model's data pixels per unit as the pixel factor, so that
        // `sketch complete` scales the drawing as the app fed it to the model.
        let strokes = StrokeDrawing(polylines: drawing.strokes, units: .screen, pixelFactor: drawing.dataPixelsPerUnit,
                                    penLifted: true, model: drawing.modelName)
        try AtomicFile.write(try strokes.encoded(), to: jsonURL)
        let caption = drawing.modelName.map { "drawn with \($0), temperature " + Temperature.format(drawing.temperature) }
        try SVGSheet(sketch: Sketch(polylines: drawing.strokes), color: SheetExport.userColor, cellSize: 384, caption: caption)
            .write(to: svgURL)
        guard !drawing.sheet.isEmpty else { return [svgURL.path, jsonURL.path] }
        let title = caption.map { "\(drawing.sheetName) of the drawing, \($0)" } ?? drawing.sheetName
        try SVGSheet(cells: drawing.sheet, cellSize: 256, title: title).write(to: sheetURL)
        return [svgURL.path, jsonURL.path, sheetURL.path]
    }

    /// `sketch-20261125-114233`, with `-2`, `-3`... when that name is taken.
    func uniqueBase() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "sketch-" + formatter.string(from: now())
        var base = stem, n = 2
        while [".svg", ".json", "-endings.svg", "-grid.svg", "-variations.svg"].contains(where: {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(base + $0).path)
        }) {
            base = "\(stem)-\(n)"
            n += 1
        }
        return base
    }
}

/// What `s` saves: the user's drawing (drawing units) and the model it was drawn with.
package struct DrawingToSave: Sendable {
    package var strokes: [[SIMD2<Float>]]
    package var modelName: String?
    /// The model's data pixels per drawing unit.
    package var dataPixelsPerUnit: Float
    package var temperature: Float
    /// What the screen showed beside the drawing (its endings, the latent grid, the variations),
    /// saved as one SVG sheet named `<base>-<sheetName>.svg`.
    package var sheet: [SVGCell]
    package var sheetName: String

    package init(strokes: [[SIMD2<Float>]], modelName: String?, dataPixelsPerUnit: Float = 1, temperature: Float,
                sheet: [SVGCell] = [], sheetName: String = "endings") {
        self.strokes = strokes
        self.modelName = modelName
        self.dataPixelsPerUnit = dataPixelsPerUnit
        self.temperature = temperature
        self.sheet = sheet
        self.sheetName = sheetName
    }
}
