/// A decoder's recurrent cell run over a time-major batch, forward and backward, reading its
/// weights from and writing its gradients to typed views of the flat buffers (`DecoderTensors`). The same object serves training (many steps, saved
/// activations) and inference (one step at a time, see `DecoderStepper`).
///
/// The decoder's input at step t is `[S_{t-1}; z]`: the stroke part `x [steps * rows, 5]` changes
/// every step, the latent part `z [rows, nz]` (VAE only) does not, so its projection is computed once
/// per sequence and added like a per-row bias.
protocol DecoderCell: AnyObject {
    var units: Int { get }
    /// Floats per row of the whole state, in the layout of the initial-state layer's output.
    var stateSize: Int { get }
    /// Gradient reaching each output `h_1 ... h_T`, `[T, rows, H]`, filled by the caller before
    /// `backward`.
    var dOutputs: FloatBuffer { get }

    /// Runs `steps` steps. `initialState [rows, stateSize]` or nil for zeros. With
    /// `reuseLatentProjection` the projection of `z` from the previous call is kept (same z rows).
    func forward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?, reuseLatentProjection: Bool,
        initialState: UnsafePointer<Float>?, weights: DecoderWeights, dropoutKeep: Float?,
        dropout: DropoutKey?
    )
    /// Prepares for forward calls that all pass these weights (inference): weights that never
    /// change are packed once rather than at every call.
    func freezeWeights(_ weights: DecoderWeights)
    /// `h_1 ... h_T` of the last forward call as one `[T * rows, H]` block.
    func outputs(rows: Int) -> UnsafePointer<Float>
    /// Writes the state after `step` steps of the last forward call into `[rows, stateSize]`.
    func state(afterStep step: Int, rows: Int, into: UnsafeMutablePointer<Float>)
    /// Backpropagates `dOutputs`; accumulates the weights' gradients into `gradients`,
    /// adds the gradient of z into `dz [rows, nz]` and writes that of the initial state into
    /// `dInitialState [rows, stateSize]` when given.
    func backward(
        steps: Int, rows: Int, x: UnsafePointer<Float>, z: UnsafePointer<Float>?,
        weights: DecoderWeights, gradients: DecoderGradients,
        dz: UnsafeMutablePointer<Float>?, dInitialState: UnsafeMutablePointer<Float>?
    )
}

/// Builds the decoder cell a configuration names, sized for `maxRows` streams and `maxSteps` steps.
/// `precision` sets the LSTM cells' recurrent products (the HyperLSTM's stay fp32).
func makeDecoderCell(config: ModelConfig, maxRows: Int, maxSteps: Int, dropout: Bool,
                     precision: ProductPrecision = .fp32) -> DecoderCell {
    switch config.cell {
    case .lstm, .layerNorm:
        return LSTMDecoderCell(config: config, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout, precision: precision)
    case .hyper:
        return HyperLSTMDecoderCell(config: config, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout)
    }
}

/// What `makeDecoderCell` allocates for `config`, in bytes (`LSTMActivations.Sizes` tells why `N`).
func decoderCellBytes<N: Numeric>(config: ModelConfig, maxRows: N, maxSteps: N, dropout: Bool) -> N {
    switch config.cell {
    case .lstm, .layerNorm: return LSTMDecoderCell.Sizes(config: config, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout).bytes
    case .hyper: return HyperLSTMDecoderCell.Sizes(config: config, maxRows: maxRows, maxSteps: maxSteps, dropout: dropout).bytes
    }
}
