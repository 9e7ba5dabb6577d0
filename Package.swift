// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sketch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sketch", targets: ["sketch"]),
        .library(name: "SketchRNN", targets: ["SketchRNN"]),
    ],
    // `swift build --traits MPI` links Open MPI (docs/distributed.md): `mpirun -np N sketch train` then
    // trains one model on N processes. Off by default, so a machine without MPI still builds.
    traits: [
        .trait(name: "MPI", description: "Data-parallel training under mpirun through Open MPI (libopenmpi-dev)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
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
        .target(
            name: "SketchTerminal",
            dependencies: ["SketchRNN", "CNcursesw"]
        ),
        .executableTarget(
            name: "sketch",
            dependencies: [
                "SketchRNN", "SketchTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SketchRNNTests", dependencies: ["SketchRNN"]),
        .testTarget(name: "SketchTerminalTests", dependencies: ["SketchTerminal", "SketchRNN"]),
    ],
    swiftLanguageModes: [.v5]
)
