import ArgumentParser

/// Speed figures of the parts that must be fast; each subcommand prints its own.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (build with -c release first) and print the figures.",
        subcommands: [BenchBLASCommand.self, BenchDataCommand.self, BenchSampleCommand.self, BenchTrainCommand.self,
                      BenchAllreduceCommand.self],
        defaultSubcommand: BenchBLASCommand.self
    )
}
