import SketchRNN
import Testing
@testable import SketchTerminal

@Suite struct DotCanvasTests {
    @Test func eachDotHasItsBraillePattern() {
        // Dots 1-8 of a Braille cell: column 0 rows 0-3 are bits 0,1,2,6; column 1 rows 0-3 bits 3,4,5,7.
        let expected: [(x: Int, y: Int, scalar: UInt32)] = [
            (0, 0, 0x2801), (0, 1, 0x2802), (0, 2, 0x2804), (0, 3, 0x2840),
            (1, 0, 0x2808), (1, 1, 0x2810), (1, 2, 0x2820), (1, 3, 0x2880),
        ]
        for dot in expected {
            var canvas = DotCanvas(columns: 1, rows: 1)
            canvas.setDot(x: dot.x, y: dot.y, style: .user)
            let cell = canvas.cell(column: 0, row: 0, unicode: true)
            #expect(cell?.character.unicodeScalars.first?.value == dot.scalar)
            #expect(cell?.style == .user)
        }
    }

    @Test func horizontalLineFillsTopRowsOfTwoCells() {
        var canvas = DotCanvas(columns: 3, rows: 1)
        canvas.line(from: SIMD2(0, 0), to: SIMD2(3, 0), style: .ending)
        #expect(canvas.cell(column: 0, row: 0, unicode: true)?.character == "⠉")
        #expect(canvas.cell(column: 1, row: 0, unicode: true)?.character == "⠉")
        #expect(canvas.cell(column: 2, row: 0, unicode: true) == nil)
    }

    @Test func diagonalLineSetsEveryDotOnIt() {
        var canvas = DotCanvas(columns: 4, rows: 2)
        canvas.line(from: SIMD2(0, 0), to: SIMD2(7, 7), style: .user)
        for i in 0...7 { #expect(canvas.isSet(x: i, y: i)) }
        #expect(!canvas.isSet(x: 1, y: 0))
        #expect(!canvas.isSet(x: 7, y: 0))
    }

    @Test func linesAreClippedToTheCanvas() {
        var canvas = DotCanvas(columns: 2, rows: 1)
        canvas.line(from: SIMD2(-100, 2), to: SIMD2(1e9, 2), style: .user)
        for x in 0..<4 { #expect(canvas.isSet(x: x, y: 2)) }
        canvas.line(from: SIMD2(.nan, 0), to: SIMD2(1, 1), style: .user)  // ignored, no crash
        #expect(!canvas.isSet(x: 1, y: 1))
    }

    @Test func asciiFallbackShowsOnlyASCII() {
        var canvas = DotCanvas(columns: 4, rows: 2)
        canvas.line(from: SIMD2(0, 0), to: SIMD2(7, 7), style: .user)
        canvas.line(from: SIMD2(0, 5), to: SIMD2(7, 5), style: .user)
        var screen = ScreenBuffer(width: 4, height: 2)
        canvas.draw(on: &screen, at: (0, 0), unicode: false)
        for cell in screen.cells { #expect(cell.character.isASCII) }
        #expect(screen.cells.filter { $0.character != " " }.count >= 4)
        // A dot in the lower half and one in the upper half of a cell look different.
        #expect(DotCanvas.ascii(0x40) != DotCanvas.ascii(0x01))
    }

    @Test func viewTransformKeepsAspectAndCentres() {
        // A 100 x 50 frame into 40 x 40 dots: width limits the scale, and it is centred vertically.
        let t = ViewTransform(fitting: BoundingBox(minX: 0, minY: 0, width: 100, height: 50), dotWidth: 41, dotHeight: 41, margin: 0)
        #expect(abs(t.scale - 0.4) < 1e-6)
        let topLeft = t.toDots(SIMD2(0, 0)), bottomRight = t.toDots(SIMD2(100, 50))
        #expect(abs(topLeft.x) < 1e-4 && abs(bottomRight.x - 40) < 1e-4)
        #expect(abs(topLeft.y - 10) < 1e-4 && abs(bottomRight.y - 30) < 1e-4)
        let back = t.toDrawing(t.toDots(SIMD2(37, 12)))
        #expect(abs(back.x - 37) < 1e-4 && abs(back.y - 12) < 1e-4)
    }
}
