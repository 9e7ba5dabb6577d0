import ArgumentParser
import SketchRNN

/// `--precision`: the arithmetic of the LSTMs' recurrent products in training. bf16 needs AVX512-BF16
/// and falls back to fp32 elsewhere (the command says which runs); weights, optimiser state and
/// checkpoints stay fp32 either way.
struct PrecisionOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Recurrent products: fp32, or bf16 (bf16 inputs, fp32 sums; AVX512-BF16 only, else fp32).",
        valueName: "fp32|bf16"))
    var precision: ProductPrecision = .fp32
}

extension ProductPrecision: ExpressibleByArgument {}
