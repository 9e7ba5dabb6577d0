/// How one step of an LSTM is shared by the cores: a core takes a range of units, computes their
/// columns in the four gate blocks (i, j, f, o) of the step's products and then their elementwise
/// work, with no hand-off in between and while those columns are in its cache.
///
/// The units come in a few pieces per core, handed out as cores become free (`Parallel.forEachPiece`):
/// on a shared host one core often runs slower than the other for a while, and with one fixed half
/// each the faster one waited at every step. Pieces start at multiples of the packed panel width, so
/// that a core's products are whole panels. Each element is computed the same way whatever the split
/// and whichever core takes it, so results do not depend on the number of cores.
struct StepSplit {
    let units: Int
    /// Pieces of each step (1: everything on the calling thread).
    let pieces: Int

    /// `packed`: whether the step's products run on packed weights (the only ones split here).
    init(units: Int, rows: Int, packed: Bool) {
        self.units = units
        let panel = PackedMatrix.panelWidth
        let worthSplitting = packed && units % panel == 0 && rows * units * 4 * units >= PackedMatrix.parallelThreshold
        pieces = worthSplitting && Parallel.workers > 1 ? min(8 * Parallel.workers, units / panel) : 1
    }

    /// The units of piece `piece`.
    func units(_ piece: Int) -> Range<Int> {
        guard pieces > 1 else { return 0..<units }
        let panel = PackedMatrix.panelWidth, panels = units / panel
        return (panels * piece / pieces * panel)..<(panels * (piece + 1) / pieces * panel)
    }

    /// Calls `body` with the gate columns of `units`: one range per gate block, or all `4H` columns
    /// at once when one core does everything (then the gate blocks need not start on panel edges).
    @inline(__always)
    func forEachGateColumns(_ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        guard pieces > 1 else { return body(0..<(4 * units)) }
        for gate in 0..<4 { body((gate * units + range.lowerBound)..<(gate * units + range.upperBound)) }
    }

    /// Runs `body` for every piece's units, in parallel: one hand-off.
    @inline(__always)
    func run(_ body: (Range<Int>) -> Void) {
        Parallel.forEachPiece(pieces) { body(units($0)) }
    }
}
