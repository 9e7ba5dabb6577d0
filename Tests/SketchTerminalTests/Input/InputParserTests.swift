import Testing
@testable import SketchTerminal

@Suite struct InputParserTests {
    func parse(_ text: String) -> [InputEvent] {
        var parser = InputParser()
        return parser.feed(Array(text.utf8)) + parser.flush()
    }

    @Test func plainKeysAndControls() {
        #expect(parse("q") == [.key(.character("q"))])
        #expect(parse("[]t") == [.key(.character("[")), .key(.character("]")), .key(.character("t"))])
        #expect(parse("\r") == [.key(.enter)])
        #expect(parse("\t") == [.key(.tab)])
        #expect(parse("\u{3}") == [.key(.controlC)])
        #expect(parse("\u{7F}") == [.key(.backspace)])
        #expect(parse("é") == [.key(.character("é"))])
    }

    @Test func arrowsInBothModes() {
        #expect(parse("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.key(.up), .key(.down), .key(.right), .key(.left)])
        #expect(parse("\u{1B}OA\u{1B}OD") == [.key(.up), .key(.left)])
        #expect(parse("\u{1B}[Z") == [.key(.backTab)])
    }

    @Test func sgrMouseDrag() {
        let events = parse("\u{1B}[<0;10;5M\u{1B}[<32;11;6M\u{1B}[<32;12;6M\u{1B}[<0;12;6m")
        #expect(events == [
            .mouse(MouseEvent(kind: .press, x: 9, y: 4)),
            .mouse(MouseEvent(kind: .drag, x: 10, y: 5)),
            .mouse(MouseEvent(kind: .drag, x: 11, y: 5)),
            .mouse(MouseEvent(kind: .release, x: 11, y: 5)),
        ])
    }

    @Test func otherMouseReports() {
        #expect(parse("\u{1B}[<2;1;1M") == [.mouse(MouseEvent(kind: .press, button: 2, x: 0, y: 0))])
        #expect(parse("\u{1B}[<64;3;4M") == [.mouse(MouseEvent(kind: .wheelUp, x: 2, y: 3))])
        #expect(parse("\u{1B}[<35;3;4M") == [.mouse(MouseEvent(kind: .move, x: 2, y: 3))])
        #expect(parse("\u{1B}[<0;200;100M") == [.mouse(MouseEvent(kind: .press, x: 199, y: 99))])
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var parser = InputParser()
        let bytes = Array("x\u{1B}[<0;10;5Mu".utf8)
        var events: [InputEvent] = []
        for b in bytes { events += parser.feed([b]) }
        #expect(events == [.key(.character("x")), .mouse(MouseEvent(kind: .press, x: 9, y: 4)), .key(.character("u"))])
        #expect(!parser.hasPendingBytes)
    }

    @Test func loneEscapeWaitsThenBecomesEscape() {
        var parser = InputParser()
        #expect(parser.feed([0x1B]).isEmpty)
        #expect(parser.hasPendingBytes)
        #expect(parser.flush() == [.key(.escape)])
        #expect(!parser.hasPendingBytes)
    }

    @Test func garbageIsSkippedNotFatal() {
        let events = parse("\u{1B}[<0;5Mq\u{1B}[99~\u{1B}[1;5Hk")
        #expect(events == [.key(.character("q")), .key(.home), .key(.character("k"))])
    }
    /// Issue 16: `x - 1` of Int.min killed the app (a paste of this text produced it).
    @Test func mouseReportsWithAbsurdNumbersAreDropped() {
        for report in ["\u{1B}[<0;-9223372036854775808;3M", "\u{1B}[<0;3;-9223372036854775808M",
                       "\u{1B}[<-9223372036854775808;3;3M", "\u{1B}[<0;99999999999999999999;3M",
                       "\u{1B}[<0;0;0M", "\u{1B}[<0;+5;3M", "\u{1B}[<0;;3M", "\u{1B}[<0;9223372036854775807;3m"] {
            #expect(parse(report + "k") == [.key(.character("k"))], "\(report)")
        }
        #expect(parse("\u{1B}[<0;100000;3M") == [.mouse(MouseEvent(kind: .press, x: 99_999, y: 2))])
    }

    @Test func pastedTextIsDroppedWhole() {
        #expect(parse("a\u{1B}[200~q123\u{1B}[<0;-9;3M\u{1B}[A\u{1B}[201~b") == [.key(.character("a")), .key(.character("b"))])
        // Split anywhere, end marker included.
        var parser = InputParser()
        var events: [InputEvent] = []
        for b in Array("\u{1B}[200~qqq\u{1B}[201~u".utf8) { events += parser.feed([b]) }
        #expect(events == [.key(.character("u"))])
        #expect(!parser.hasPendingBytes)
        // A paste whose end never comes is over at the next pause.
        #expect(parser.feed(Array("\u{1B}[200~qq".utf8)).isEmpty)
        #expect(parser.hasPendingBytes)
        #expect(parser.flush().isEmpty)
        #expect(parser.feed(Array("q".utf8)) == [.key(.character("q"))])
    }

    @Test func onlyQuitActsWhileTheTerminalIsTooSmall() {
        #expect(InputParser.actsWhileTooSmall(.key(.character("q"))))
        #expect(InputParser.actsWhileTooSmall(.key(.controlC)))
        for other: InputEvent in [.key(.character("m")), .key(.character("1")), .key(.tab), .mouse(MouseEvent(kind: .press, x: 1, y: 1))] {
            #expect(!InputParser.actsWhileTooSmall(other))
        }
    }
}

