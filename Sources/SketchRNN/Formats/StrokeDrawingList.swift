import Foundation

/// Several drawings as one file: a JSON array of stroke JSON drawings (`StrokeDrawing`, docs/formats.md),
/// as `sketch sample --output x.json` writes them.
package enum StrokeDrawingList {
    package static func encoded(_ drawings: [StrokeDrawing]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(drawings)
    }

    /// Reads a list written by `encoded`; the error names `file` and the problem.
    package static func decode(_ data: Data, file: String) throws -> [StrokeDrawing] {
        do {
            return try JSONDecoder().decode([StrokeDrawing].self, from: data)
        } catch {
            throw FormatError(file: file, problem: "not a list of stroke JSON drawings (\(ModelFile.describe(error)))")
        }
    }
}

extension StrokeDrawing {
    /// A generated drawing (stroke-3 in data pixels) as stroke JSON.
    package init(generated sketch: Sketch, model: String?) {
        self.init(polylines: sketch.polylines, units: .data, penLifted: true, model: model)
    }
}
