import SketchRNN

/// The latent grid (`g`): each cell shows as soon as it is decoded, and once a page is complete
/// the next one (`n`, new corners) is computed ahead (`GridBrowser`), so that `n` answers at once.
extension AppController {
    /// The latent grid for the drawing: `newCorners` takes new corners, `newSeed` a fresh seed
    /// (otherwise the grid is decoded again as it was, at the temperature and size now).
    func openGrid(newCorners: Bool, newSeed: Bool? = nil) {
        guard let engine else { return }
        guard engine.summary.isVAE else {
            state.message = Self.needsVAEMessage(model: engine.summary.name)
            return
        }
        let shape = Layout.latentGridShape(for: size, density: state.gridDensity)
        if newCorners, state.mode == .grid,
           let ahead = gridBrowser.aheadPage(temperature: state.temperature.value, columns: shape.columns, rows: shape.rows) {
            showGridPage(ahead)
            return
        }
        let request = gridBrowser.page(newGridPage(), newCorners: newCorners, newSeed: newSeed)
        showGridPage(GridBrowser.Page(request: request, job: submitGrid(request)))
    }

    /// A page with new corners and a new seed, for the drawing, temperature and terminal now.
    func newGridPage() -> LatentGridRequest {
        let shape = Layout.latentGridShape(for: size, density: state.gridDensity)
        return gridBrowser.newPage(drawing: state.drawing.sketch, columns: shape.columns, rows: shape.rows,
                                   units: engine?.summary.units,
                                   temperature: state.temperature.value, seed: seeds())
    }

    func submitGrid(_ request: LatentGridRequest) -> Int {
        guard let engine else { return 0 }
        let mailbox = self.mailbox
        return submitJob { id, isCancelled in
            try engine.latentGrid(request, isCancelled: isCancelled) { mailbox.post(.grid(job: id, $0)) }
        }
    }

    /// Puts `page` on screen (its cells so far; the rest arrive as its job goes on).
    func showGridPage(_ page: GridBrowser.Page) {
        gridBrowser.show(page)
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
        guard gridBrowser.computesAhead, state.mode == .grid, engine?.summary.isVAE == true else { return }
        let request = newGridPage()
        let job = submitGrid(request)
        gridBrowser.ahead = GridBrowser.Page(request: request, job: job)
        state.busy = false  // working ahead is not something to wait for
    }

    /// Folds in a grid job's cells: the page on screen, or the one computed ahead.
    func receiveGrid(job: Int, cells: [Sketch?]) {
        guard !gridBrowser.receive(job: job, cells: cells) else { return }
        if state.grid?.job == job, cells.count == state.grid?.cells.count {
            state.grid?.cells = cells
        }
    }

    /// A job ended: a complete page on screen starts the next one ahead.
    func gridJobDone(_ job: Int) {
        guard !gridBrowser.jobDone(job) else { return }
        if state.mode == .grid, state.grid?.job == job, state.grid?.cells.allSatisfy({ $0 != nil }) == true {
            computeNextPageAhead()
        }
    }
}
