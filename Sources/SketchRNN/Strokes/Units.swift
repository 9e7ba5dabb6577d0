/// The one conversion between a model's own units and a caller's (docs/model.md §1, §5).
///
/// A model reads and draws offsets in its own normalised units: data pixels of its training set
/// divided by the set's scale factor. A caller draws in units of its own: data pixels (1 data pixel
/// a unit), sketch-rnn-js's screen pixels (2 a unit), or an app's canvas fitted to the size the
/// model draws at. Offsets going in are clipped to ±`Sketch.offsetLimit` data pixels, as training
/// clips them.
public struct Units: Sendable, Equatable {
    /// Data pixels per model unit: the training set's scale factor.
    public let dataPixelsPerModelUnit: Float
    /// Data pixels per caller unit.
    public let dataPixelsPerCallerUnit: Float

    /// Units for a model of scale factor `dataPixelsPerModelUnit` read and drawn by a caller whose
    /// units hold `dataPixelsPerCallerUnit` data pixels.
    public init(dataPixelsPerModelUnit: Float, dataPixelsPerCallerUnit: Float = 1) {
        self.dataPixelsPerModelUnit = dataPixelsPerModelUnit
        self.dataPixelsPerCallerUnit = dataPixelsPerCallerUnit
    }

    /// Caller units per model unit: a model's offset times this is the caller's.
    public var callerPerModel: Float { dataPixelsPerModelUnit / dataPixelsPerCallerUnit }

    /// Model units per caller unit.
    public var modelPerCaller: Float { 1 / callerPerModel }

    /// The largest offset a model reads, in caller units.
    var callerOffsetLimit: Float { Sketch.offsetLimit / dataPixelsPerCallerUnit }

    /// A caller's drawing in model units (offsets clipped).
    public func toModel(_ sketch: Sketch) -> Sketch {
        Sketch(points: sketch.points.map(toModel))
    }

    /// A caller's point in model units (offset clipped).
    public func toModel(_ p: StrokePoint) -> StrokePoint {
        let limit = callerOffsetLimit, f = callerPerModel
        return StrokePoint(dx: min(max(p.dx, -limit), limit) / f, dy: min(max(p.dy, -limit), limit) / f, penLifted: p.penLifted)
    }

    /// A model's drawing in the caller's units.
    public func toCaller(_ sketch: Sketch) -> Sketch { sketch.scaled(x: callerPerModel, y: callerPerModel) }

    /// A model's point in the caller's units.
    public func toCaller(_ p: StrokePoint) -> StrokePoint {
        StrokePoint(dx: p.dx * callerPerModel, dy: p.dy * callerPerModel, penLifted: p.penLifted)
    }

    /// This caller's units per unit of another caller's drawing made at `dataPixelsPerUnit` (a
    /// saved drawing, a data set's sketch at 1): what its offsets are multiplied by to be this
    /// caller's, the same size in data pixels.
    public func callerUnits(perUnitAt dataPixelsPerUnit: Float) -> Float { dataPixelsPerUnit / dataPixelsPerCallerUnit }

    /// A length in caller units as data pixels.
    public func dataPixels(_ callerLength: Float) -> Float { callerLength * dataPixelsPerCallerUnit }
}
