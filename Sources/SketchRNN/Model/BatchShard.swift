/// The rows `firstRow ..< firstRow + batch.batchSize` of a global batch of `globalRows` sketches that
/// one rank computes (docs/distributed.md). Losses are means over the global batch, so each rank's
/// part is scaled by `1 / globalRows`, and the parts add up over the ranks to one process's figure.
package struct BatchShard {
    package var firstRow: Int
    package var globalRows: Int
    /// Sums the loss terms over the ranks between the forward and the backward pass: the KL floor's
    /// decision needs the global KL before the backward pass starts.
    package var communicator: Communicator

    package init(firstRow: Int, globalRows: Int, communicator: Communicator) {
        self.firstRow = firstRow
        self.globalRows = globalRows
        self.communicator = communicator
    }
}
