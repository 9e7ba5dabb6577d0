/// What a key or mouse event asks the app to do.
package enum Action: Equatable, Sendable {
    case quit
    case toggleHelp
    case closeOverlay
    case moveCursor(dx: Int, dy: Int)   // in cursor steps
    case cursorStep(Int)                // +1 doubles the cursor's step, -1 halves it
    case togglePen
    case endStroke
    case undo
    case redo
    case clear
    case temperatureStep(Int)           // +1 or -1 (× 0.05)
    case cycleTemperature
    case endingCount(Int)               // +1 or -1
    case cellCount(Int)                 // +1 or -1: latent grid cells a side, or variations
    case redraw                         // new endings (or grid, variations) with a fresh seed
    case takeEnding(Int)                // 0-based
    case save
    case nextModel
    case previousModel
    case latentGrid
    case variations
    case modelPicker
    case togglePace
    case moveSelection(dx: Int, dy: Int)
    case takeSelection
    case newCorners
    case mouse(MouseEvent)
    case none
}

/// Which keys do what, in each mode. The help screen is built from `helpLines`, so it always
/// lists the keys this map handles.
package enum KeyMap {
    package enum Mode: Equatable, Sendable { case drawing, help, grid, variations, picker }

    package static func action(for event: InputEvent, mode: Mode) -> Action {
        switch event {
        case .mouse(let mouse):
            // Any click closes the help; elsewhere the controller finds what was clicked.
            if mode == .help { return mouse.kind == .press ? .closeOverlay : .none }
            return .mouse(mouse)
        case .key(let key):
            return action(for: key, mode: mode)
        case .report:
            return .none  // the terminal layer acts on these
        }
    }

    static func action(for key: Key, mode: Mode) -> Action {
        if key == .controlC || key == .character("q") { return .quit }
        switch mode {
        case .help:
            return .closeOverlay  // any key closes help
        case .picker:
            switch key {
            case .escape, .character("p"): return .closeOverlay
            case .up, .character("k"): return .moveSelection(dx: 0, dy: -1)
            case .down, .character("j"): return .moveSelection(dx: 0, dy: 1)
            case .left, .character("h"): return .moveSelection(dx: 0, dy: -10)
            case .right, .character("l"): return .moveSelection(dx: 0, dy: 10)
            case .enter, .character(" "): return .takeSelection
            default: return .none
            }
        case .grid, .variations:
            switch key {
            case .escape:
                return .closeOverlay
            case .character("g") where mode == .grid, .character("v") where mode == .variations:
                return .closeOverlay
            case .up, .character("k"): return .moveSelection(dx: 0, dy: -1)
            case .down, .character("j"): return .moveSelection(dx: 0, dy: 1)
            case .left, .character("h"): return .moveSelection(dx: -1, dy: 0)
            case .right, .character("l"): return .moveSelection(dx: 1, dy: 0)
            case .enter, .character(" "): return .takeSelection
            case .character("r"): return .redraw
            case .character("s"): return .save
            case .character("n") where mode == .grid: return .newCorners
            case .character("+"), .character("="): return .cellCount(1)
            case .character("-"), .character("_"): return .cellCount(-1)
            case .character("?"): return .toggleHelp
            default: return common(key)
            }
        case .drawing:
            switch key {
            case .up, .character("k"): return .moveCursor(dx: 0, dy: -1)
            case .down, .character("j"): return .moveCursor(dx: 0, dy: 1)
            case .left, .character("h"): return .moveCursor(dx: -1, dy: 0)
            case .right, .character("l"): return .moveCursor(dx: 1, dy: 0)
            case .character("K"): return .moveCursor(dx: 0, dy: -4)
            case .character("J"): return .moveCursor(dx: 0, dy: 4)
            case .character("H"): return .moveCursor(dx: -4, dy: 0)
            case .character("L"): return .moveCursor(dx: 4, dy: 0)
            case .character("y"), .home: return .moveCursor(dx: -1, dy: -1)
            case .character("o"), .pageUp: return .moveCursor(dx: 1, dy: -1)
            case .character("b"), .end: return .moveCursor(dx: -1, dy: 1)
            case .character("n"), .pageDown: return .moveCursor(dx: 1, dy: 1)
            case .character(">"), .character("."): return .cursorStep(1)
            case .character("<"), .character(","): return .cursorStep(-1)
            case .character(" "): return .togglePen
            case .enter: return .endStroke
            case .character("u"), .backspace: return .undo
            case .character("U"), .control(0x12): return .redo
            case .character("c"): return .clear
            case .character("r"): return .redraw
            case .character("+"), .character("="): return .endingCount(1)
            case .character("-"), .character("_"): return .endingCount(-1)
            case .character("s"): return .save
            case .character("g"): return .latentGrid
            case .character("v"): return .variations
            case .character("p"): return .modelPicker
            case .character("w"): return .togglePace
            case .character("?"): return .toggleHelp
            case .character(let c) where c.isNumber:
                if let n = c.wholeNumberValue, n >= 1 { return .takeEnding(n - 1) }
                return .none
            default: return common(key)
            }
        }
    }

    /// Keys that work in the drawing, grid and variation views alike.
    static func common(_ key: Key) -> Action {
        switch key {
        case .character("["): return .temperatureStep(-1)
        case .character("]"): return .temperatureStep(1)
        case .character("t"): return .cycleTemperature
        case .character("m"), .tab: return .nextModel
        case .character("M"), .backTab: return .previousModel
        case .escape: return .closeOverlay
        default: return .none
        }
    }

    package static let helpLines: [(keys: String, what: String)] = [
        ("mouse drag", "draw a stroke (press, drag, release)"),
        ("click", "on an ending or a grid cell: take it"),
        ("arrows / hjkl", "move the cursor (HJKL: 4 steps; < >: step size)"),
        ("y o b n", "diagonals (also Home, PgUp, End, PgDn)"),
        ("space / Enter", "pen down / up at the cursor; Enter ends the stroke"),
        ("u / Backspace", "undo: a stroke, a taken ending or cell, a clear"),
        ("U / Ctrl-R", "redo what u undid"),
        ("c", "clear the canvas (u brings it back)"),
        ("1-9", "take that ending into the canvas"),
        ("r", "new endings at the same temperature"),
        ("+ / -", "more / fewer endings (1-9); in g, v: cells"),
        ("[ / ]", "temperature -/+ 0.05 (0.05-1.50)"),
        ("t", "temperature 0.10, 0.25, 0.50, 0.75, 1.00"),
        ("m / Tab", "next model (M / Shift-Tab: previous)"),
        ("p", "pick a model from a list of all of them"),
        ("w", "watch the model draw: endings at a drawing pace"),
        ("g", "latent grid (VAE): arrows, Enter takes, n new corners"),
        ("v", "variations of the drawing (VAE)"),
        ("s", "save the drawing and a sheet of what is shown"),
        ("Esc", "back to the drawing"),
        ("?", "this help (any key or click closes it)"),
        ("q / Ctrl-C", "quit (the drawing is kept for next time)"),
    ]
}
