extension SketchModel {
    /// The size the model draws at, in the caller's units: the median longer side of its
    /// drawings' bounding boxes, as its file records it (measured on its training data when
    /// shipped) or, for a file that does not say (a sketch-rnn-js model), measured from 16 of its
    /// own samples. Fit a person's drawing to it before ``complete(_:penLifted:count:temperature:seed:cancellation:progress:)``:
    /// a sheep body drawn at a third of this size is read as a head, at about two thirds of it
    /// as a body.
    /// - Throws: ``GenerationError`` when the model cannot be sampled to measure it.
    public func drawingSize() throws -> Float {
        try run { try ModelDrawingSize.of(file).modelUnits * units.callerPerModel }
    }
}
