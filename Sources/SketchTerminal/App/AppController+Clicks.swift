/// Clicks outside the canvas: on an ending panel, a latent grid cell or a variation, each takes
/// what it shows; and the size of the grid and of the variations.
extension AppController {
    func click(x: Int, y: Int) {
        guard let layout else { return }
        switch state.mode {
        case .drawing:
            if let i = layout.panelBoxes.firstIndex(where: { $0.contains(x: x, y: y) }) { perform(.takeEnding(i)) }
        case .grid:
            guard let grid = state.grid else { return }
            let boxes = Layout.latentGridBoxes(for: size, columns: grid.columns, rows: grid.rows)
            if let i = boxes.firstIndex(where: { $0.contains(x: x, y: y) }), i < grid.cells.count {
                state.grid?.selection = i
                perform(.takeSelection)
            }
        case .variations:
            guard let view = state.variations else { return }
            if let i = Layout.grid(count: view.cells.count, in: layout.gridArea).firstIndex(where: { $0.contains(x: x, y: y) }) {
                state.variations?.selection = i
                perform(.takeSelection)
            }
        case .picker:
            clickPicker(x: x, y: y)
        }
    }

    /// `+` / `-` in the latent grid (cells a side) and in the variations (how many).
    func changeCellCount(by delta: Int) {
        switch state.mode {
        case .grid:
            let before = Layout.latentGridShape(for: size, density: state.gridDensity)
            let after = Layout.latentGridShape(for: size, density: state.gridDensity + delta)
            guard before != after else {
                state.message = delta > 0 ? "the grid is at its largest here" : "the grid is at its smallest"
                return
            }
            state.gridDensity += delta
            openGrid(newCorners: false)
        case .variations:
            let count = state.variationCount + delta
            guard AppState.variationCounts.contains(count) else {
                state.message = "variations: \(AppState.variationCounts.lowerBound) to \(AppState.variationCounts.upperBound)"
                return
            }
            state.variationCount = count
            openVariations()
        default:
            break
        }
    }
}
