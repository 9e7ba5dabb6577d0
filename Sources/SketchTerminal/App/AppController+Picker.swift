/// The model picker (`p`): every model given and shipped, with names and types; Enter or a click
/// loads the selected one.
extension AppController {
    /// One line per model: its number, name and type (the full type once it is loaded).
    package var pickerLines: [String] {
        let nameWidth = state.modelNames.map(\.count).max() ?? 0
        return state.modelNames.indices.map { i in
            let name = state.modelNames[i]
            let padded = name + String(repeating: " ", count: nameWidth - name.count)
            let kind = engines[i]?.summary.kind ?? (i < state.modelKinds.count ? state.modelKinds[i] : nil) ?? "type not known until loaded"
            let number = (i + 1 < 10 ? " " : "") + "\(i + 1)"
            return "\(number) \(padded)  \(kind)" + (i == state.modelIndex ? "  (in use)" : "")
        }
    }

    package var pickerBox: ListBox {
        ListBox(size: size, count: state.modelNames.count, width: pickerLines.map(\.count).max() ?? 0,
                selection: state.pickerSelection)
    }

    func openPicker() {
        guard !models.isEmpty else { return }
        state.pickerSelection = state.modelIndex
        state.mode = .picker
    }

    func movePickerSelection(by delta: Int) {
        state.pickerSelection = min(models.count - 1, max(0, state.pickerSelection + delta))
    }

    func takePickerSelection() {
        state.mode = .drawing
        if state.pickerSelection != state.modelIndex { loadModel(state.pickerSelection, announce: true) }
    }

    func clickPicker(x: Int, y: Int) {
        guard let index = pickerBox.item(x: x, y: y) else {
            state.mode = .drawing  // a click outside the list closes it
            return
        }
        state.pickerSelection = index
        takePickerSelection()
    }
}
