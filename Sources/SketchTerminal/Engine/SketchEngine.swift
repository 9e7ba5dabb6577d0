import SketchRNN

/// What the status bar says about the model in use.
public struct ModelSummary: Equatable, Sendable {
    /// Short name (a file name without extensions, or a checkpoint's short name).
    public var name: String
    /// The class of drawings it was trained on, when known.
    public var className: String?
    /// Its type, e.g. "decoder-only LSTM 512" or "VAE LSTM 256 z64".
    public var kind: String
    public var isVAE: Bool
    /// Pixels of the model's training data per drawing unit (what saved stroke JSON records as
    /// its `pixel_factor`).
    public var dataPixelsPerUnit: Float

    public init(name: String, className: String?, kind: String, isVAE: Bool, dataPixelsPerUnit: Float = 1) {
        self.name = name
        self.className = className
        self.kind = kind
        self.isVAE = isVAE
        self.dataPixelsPerUnit = dataPixelsPerUnit
    }
}

/// Drawing units: the canvas's shorter side is `DrawingUnits.canvasSide` of them, whatever the
/// terminal's size. Each engine says what they are in its model's terms.
public enum DrawingUnits {
    public static let canvasSide: Float = 256
}

/// A request for endings of the drawing so far, in drawing units.
public struct EndingsRequest: Sendable {
    /// The user's strokes as absolute polylines, y down.
    public var strokes: [[SIMD2<Float>]]
    /// True while the last stroke is still being drawn (the pen has not lifted after its last point).
    public var penDown: Bool
    public var count: Int
    public var temperature: Float
    public var seed: UInt64

    public init(strokes: [[SIMD2<Float>]], penDown: Bool, count: Int, temperature: Float, seed: UInt64) {
        self.strokes = strokes
        self.penDown = penDown
        self.count = count
        self.temperature = temperature
        self.seed = seed
    }
}

/// The endings generated so far: each a list of stroke-3 points in drawing units that continues
/// from the last point of the request's strokes (or from the origin when there are none).
public struct EndingsProgress: Sendable {
    public var endings: [[StrokePoint]]
    public var finished: [Bool]

    public init(endings: [[StrokePoint]], finished: [Bool]) {
        self.endings = endings
        self.finished = finished
    }
}

/// Where a corner of the latent grid comes from.
public enum LatentCorner: Sendable {
    /// A drawing (stroke-3, drawing units), encoded.
    case sketch(Sketch)
    /// A latent vector drawn from the prior.
    case random
}

public struct LatentGridRequest: Sendable {
    /// Top-left, top-right, bottom-left, bottom-right.
    public var corners: [LatentCorner]
    public var columns: Int
    public var rows: Int
    public var temperature: Float
    public var seed: UInt64

    public init(corners: [LatentCorner], columns: Int, rows: Int, temperature: Float, seed: UInt64) {
        self.corners = corners
        self.columns = columns
        self.rows = rows
        self.temperature = temperature
        self.seed = seed
    }
}

public struct VariationsRequest: Sendable {
    /// The drawing (stroke-3, drawing units) to encode.
    public var sketch: Sketch
    /// One decoded variation per temperature.
    public var temperatures: [Float]
    public var seed: UInt64

    public init(sketch: Sketch, temperatures: [Float], seed: UInt64) {
        self.sketch = sketch
        self.temperatures = temperatures
        self.seed = seed
    }
}

/// A model the app can draw with. Calls block and run off the UI thread; each reports its work as
/// it goes through `progress` and returns early once `isCancelled()` is true.
public protocol SketchEngine: AnyObject, Sendable {
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
