import Foundation
import SketchCheckpoints
import Testing
@testable import SketchFetch

/// The names: Quick, Draw!'s 345 classes and the sketch-rnn-js models, their spellings on disk
/// and on the server, the nearest names to a typo, the mirror and the per-user folder.
struct FetchCatalogTests {
    @Test func theListsAreQuickDrawsAndTheDemos() {
        #expect(FetchCatalog.classes.count == 345)
        #expect(Set(FetchCatalog.classes).count == 345)
        #expect(FetchCatalog.classes.first == "aircraft carrier" && FetchCatalog.classes.last == "zigzag")
        #expect(FetchCatalog.models.count == 114)
        #expect(FetchCatalog.models.contains("catbus") && FetchCatalog.models.contains("the_mona_lisa"))
        // Every single-class model is a Quick, Draw! class.
        let local = Set(FetchCatalog.classes.map(FetchedFiles.localName))
        let mixes: Set = ["antyoga", "beeflower", "catbus", "catpig", "crabchair", "crabrabbitfacepig", "dogbunny",
                          "elephantpig", "everything", "floweryoga", "frogsofa", "hedgeberry", "lionsheep",
                          "monapassport", "pigsheep", "rabbitturtle", "radioface", "yogabicycle"]
        #expect(Set(FetchCatalog.models).subtracting(local) == mixes)
    }

    @Test func namesMapToTheServersSpellingAndToOneFileName() {
        let source = FetchSource(base: URL(string: "http://127.0.0.1:8080/mirror/")!)
        let palm = FetchCatalog.dataSet("Palm Tree")
        #expect(palm.name == "palm_tree" && palm.fileName == "palm_tree.npz" && palm.isKnown)
        #expect(source.url(for: palm).absoluteString == "http://127.0.0.1:8080/mirror/quickdraw_dataset/sketchrnn/palm%20tree.npz")
        let mona = FetchCatalog.dataSet("the_mona_lisa.full")
        #expect(mona.name == "the_mona_lisa.full")
        #expect(source.url(for: mona).absoluteString.hasSuffix("/sketchrnn/The%20Mona%20Lisa.full.npz"))
        let vae = FetchCatalog.model("cat.vae")
        #expect(vae.name == "cat.vae" && vae.fileName == "cat.vae.json")
        #expect(FetchSource().url(for: vae).absoluteString == "https://storage.googleapis.com/quickdraw-models/sketchRNN/large_models/cat.vae.json")
        #expect(FetchCatalog.model("cat").fileName == "cat.gen.json" && FetchCatalog.model("cat.gen").name == "cat")
        #expect(!FetchCatalog.model("giraffe").isKnown)  // a class without a published model
        #expect(FetchCatalog.model("giraffe").nearest.count == 3)
    }

    @Test func theNearestNamesToATypo() {
        #expect(NearestNames.nearest(to: "cta", in: FetchCatalog.classes.map(FetchedFiles.localName)).contains("cat"))
        #expect(NearestNames.nearest(to: "aeroplane", in: FetchCatalog.classes, count: 1) == ["airplane"])
        #expect(NearestNames.nearest(to: "monalisa", in: FetchCatalog.models, count: 2).contains("the_mona_lisa"))
    }

    @Test func theMirrorComesFromTheFlagThenTheEnvironment() throws {
        #expect(try FetchSource.choose(mirror: nil, environment: [:]) == FetchSource())
        #expect(try FetchSource.choose(mirror: nil, environment: [FetchSource.environmentVariable: "http://10.0.0.1/"]).base.host == "10.0.0.1")
        #expect(try FetchSource.choose(mirror: "https://a.example", environment: [FetchSource.environmentVariable: "http://b"]).base.host == "a.example")
        #expect(throws: FetchSource.MirrorError.self) { try FetchSource.choose(mirror: "ftp://x", environment: [:]) }
        #expect(throws: FetchSource.MirrorError.self) { try FetchSource.choose(mirror: "127.0.0.1:80", environment: [:]) }
    }

    @Test func theFolderFollowsXDG() {
        #expect(FetchedFiles.standardRoot(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/a"]).path == "/x/data/sketch")
        #expect(FetchedFiles.standardRoot(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"]).path == "/home/a/.local/share/sketch")
        #expect(FetchedFiles.standardRoot(environment: ["HOME": "/home/a"]).path == "/home/a/.local/share/sketch")
    }

    @Test func contentRangesAreRead() {
        #expect(HTTPDownload.contentRange("bytes 100-199/200")! == (100, 199, 200))
        #expect(HTTPDownload.contentRange("bytes 5-9/*")! == (5, 9, nil))
        #expect(HTTPDownload.contentRange("bytes 9-5/10") == nil)
        #expect(HTTPDownload.contentRange("items 1-2/3") == nil)
        #expect(HTTPDownload.unsatisfiedTotal("bytes */4096") == 4096)
    }
}
