import ArgumentParser
import Foundation
import SketchTerminal

struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Open the drawing app (the default command)."
    )

    @Option(name: .long, help: "A model file.")
    var model: [String] = []

    func run() throws {
        print("models: \(model)")
    }
}
