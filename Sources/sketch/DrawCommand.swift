import ArgumentParser
import SketchTerminal

struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Open the drawing app (the default command)."
    )

    func run() throws {
        print("sketch: the drawing app is being built")
    }
}
