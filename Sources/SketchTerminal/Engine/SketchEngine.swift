import SketchRNN

/// What the status bar says about the model in use.
package struct ModelSummary: Equatable, Sendable {
    /// Short name (a file name without extensions, or a checkpoint's short name).
    package var name: String
    /// The class of drawings it was trained on, when known.
    package var className: String?
    /// Its type, e.g. "decoder-only LSTM 512" or "VAE LSTM 256 z64".
    package var kind: String
    package var isVAE: Bool
    /// The model's units and the drawing's: every conversion of the app goes through them.
    package var units: Units
    /// Pixels of the model's training data per drawing unit (what saved stroke JSON records as
    /// its `pixel_factor`).
    package var dataPixelsPerUnit: Float { units.dataPixelsPerCallerUnit }

    package init(name: String, className: String?, kind: String, isVAE: Bool, units: Units = Units(dataPixelsPerModelUnit: 1)) {
        self.name = name
        self.className = className
        self.kind = kind
        self.isVAE = isVAE
        self.units = units
    }
}

/// Drawing units: the canvas's shorter side is `DrawingUnits.canvasSide` of them, whatever the
/// terminal's size. Each engine says what they are in its model's terms.
package enum DrawingUnits {
    package static let canvasSide: Float = 256
}

/// A request for endings of the drawing so far, in drawing units.
package struct EndingsRequest: Sendable {
    /// The user's strokes as absolute polylines, y down.
    package var strokes: [[SIMD2<Float>]]
    /// True while the last stroke is still being drawn (the pen has not lifted after its last point).
    package var penDown: Bool
    package var count: Int
    package var temperature: Float
    package var seed: UInt64

    package init(strokes: [[SIMD2<Float>]], penDown: Bool, count: Int, temperature: Float, seed: UInt64) {
        self.strokes = strokes
        self.penDown = penDown
        self.count = count
        self.temperature = temperature
        self.seed = seed
    }
}

/// The endings generated so far: each a list of stroke-3 points in drawing units that continues
/// from the last point of the request's strokes (or from the origin when there are none).
package struct EndingsProgress: Sendable {
    package var endings: [[StrokePoint]]
    package var finished: [Bool]

    package init(endings: [[StrokePoint]], finished: [Bool]) {
        self.endings = endings
        self.finished = finished
    }
}

/// Where a corner of the latent grid comes from.
package enum LatentCorner: Sendable {
    /// A drawing (stroke-3, drawing units), encoded.
    case sketch(Sketch)
    /// A latent vector drawn from the prior.
    case random
}

package struct LatentGridRequest: Sendable {
    /// Top-left, top-right, bottom-left, bottom-right.
    package var corners: [LatentCorner]
    package var columns: Int
    package var rows: Int
    package var temperature: Float
    package var seed: UInt64

    package init(corners: [LatentCorner], columns: Int, rows: Int, temperature: Float, seed: UInt64) {
        self.corners = corners
        self.columns = columns
        self.rows = rows
        self.temperature = temperature
        self.seed = seed
    }
}

package struct VariationsRequest: Sendable {
    /// The drawing (stroke-3, drawing units) to encode.
    package var sketch: Sketch
    /// One decoded variation per temperature.
    package var temperatures: [Float]
    package var seed: UInt64

    package init(sketch: Sketch, temperatures: [Float], seed: UInt64) {
        self.sketch = sketch
        self.temperatures = temperatures
        self.seed = seed
    }
}

/// A model the app can draw with. Calls block and run off the UI thread; each reports its work as
/// it goes through `progress` and returns early once `isCancelled()` is true.
package protocol SketchEngine: AnyObject, Sendable {
    var summary: ModelSummary { get }

    func generateEndings(_ request: EndingsRequest, isCancelled: () -> Bool,
                         progress: (EndingsProgress) -> Void) throws

    /// Decodes a grid of sketches (row by row, `columns × rows` of them, drawing units, each
    /// starting at the origin) from latent vectors interpolated between the four corners.
    /// `progress` receives the cells decoded so far (nil for those not yet done).
    func latentGrid(_ request: LatentGridRequest, isCancelled: () -> Bool,
                    progress: ([Sketch?]) -> Void) throws

    /// The sketch encoded and decoded once per temperature; `progress` as for `latentGrid`.
    func variations(_ request: VariationsRequest, isCancelled: () -> Bool,
                    progress: ([Sketch?]) -> Void) throws
}
