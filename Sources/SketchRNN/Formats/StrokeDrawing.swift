import Foundation

/// A drawing as the terminal app saves it ("stroke JSON", docs/formats.md): absolute polylines in
/// the units they were drawn in, whether the pen is still down on the last stroke, and optionally
/// the model it was drawn with. `sketch complete` reads it as a prefix.
///
/// ```json
/// {"format": "sketch-strokes", "version": 1, "units": "screen", "pixel_factor": 2,
///  "pen_lifted": true, "model": "sheep", "strokes": [[[10, 12], [40, 15]], [[41, 30], [42, 60]]]}
/// ```
package struct StrokeDrawing: Codable, Equatable, Sendable {
    package static let formatName = "sketch-strokes"
    package static let currentVersion = 1

    /// What one coordinate unit is.
    package enum Units: String, Codable, Sendable {
        /// Pixels of the data the model was trained on (QuickDraw's 256-px frame, npz offsets).
        case data
        /// Screen units; `pixelFactor` data pixels make one screen unit.
        case screen
    }

    package var format: String
    package var version: Int
    package var units: Units
    /// Data pixels per screen unit (screen units only). sketch-rnn-js draws at half the data's
    /// scale, so its screen pixels have a factor of 2 (docs/model.md §5 `pixel_factor`).
    package var pixelFactor: Float?
    /// True once the user has lifted the pen after the last stroke: the last point is then fed to
    /// the model as a pen-up point.
    package var penLifted: Bool
    /// Name or path of the model the drawing was made with, if any.
    package var model: String?
    /// Absolute polylines, one per stroke, each point `[x, y]` (y grows downwards).
    package var strokes: [[[Float]]]

    enum CodingKeys: String, CodingKey {
        case format, version, units, model, strokes
        case pixelFactor = "pixel_factor"
        case penLifted = "pen_lifted"
    }

    package init(polylines: [Polyline], units: Units, pixelFactor: Float? = nil, penLifted: Bool, model: String? = nil) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.units = units
        self.pixelFactor = units == .screen ? (pixelFactor ?? 2) : nil
        self.penLifted = penLifted
        self.model = model
        self.strokes = polylines.map { line in line.map { [$0.x, $0.y] } }
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription: "format is \"\(format)\", expected \"\(Self.formatName)\"")
        }
        version = try c.decode(Int.self, forKey: .version)
        guard version <= Self.currentVersion else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c, debugDescription: "version \(version) is newer than this program reads (\(Self.currentVersion))")
        }
        units = try c.decode(Units.self, forKey: .units)
        pixelFactor = try c.decodeIfPresent(Float.self, forKey: .pixelFactor)
        if let f = pixelFactor, !(f > 0 && f.isFinite) {
            throw DecodingError.dataCorruptedError(forKey: .pixelFactor, in: c, debugDescription: "pixel_factor must be positive")
        }
        penLifted = try c.decode(Bool.self, forKey: .penLifted)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        strokes = try c.decode([[[Float]]].self, forKey: .strokes)
        for (i, stroke) in strokes.enumerated() {
            for point in stroke where point.count != 2 || !point.allSatisfy(\.isFinite) {
                throw DecodingError.dataCorruptedError(forKey: .strokes, in: c, debugDescription: "stroke \(i) has a point that is not two finite numbers: \(point)")
            }
        }
    }

    /// The strokes as polylines, in the drawing's own units.
    package var polylines: [Polyline] {
        strokes.map { line in line.map { SIMD2($0[0], $0[1]) } }
    }

    /// Data pixels per unit of this drawing (1 for data units).
    package var dataPixelsPerUnit: Float { units == .screen ? (pixelFactor ?? 2) : 1 }

    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
