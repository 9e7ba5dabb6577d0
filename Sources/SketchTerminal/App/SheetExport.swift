import Foundation
import SketchRNN

/// What `s` saves: the drawing, and a sheet of what the screen shows beside it (each ending, the
/// latent grid or the variations), through `saver`; the files' colours come from here only.
struct SheetExport {
    /// The person's strokes in saved pictures (the blue of the screen's own strokes).
    static let userColor = "#1f4e9c"
    /// The model's strokes in saved pictures (the red of the screen's endings).
    static let modelColor = "#d62728"

    let saver: (DrawingToSave) throws -> [String]

    /// Saves the drawing and the sheet of what `state` shows; returns what the status bar says.
    func save(_ state: AppState) -> String? {
        guard !state.drawing.allStrokes.isEmpty else { return "nothing to save: draw something first" }
        let shown = SheetExport.sheet(of: state)
        let toSave = DrawingToSave(strokes: state.drawing.allStrokes, modelName: state.model?.name,
                                   dataPixelsPerUnit: state.model?.dataPixelsPerUnit ?? 1,
                                   temperature: state.temperature.value, sheet: shown.cells, sheetName: shown.name)
        do {
            let paths = try saver(toSave)
            guard let first = paths.first else { return nil }
            // The folder once, in full, then the names: the renderer wraps a long message.
            let folder = URL(fileURLWithPath: first).deletingLastPathComponent().path
            return "saved in \(folder)/: " + paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        } catch {
            return "\(error)"
        }
    }

    /// What the screen shows beside the drawing (under the help, if it is open), as SVG cells:
    /// each ending (the person's strokes, then the model's), or the latent grid's or the
    /// variations' sketches; and the sheet's name.
    static func sheet(of state: AppState) -> (cells: [SVGCell], name: String) {
        switch state.mode {
        case .grid, .variations:
            let isGrid = state.mode == .grid
            guard let view = isGrid ? state.grid : state.variations else { return ([], "") }
            let cells = view.cells.enumerated().compactMap { i, sketch in
                sketch.map { SVGCell(sketch: $0, color: modelColor, caption: i < view.captions.count ? view.captions[i] : "\(i + 1)") }
            }
            return (cells, isGrid ? "grid" : "variations")
        case .drawing, .picker:
            guard let view = state.endings else { return ([], "endings") }
            let prefixPoints = view.prefix.reduce(0) { $0 + $1.count }
            let cells = view.endings.indices.map { i in
                SVGCell(sketch: Sketch(polylines: view.combined(i)), color: userColor, continuationStart: prefixPoints,
                        continuationColor: modelColor, caption: "ending \(i + 1)")
            }
            return (cells, "endings")
        }
    }
}
