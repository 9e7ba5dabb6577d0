import ArgumentParser

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect and convert sketch data sets (.npz, QuickDraw .ndjson and .bin).",
        subcommands: [DataInfoCommand.self, DataConvertCommand.self]
    )
}
