import Foundation
import Testing
@testable import SketchFuzzTargets

/// Every fuzz target runs its seeds and reproducers (`make test` adds seconds of mutations with
/// `sketch-fuzz smoke`): a target that no longer builds or runs fails here.
@Suite struct FuzzSmokeTests {
    @Test func everyTargetRunsItsSeedsAndReproducers() throws {
        for target in FuzzTarget.allCases {
            #expect(try !Seeds.make(target).isEmpty, "\(target) has no seeds")
        }
        try FuzzSmoke(secondsOfMutations: 0).runAll()
    }

    @Test func mutationsAreTheSameFromRunToRun() {
        var a = Mutator(seed: 7), b = Mutator(seed: 7)
        let seed = Data("[[1, 2, 0], [3, 4, 1]]".utf8)
        for _ in 0..<50 { #expect(a.mutate(seed, splicing: seed) == b.mutate(seed, splicing: seed)) }
    }
}
