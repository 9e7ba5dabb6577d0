import Testing
@testable import SketchTerminal

/// Drawing with keys: diagonals and a step size; escape sequences are read whole, so a fragment
/// never acts as keys.
@Suite struct KeyDrawingTests {
    func parse(_ text: String) -> [InputEvent] { InputParserTests().parse(text) }

    @Test func keypadCornersAreKeys() {
        #expect(parse("\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF") == [.key(.home), .key(.end), .key(.home), .key(.end)])
        #expect(parse("\u{1B}[1~\u{1B}[4~\u{1B}[5~\u{1B}[6~\u{1B}[7~\u{1B}[8~")
                == [.key(.home), .key(.end), .key(.pageUp), .key(.pageDown), .key(.home), .key(.end)])
    }

    /// Issue 25: `ESC [1;5` cut off, then a paste's start, once took an ending and lowered τ.
    @Test func aCutOffSequenceNeverActsAsKeys() {
        #expect(parse("\u{1B}[1;5\u{1B}[200~2[q\u{1B}[201~") == [])
        #expect(parse("\u{1B}[1;5\u{1B}[Au") == [.key(.up), .key(.character("u"))])
        // Cut off at the end of what arrived: dropped once no more comes, not read as `[`, `1`, `5`.
        var parser = InputParser()
        #expect(parser.feed(Array("\u{1B}[1;5".utf8)).isEmpty)
        #expect(parser.flush().isEmpty)
        #expect(parser.feed(Array("2".utf8)) == [.key(.character("2"))])
        // A lone ESC is still the Escape key.
        #expect(parser.feed([0x1B]).isEmpty)
        #expect(parser.flush() == [.key(.escape)])
    }

    @Test func diagonalsAndAStepSize() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        let view = try #require(controller.canvasTransform)
        let start = controller.state.cursor
        controller.send("y")
        var moved = (controller.state.cursor - start) * view.scale
        #expect(abs(moved.x + 2) < 1e-3 && abs(moved.y + 2) < 1e-3, "\(moved)")
        controller.send(">>")
        #expect(controller.state.cursorStep == 8)
        #expect(controller.state.message == "cursor step 8 dots (< > change it)")
        let before = controller.state.cursor
        controller.send("\u{1B}[6~")  // Page Down: down and right
        moved = (controller.state.cursor - before) * view.scale
        #expect(abs(moved.x - 8) < 1e-3 && abs(moved.y - 8) < 1e-3, "\(moved)")
        for _ in 0..<10 { controller.send(">") }
        #expect(controller.state.cursorStep == 16)
        for _ in 0..<10 { controller.send("<") }
        #expect(controller.state.cursorStep == 1)
    }

    /// With a step of 8 dots and diagonals, an octagonal body is 9 presses: pen down and 8 moves.
    @Test func aBodyInUnderFifteenPresses() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send(">>>")  // step 16
        controller.send(" lnjbhyko\r")
        let stroke = try #require(controller.state.drawing.strokes.first)
        #expect(stroke.count == 9)
        #expect(simd_distance(stroke[0], stroke[8]) < 1e-3, "the octagon closes")
    }
}

private func simd_distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float {
    let d = a - b
    return (d * d).sum().squareRoot()
}
