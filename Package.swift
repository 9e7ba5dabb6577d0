// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sketch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sketch", targets: ["sketch"]),
        .library(name: "SketchRNN", targets: ["SketchRNN"]),
        .library(name: "SketchCheckpoints", targets: ["SketchCheckpoints"]),
    ],
    // `swift build --traits MPI` links Open MPI (docs/distributed.md): `mpirun -np N sketch train` then
    // trains one model on N processes. Off by default, so a machine without MPI still builds.
    traits: [
        .trait(name: "MPI", description: "Data-parallel training under mpirun through Open MPI (libopenmpi-dev)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // `swift package generate-documentation --target SketchRNN` (the library's reference).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi",
            providers: [.apt(["libopenmpi-dev"]), .brew(["open-mpi"])]
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]
        ),
        // Hand-written kernels for the products an LSTM repeats at every step (x86 AVX-512 and
        // AVX2 chosen at run time, portable C elsewhere); optimised in debug builds too, so that the
        // tests' training runs do not crawl.
        .target(
            name: "CSketchKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        .target(
            name: "SketchRNN",
            dependencies: [
                "CSketchKernels",
                .target(name: "COpenBLAS", condition: .when(platforms: [.linux])),
                .target(name: "CMPI", condition: .when(traits: ["MPI"])),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The shipped checkpoints (checkpoints/NAME.safetensors) as resources, with their
        // discovery and `SketchModel(shipped:)`: an app that brings its own models leaves them out.
        .target(
            name: "SketchCheckpoints",
            dependencies: ["SketchRNN"],
            path: "checkpoints",
            exclude: ["README.md", "training"],
            resources: ["kanji", "omniglot", "sheep", "sheep-vae"].map { .copy("\($0).safetensors") }
        ),
        // `sketch data fetch` / `sketch models fetch`: Google's data sets and models over HTTP
        // (URLSession), checked before they are kept; the class lists are its resources.
        .target(
            name: "SketchFetch",
            dependencies: ["SketchRNN", "SketchCheckpoints"],
            resources: [.copy("Resources/quickdraw-classes.txt"), .copy("Resources/sketch-rnn-js-models.txt")]
        ),
        .target(
            name: "SketchTerminal",
            dependencies: ["SketchRNN", "SketchCheckpoints", "CNcursesw"]
        ),
        .executableTarget(
            name: "sketch",
            dependencies: [
                "SketchRNN", "SketchCheckpoints", "SketchTerminal", "SketchFetch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz targets, built with everything else so that a change breaking them breaks the
        // build; `sketch-fuzz smoke` runs them in `make test`, scripts/fuzz.sh under libFuzzer.
        .target(name: "SketchFuzzTargets", dependencies: ["SketchRNN", "SketchTerminal"], path: "Fuzz/Targets"),
        .executableTarget(name: "sketch-fuzz", dependencies: ["SketchFuzzTargets"], path: "Fuzz/Driver"),
        // What the test targets share: temporary folders, fixture data, `../shared`, the built executable.
        .target(name: "SketchTestSupport", dependencies: ["SketchRNN"], path: "Tests/SketchTestSupport"),
        .testTarget(name: "SketchRNNTests", dependencies: ["SketchRNN", "SketchCheckpoints", "SketchTestSupport"]),
        // The `sketch` command as a user runs it (the built executable; under mpirun with the MPI trait).
        .testTarget(name: "SketchCLITests", dependencies: ["SketchRNN", "SketchCheckpoints", "SketchTestSupport"]),
        .testTarget(name: "SketchFetchTests", dependencies: ["SketchFetch", "SketchRNN", "SketchCheckpoints"]),
        .testTarget(name: "SketchTerminalTests", dependencies: ["SketchTerminal", "SketchRNN", "SketchCheckpoints"]),
        .testTarget(name: "SketchFuzzTests", dependencies: ["SketchFuzzTargets", "SketchRNN"]),
    ],
    swiftLanguageModes: [.v5]
)
