/// What the bottom row says, fitted to the terminal's width: the temperature and the answer to the
/// last action first (a narrow terminal still shows them), then what is going on, then a hint,
/// each left out when it does not fit; the model on the right where there is room. A message too
/// long for the row is wrapped onto rows just above it, which the layout keeps free
/// (`Layout.messageRows`), so it never covers the panels.
package struct StatusLine: Equatable, Sendable {
    package var left: String
    package var right: String?
    /// The message, wrapped, when it does not fit in the row.
    package var overflow: [String]

    package static let separator = " │ "

    /// `shownEndings`: the panels the layout has room for (when fewer than asked for).
    package init(state: AppState, columns: Int, shownEndings: Int? = nil) {
        let temperature = " " + state.temperature.description
        var required = [temperature]
        overflow = StatusLine.overflow(state, columns: columns)
        if let message = state.message, overflow.isEmpty { required.append(message) }
        let activity = state.loadingModel ? "loading model…" : state.busy ? "drawing…" : nil
        // Optional parts, most useful first; each is one of a few wordings, longest first.
        var optional: [[String]] = []
        switch state.mode {
        case .grid:
            if let activity { optional.append([activity]) }
            optional.append(["latent grid: arrows, Enter/click takes, r redraw, n new corners, +/- size, Esc back",
                             "latent grid: Enter takes, r redraw, n corners, Esc back", "latent grid: Enter takes, Esc back",
                             "grid: Enter takes, Esc back"])
        case .variations:
            if let activity { optional.append([activity]) }
            optional.append(["variations: Enter/click takes, r redraw, +/- more/fewer, Esc back",
                             "variations: Enter takes, Esc back"])
        default:
            if let activity { optional.append([activity]) }
            if state.drawing.isPenDown { optional.append(["pen down"]) }
            let shown = shownEndings ?? state.endingCount
            optional.append(shown < state.endingCount ? ["endings \(shown) of \(state.endingCount)", "endings \(shown)/\(state.endingCount)"]
                                                        : ["endings \(shown)"])
            if state.paced { optional.append(["paced"]) }
            optional.append(["? help"])
        }
        var parts = required
        for wordings in optional {
            let used = parts.joined(separator: StatusLine.separator).count
            if let fits = wordings.first(where: { used + StatusLine.separator.count + $0.count <= columns }) {
                parts.append(fits)
            }
        }
        left = parts.joined(separator: StatusLine.separator)
        right = nil
        // The model, its class and its type on the right, where they fit (the title bar has them too).
        if let model = state.model {
            var full = model.name
            if let c = model.className, c != model.name { full += " (\(c))" }
            let choices = [full + " · \(model.kind) ", model.name + " · \(model.kind) ", model.name + " "]
            right = choices.first { left.count + 3 + $0.count <= columns }
        }
    }

    /// The message wrapped onto the rows above the status bar, or nothing when it fits in the bar.
    static func overflow(_ state: AppState, columns: Int) -> [String] {
        guard let message = state.message else { return [] }
        let inline = 1 + state.temperature.description.count + separator.count + message.count
        return inline <= columns ? [] : wrap(message, width: max(1, columns - 2))
    }

    /// `text` in lines of at most `width` characters, broken at spaces where it can be and
    /// anywhere else (a long path) where it cannot.
    package static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            if !line.isEmpty, line.count + 1 + word.count <= width {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            line = word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension AppState {
    /// Where everything goes at `size` as the state is now (the rows a long message takes
    /// included).
    package func layout(for size: TerminalSize) -> Layout? {
        // On a terminal too small to keep rows for the message it goes over the panels instead.
        Layout(size: size, panels: endingCount, messageRows: StatusLine.overflow(self, columns: size.columns).count)
            ?? Layout(size: size, panels: endingCount)
    }
}
