import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchFetch

struct DataFetchCommand: FetchCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download Quick, Draw! classes as sketch-rnn data sets (.npz), to train on by name.",
        discussion: """
            Fetches https://storage.googleapis.com/quickdraw_dataset/sketchrnn/CLASS.npz (75000 drawings a class: \
            70000 / 2500 / 2500; CLASS.full for the unsimplified drawings), resuming an interrupted download, \
            checks every sketch and keeps it as CLASS.npz; `--data CLASS` then finds it in every command. \
            The data set is Google's, under CC BY 4.0. Example: sketch data fetch cat && sketch train --data cat
            """
    )

    @Argument(help: ArgumentHelp("Classes: cat, palm_tree, \"The Mona Lisa\", cat.full …", valueName: "class"))
    var names: [String] = []

    @OptionGroup var options: FetchOptions

    static var catalog: [String] { FetchCatalog.classes.map(FetchedFiles.localName) }
    static func item(_ name: String) -> FetchItem { FetchCatalog.dataSet(name) }
    static var standardFolder: URL { FetchedFiles().dataFolder }
}

struct DataListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the data sets fetched with `sketch data fetch` (what --data NAME finds)."
    )

    func run() throws {
        let fetched = FetchedFiles()
        let sets = fetched.dataSets()
        guard !sets.isEmpty else {
            print("No fetched data sets in \(fetched.dataFolder.path) (`sketch data fetch cat` fetches one; --list names all 345 classes).")
            return
        }
        print("Fetched data sets in \(fetched.dataFolder.path):")
        let width = sets.map(\.name.count).max() ?? 0
        for s in sets {
            print(s.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + ByteCount.text(Int64(s.bytes)))
        }
    }
}
