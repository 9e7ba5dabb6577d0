import Foundation
import Testing
@testable import SketchRNN

@Suite struct FastMathTests {
    @Test func expSigmoidAndTanhMatchTheLibrary() {
        var x: Float = -30
        while x <= 30 {
            let e = Foundation.exp(Double(x))
            #expect(abs(Double(FastMath.exp(x)) - e) <= 4e-7 * e)
            #expect(abs(Double(FastMath.sigmoid(x)) - 1 / (1 + Foundation.exp(-Double(x)))) < 2e-7)
            #expect(abs(Double(FastMath.tanh(x)) - Foundation.tanh(Double(x))) < 3e-7)
            x += 0.01
        }
        // Saturates instead of overflowing.
        #expect(FastMath.exp(200).isFinite && FastMath.exp(-200) >= 0)
        #expect(FastMath.sigmoid(-200) < 1e-30 && FastMath.sigmoid(200) == 1)
        #expect(FastMath.tanh(-100) == -1 && FastMath.tanh(100) == 1)
    }

    /// The gate loops run eight lanes at a time: each lane must give exactly the scalar function's result.
    @Test func lanesGiveTheScalarResults() {
        var x: Float = -100
        while x <= 100 {
            let v = FastMath.Lanes((0..<8).map { x + Float($0) * 0.003 })
            let e = FastMath.exp(v), s = FastMath.sigmoid(v), t = FastMath.tanh(v)
            for l in 0..<8 {
                #expect(e[l] == FastMath.exp(v[l]) && s[l] == FastMath.sigmoid(v[l]) && t[l] == FastMath.tanh(v[l]))
            }
            x += 0.037
        }
    }
}
