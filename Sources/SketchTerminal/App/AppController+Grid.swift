import SketchRNN

/// The latent grid (`g`): each cell shows as soon as it is decoded, and once a page is complete
/// the next one (`n`, new corners) is computed ahead, so that `n` answers at once.
extension AppController {
    /// A grid page asked of the worker: its corners, seed, temperature and shape.
    struct GridPage {
        var request: LatentGridRequest
        var job: Int
        var cells: [Sketch?]
        var done = false
    }

    /// The latent grid for the drawing: `newCorners` takes new corners, `newSeed` a fresh seed
    /// (otherwise the grid is decoded again as it was, at the temperature and size now).
    func openGrid(newCorners: Bool, newSeed: Bool? = nil) {
        guard let engine else { return }
        guard engine.summary.isVAE else {
            state.message = Self.needsVAEMessage(model: engine.summary.name)
            return
        }
        if newCorners, state.mode == .grid, let ahead = gridAhead, ahead.request.temperature == state.temperature.value,
           gridShapeMatches(ahead.request) {
            showGridPage(ahead)
            return
        }
        var request = gridRequest(newCorners: newCorners)
        if !newCorners, let kept = gridCorners { request.corners = kept }
        if !(newSeed ?? newCorners), let seed = gridSeed { request.seed = seed }
        let job = submitGrid(request)
        showGridPage(GridPage(request: request, job: job, cells: Array(repeating: nil, count: request.columns * request.rows)))
    }

    /// A request for a page with new corners: the drawing (encoded) at the top left, or a
    /// random corner when the canvas is empty; three more from the prior or `--data`.
    func gridRequest(newCorners: Bool) -> LatentGridRequest {
        let shape = Layout.latentGridShape(for: size, density: state.gridDensity)
        let drawingSketch = state.drawing.sketch
        var corners: [LatentCorner] = [drawingSketch.isEmpty ? .random : .sketch(drawingSketch)]
        for _ in 0..<3 {
            if let data = cornerSketches.randomElement(), let engine {
                let f = 1 / engine.summary.dataPixelsPerUnit
                corners.append(.sketch(data.scaled(x: f, y: f)))
            } else {
                corners.append(.random)
            }
        }
        return LatentGridRequest(corners: corners, columns: shape.columns, rows: shape.rows,
                                 temperature: state.temperature.value, seed: seeds())
    }

    func gridShapeMatches(_ request: LatentGridRequest) -> Bool {
        let shape = Layout.latentGridShape(for: size, density: state.gridDensity)
        return shape.columns == request.columns && shape.rows == request.rows
    }

    func submitGrid(_ request: LatentGridRequest) -> Int {
        guard let engine else { return 0 }
        let mailbox = self.mailbox
        return submitJob { id, isCancelled in
            try engine.latentGrid(request, isCancelled: isCancelled) { mailbox.post(.grid(job: id, $0)) }
        }
    }

    /// Puts `page` on screen (its cells so far; the rest arrive as its job goes on).
    func showGridPage(_ page: GridPage) {
        gridAhead = nil
        gridCorners = page.request.corners
        gridSeed = page.request.seed
        let selection = state.grid?.selection ?? 0
        var view = SketchGridView(job: page.job, columns: page.request.columns, rows: page.request.rows)
        if page.cells.count == view.cells.count { view.cells = page.cells }
        view.selection = min(selection, view.cells.count - 1)
        state.grid = view
        state.mode = .grid
        state.busy = !page.done
        if page.done { computeNextPageAhead() }
    }

    /// Once the page on screen is complete, the worker draws the next page (new corners) while the
    /// person looks at this one.
    func computeNextPageAhead() {
        guard computesGridAhead, state.mode == .grid, engine?.summary.isVAE == true else { return }
        let request = gridRequest(newCorners: true)
        let job = submitGrid(request)
        gridAhead = GridPage(request: request, job: job, cells: Array(repeating: nil, count: request.columns * request.rows))
        state.busy = false  // working ahead is not something to wait for
    }

    /// Folds in a grid job's cells: the page on screen, or the one computed ahead.
    func receiveGrid(job: Int, cells: [Sketch?]) {
        if gridAhead?.job == job, cells.count == gridAhead?.cells.count {
            gridAhead?.cells = cells
        } else if state.grid?.job == job, cells.count == state.grid?.cells.count {
            state.grid?.cells = cells
        }
    }

    /// A job ended: a complete page on screen starts the next one ahead.
    func gridJobDone(_ job: Int) {
        if gridAhead?.job == job {
            gridAhead?.done = true
        } else if state.mode == .grid, state.grid?.job == job, state.grid?.cells.allSatisfy({ $0 != nil }) == true {
            computeNextPageAhead()
        }
    }
}
