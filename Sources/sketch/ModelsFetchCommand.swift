import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchFetch

struct ModelsFetchCommand: FetchCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download Google's pretrained sketch-rnn-js models, to use by name (--model cat).",
        discussion: """
            NAME is a class (its decoder-only model, CLASS.gen.json, the one the app completes drawings with) or \
            CLASS.vae (its VAE), from https://storage.googleapis.com/quickdraw-models/sketchRNN/large_models/. \
            Each is parsed and its configuration checked before it is kept; `--model NAME` then finds it in every \
            command and the app (shipped checkpoints of the same name come first: `sheep.gen` is Google's sheep).
            """
    )

    @Argument(help: ArgumentHelp("Models: cat, cat.vae, palm_tree …", valueName: "name"))
    var names: [String] = []

    @OptionGroup var options: FetchOptions

    static var catalog: [String] { FetchCatalog.models }
    static func item(_ name: String) -> FetchItem { FetchCatalog.model(name) }
    static var standardFolder: URL { FetchedFiles().modelsFolder }
}
