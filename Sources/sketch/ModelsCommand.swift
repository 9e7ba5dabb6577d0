import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchFetch
import SketchRNN

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, fetch, describe and ship the models that --model accepts by short name.",
        discussion: """
            Short names are looked up in $\(Checkpoints.environmentVariable), then in a folder `checkpoints` \
            beside the sketch executable or above it, then in the project sketch was built from, then among \
            the models fetched with `sketch models fetch` ($XDG_DATA_HOME/sketch/models).
            """,
        subcommands: [ModelsListCommand.self, ModelsFetchCommand.self, ModelsShowCommand.self, ModelsShipCommand.self, ModelsStyleCommand.self],
        defaultSubcommand: ModelsListCommand.self
    )
}

struct ModelsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the shipped checkpoints with their type, data and test loss, and the fetched models (the default)."
    )

    func run() throws {
        let folders = Checkpoints.searchFolders()
        let entries = Checkpoints.list(folders: folders)
        defer { listFetched() }
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

    /// The models fetched with `sketch models fetch`, a group of their own: Google's sketch-rnn-js
    /// models, each trained on one Quick, Draw! class.
    private func listFetched() {
        let fetched = FetchedFiles()
        let models = fetched.models()
        print("")
        guard !models.isEmpty else {
            print("No fetched models in \(fetched.modelsFolder.path) (`sketch models fetch cat` fetches Google's; --list names them).")
            return
        }
        print("Fetched (Google's sketch-rnn-js models, in \(fetched.modelsFolder.path)):")
        let rows = models.map { [$0.name, $0.type ?? "?", ByteCount.text(Int64($0.bytes)), "Quick, Draw! \($0.className)"] }
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            print((0..<3).map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + r[3])
        }
    }
}
