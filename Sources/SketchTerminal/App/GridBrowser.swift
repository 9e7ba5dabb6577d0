import SketchRNN

/// The latent grid's pages (`g`): the corners and seed of the page on screen, kept so that a new
/// temperature or size decodes the same grid again, and the next page (new corners) computed
/// ahead once the one on screen is complete, so that `n` answers at once.
struct GridBrowser {
    /// A page asked of the worker: its corners, seed, temperature and shape, and its cells so far.
    struct Page {
        var request: LatentGridRequest
        var job: Int
        var cells: [Sketch?]
        var done = false

        init(request: LatentGridRequest, job: Int) {
            self.request = request
            self.job = job
            cells = Array(repeating: nil, count: request.columns * request.rows)
        }
    }

    /// Sketches (stroke-3, data pixels) the grid may take its other corners from (`--data`);
    /// empty: corners drawn from the model.
    var cornerSketches: [Sketch] = []
    /// Whether complete pages start the next one ahead (tests of single requests turn it off).
    var computesAhead = true
    /// The next page, being computed (or computed) ahead.
    var ahead: Page?
    private var corners: [LatentCorner]?
    private var seed: UInt64?

    /// A page with new corners: the drawing (`drawing`, encoded) at the top left, or a random
    /// corner when the canvas is empty; three more from `--data` (data pixels, brought to the
    /// model's drawing `units`) or from the prior.
    func newPage(drawing: Sketch, columns: Int, rows: Int, units: Units?, temperature: Float,
                 seed: UInt64) -> LatentGridRequest {
        var corners: [LatentCorner] = [drawing.isEmpty ? .random : .sketch(drawing)]
        for _ in 0..<3 {
            if let data = cornerSketches.randomElement(), let units {
                let f = units.callerUnits(perUnitAt: 1)
                corners.append(.sketch(data.scaled(x: f, y: f)))
            } else {
                corners.append(.random)
            }
        }
        return LatentGridRequest(corners: corners, columns: columns, rows: rows, temperature: temperature, seed: seed)
    }

    /// `fresh` (a page with new corners and seed) made into the page to show: the page on screen
    /// again, unless new corners or a new seed are asked for (a fresh seed comes with new corners
    /// unless `newSeed` says otherwise).
    func page(_ fresh: LatentGridRequest, newCorners: Bool, newSeed: Bool?) -> LatentGridRequest {
        var request = fresh
        if !newCorners, let corners { request.corners = corners }
        if !(newSeed ?? newCorners), let seed { request.seed = seed }
        return request
    }

    /// The page computed ahead, when it was drawn as a page asked for now would be.
    func aheadPage(temperature: Float, columns: Int, rows: Int) -> Page? {
        guard let ahead, ahead.request.temperature == temperature,
              ahead.request.columns == columns, ahead.request.rows == rows else { return nil }
        return ahead
    }

    /// `page` goes on screen: its corners and seed are the ones kept; the page ahead is dropped.
    mutating func show(_ page: Page) {
        ahead = nil
        corners = page.request.corners
        seed = page.request.seed
    }

    /// Folds in a job's cells if they are the page ahead's; false when they are not.
    mutating func receive(job: Int, cells: [Sketch?]) -> Bool {
        guard ahead?.job == job, cells.count == ahead?.cells.count else { return false }
        ahead?.cells = cells
        return true
    }

    /// A job ended: true when it was the page ahead's (which is then complete).
    mutating func jobDone(_ job: Int) -> Bool {
        guard ahead?.job == job else { return false }
        ahead?.done = true
        return true
    }
}
