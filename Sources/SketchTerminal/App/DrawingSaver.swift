import Foundation
import SketchRNN

/// Saves what `s` saves: the drawing as an SVG picture and as stroke JSON (`StrokeDrawing`, the
/// format `sketch complete` reads), side by side under one timestamped name in `folder`.
public struct DrawingSaver: Sendable {
    public var folder: URL
    public var now: @Sendable () -> Date

    public init(folder: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.folder = folder
        self.now = now
    }

    /// Writes both files (atomically) and returns their paths.
    public func save(_ drawing: DrawingToSave) throws -> [String] {
        let base = uniqueBase()
        let svgURL = folder.appendingPathComponent(base + ".svg")
        let jsonURL = folder.appendingPathComponent(base + ".json")
        // Screen units, with the model's data pixels per unit as the pixel factor, so that
        // `sketch complete` scales the drawing as the app fed it to the model.
        let strokes = StrokeDrawing(polylines: drawing.strokes, units: .screen, pixelFactor: drawing.dataPixelsPerUnit,
                                    penLifted: true, model: drawing.modelName)
        try AtomicFile.write(try strokes.encoded(), to: jsonURL)
        let caption = drawing.modelName.map { "drawn with \($0), temperature " + Temperature.format(drawing.temperature) }
        try SVGSheet(sketch: Sketch(polylines: drawing.strokes), color: "#1f4e9c", cellSize: 384, caption: caption)
            .write(to: svgURL)
        return [svgURL.path, jsonURL.path]
    }

    /// `sketch-20261125-114233`, with `-2`, `-3`... when that name is taken.
    func uniqueBase() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "sketch-" + formatter.string(from: now())
        var base = stem, n = 2
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(base + ".svg").path)
                || FileManager.default.fileExists(atPath: folder.appendingPathComponent(base + ".json").path) {
            base = "\(stem)-\(n)"
            n += 1
        }
        return base
    }
}

/// What `s` saves: the user's drawing (drawing units) and the model it was drawn with.
public struct DrawingToSave: Sendable {
    public var strokes: [[SIMD2<Float>]]
    public var modelName: String?
    /// The model's data pixels per drawing unit.
    public var dataPixelsPerUnit: Float
    public var temperature: Float

    public init(strokes: [[SIMD2<Float>]], modelName: String?, dataPixelsPerUnit: Float = 1, temperature: Float) {
        self.strokes = strokes
        self.modelName = modelName
        self.dataPixelsPerUnit = dataPixelsPerUnit
        self.temperature = temperature
    }
}