@Suite struct KeyMapTests {
    func action(_ key: Key, _ mode: KeyMap.Mode = .drawing) -> Action { KeyMap.action(for: .key(key), mode: mode) }

    @Test func drawingKeys() {
        #expect(action(.up) == .moveCursor(dx: 0, dy: -1))
        #expect(action(.character("h")) == .moveCursor(dx: -1, dy: 0))
        #expect(action(.character("l")) == .moveCursor(dx: 1, dy: 0))
        #expect(action(.character(" ")) == .togglePen)
        #expect(action(.enter) == .endStroke)
        #expect(action(.character("u")) == .undo)
        #expect(action(.character("c")) == .clear)
        #expect(action(.character("[")) == .temperatureStep(-1))
        #expect(action(.character("]")) == .temperatureStep(1))
        #expect(action(.character("t")) == .cycleTemperature)
        #expect(action(.character("3")) == .takeEnding(2))
        #expect(action(.character("0")) == .none)
        #expect(action(.character("s")) == .save)
        #expect(action(.character("m")) == .nextModel)
        #expect(action(.tab) == .nextModel)
        #expect(action(.character("g")) == .latentGrid)
        #expect(action(.character("v")) == .variations)
        #expect(action(.character("?")) == .toggleHelp)
        #expect(action(.character("q")) == .quit)
        #expect(action(.controlC) == .quit)
    }

    @Test func gridKeys() {
        #expect(action(.up, .grid) == .moveSelection(dx: 0, dy: -1))
        #expect(action(.enter, .grid) == .takeSelection)
        #expect(action(.character("r"), .grid) == .redraw)
        #expect(action(.character("n"), .grid) == .newCorners)
        #expect(action(.character("+"), .grid) == .cellCount(1))
        #expect(action(.character("-"), .variations) == .cellCount(-1))
        #expect(action(.escape, .grid) == .closeOverlay)
        #expect(action(.character("g"), .grid) == .closeOverlay)
        #expect(action(.character("]"), .grid) == .temperatureStep(1))
        #expect(action(.controlC, .grid) == .quit)
    }

    @Test func helpClosesOnAnyKeyButQuitStillQuits() {
        #expect(action(.character("x"), .help) == .closeOverlay)
        #expect(action(.character("q"), .help) == .quit)
    }

    @Test func aClickClosesTheHelpAndGoesToTheControllerElsewhere() {
        let event = MouseEvent(kind: .press, x: 1, y: 1)
        let press = InputEvent.mouse(event)
        #expect(KeyMap.action(for: press, mode: .drawing) == .mouse(event))
        #expect(KeyMap.action(for: press, mode: .grid) == .mouse(event))
        #expect(KeyMap.action(for: press, mode: .help) == .closeOverlay)
        #expect(KeyMap.action(for: .mouse(MouseEvent(kind: .move, x: 1, y: 1)), mode: .help) == .none)
    }
}

@Suite struct TemperatureTests {
    @Test func stepsStayWithinRangeAndPrintTwoDecimals() {
        var t = Temperature(0.5)
        #expect(t.description == "temperature 0.50")
        t.nudge(1)
        #expect(t.description == "temperature 0.55")
        for _ in 0..<40 { t.nudge(1) }
        #expect(t.description == "temperature 1.50")
        for _ in 0..<40 { t.nudge(-1) }
        #expect(t.description == "temperature 0.05")
        #expect(abs(t.value - 0.05) < 1e-6)
    }

    @Test func cycleVisitsTheLandmarksAndWraps() {
        var t = Temperature(0.5)
        var seen: [String] = []
        for _ in 0..<5 { t.cycle(); seen.append(Temperature.format(t.value)) }
        #expect(seen == ["0.75", "1.00", "0.10", "0.25", "0.50"])
        t = Temperature(1.3)
        t.cycle()
        #expect(Temperature.format(t.value) == "0.10")
    }
}
