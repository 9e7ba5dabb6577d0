import ArgumentParser
import SketchRNN

/// `--threads`: how many cores a compute-bound command uses: the model core's workers, over which
/// it splits its products (OpenBLAS itself runs one thread) and its elementwise loops. Two runs side by side on a 2-core machine each take 1: with the
/// loops still split over both cores, every time step waits at a hand-off for a core that the other
/// run holds.
struct ThreadsOption: ParsableArguments {
    @Option(help: "Cores to use for products and elementwise work (default: all; 1 for each of two runs side by side).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func apply() {
        guard let threads else { return }
        Parallel.workers = threads
    }
}
