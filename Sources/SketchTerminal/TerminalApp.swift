import SketchRNN

/// The full-screen drawing app. (Being built: see the terminal issue.)
public enum TerminalApp {
    public static let notReadyMessage = "sketch: the drawing app is not built yet; see `sketch --help` for the other commands."
}
