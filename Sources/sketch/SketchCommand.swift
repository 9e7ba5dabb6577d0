import ArgumentParser

@main
struct SketchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sketch",
        abstract: "Draw with sketch-rnn in the terminal, and train, sample and explore its models.",
        subcommands: [
            DrawCommand.self,
            SampleCommand.self,
            CompleteCommand.self,
            ReconstructCommand.self,
            InterpolateCommand.self,
            AnalogyCommand.self,
            ModelsCommand.self,
            ExportCommand.self,
            DataCommand.self,
            BenchCommand.self,
            TrainCommand.self,
            EvalCommand.self,
        ],
        defaultSubcommand: DrawCommand.self
    )
}
