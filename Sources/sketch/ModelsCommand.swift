import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, describe and ship the checkpoints that --model accepts by short name.",
        discussion: """
            Short names are looked up in $\(Checkpoints.environmentVariable), then in a folder `checkpoints` \
            beside the sketch executable or above it, then in the project sketch was built from.
            """,
        subcommands: [ModelsListCommand.self, ModelsShowCommand.self, ModelsShipCommand.self, ModelsStyleCommand.self],
        defaultSubcommand: ModelsListCommand.self
    )
}

struct ModelsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the shipped checkpoints with their type, data and test loss (the default)."
    )

    func run() throws {
        let folders = Checkpoints.searchFolders()
        let entries = Checkpoints.list(folders: folders)
        guard !entries.isEmpty else {
            let places = folders.isEmpty ? "no checkpoints folder was found" : "none in " + folders.map(\.path).joined(separator: ", ")
            print("No shipped checkpoints (\(places)).")
            print("Any model file works with --model PATH: a .safetensors model or a sketch-rnn-js .json model.")
            return
        }
        func figure(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
        let rows = entries.map { e -> [String] in
            let data = e.problem ?? (e.dataSets.isEmpty ? "-" : e.dataSets.joined(separator: ", "))
            return [e.name, e.type, figure(e.testReconstruction), figure(e.testLoss), data]
        }
        let header = ["name", "type", "test L_R", "test loss", "data"]
        let columns = header.count - 1
        let widths = (0..<columns).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            (0..<columns).map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + r[columns]
        }
        print(line(header))
        for r in rows { print(line(r)) }
    }
}
