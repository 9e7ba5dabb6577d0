import ArgumentParser

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Fetch, list, inspect and convert sketch data sets (.npz, QuickDraw .ndjson and .bin).",
        subcommands: [DataFetchCommand.self, DataListCommand.self, DataInfoCommand.self, DataConvertCommand.self]
    )
}
