import Foundation
import SketchRNN

/// Small stroke data sets that the tests write themselves, for tests that ran on `../shared`'s data
/// sets: a fresh clone has none. Each is named as the real set it stands for, so that what the
/// commands say about a set (its name, its licence, the data a model was trained on) is the same.
/// `url(_:)` gives the real file when `../shared` has it, so those runs keep checking real data.
package enum FixtureData {
    /// The real file under `../shared/data` or, without it, its stand-in.
    package static func url(_ name: String) -> URL {
        if let real = SharedFiles.url("data/\(name)") { return real }
        switch name {
        case "aaron_sheep.npz": return sheep
        case "kanji.rdp100.npz": return kanji
        default: preconditionFailure("no stand-in for \(name)")
        }
    }

    /// True when `url(name)` is the real file.
    package static func isReal(_ name: String) -> Bool { SharedFiles.url("data/\(name)") != nil }

    package static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-fixtures-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// aaron_sheep's stand-in: int16 offsets, 160/30/30 sketches of 8 to 140 points (so some are
    /// longer than an Nmax of 100).
    package static let sheep: URL = write("aaron_sheep.npz", seed: 1, counts: (160, 30, 30), integral: true)

    /// kanji.rdp100's stand-in: float offsets, 120/20/20 sketches.
    package static let kanji: URL = write("kanji.rdp100.npz", seed: 2, counts: (120, 20, 20), integral: false)

    private static func write(_ name: String, seed: UInt64, counts: (Int, Int, Int), integral: Bool) -> URL {
        var rng = SeededGenerator(seed: seed)
        func split(_ n: Int) -> [Sketch] { (0..<n).map { _ in scribble(rng: &rng, integral: integral) } }
        let file = SketchFile(train: split(counts.0), valid: split(counts.1), test: split(counts.2))
        let url = folder.appendingPathComponent(name)
        do { try file.write(to: url) } catch { preconditionFailure("cannot write the fixture \(url.path): \(error)") }
        return url
    }

    /// A small valid .npz: one five-point square in each split.
    package static func writeSmallFile(_ url: URL) throws {
        let square = Sketch(points: [
            StrokePoint(dx: 10, dy: 10, penLifted: false), StrokePoint(dx: 5, dy: 0, penLifted: false),
            StrokePoint(dx: 0, dy: 5, penLifted: true), StrokePoint(dx: -5, dy: 0, penLifted: false),
            StrokePoint(dx: 0, dy: -5, penLifted: true),
        ])
        try SketchFile(train: [square], valid: [square], test: [square]).write(to: url)
    }

    /// A drawing of 8 to 140 points in strokes of 3 to 15: each stroke a bent line, its offsets
    /// whole pixels for `integral` sets, as the data sets' RDP-simplified drawings.
    package static func scribble(rng: inout SeededGenerator, integral: Bool) -> Sketch {
        let length = 8 + Int(rng.nextUniform() * 133)
        var points = [StrokePoint]()
        while points.count < length {
            let strokeLength = min(3 + Int(rng.nextUniform() * 13), length - points.count)
            var angle = rng.nextUniform() * 6.283
            let bend = (rng.nextUniform() - 0.5) * 0.8
            for i in 0..<strokeLength {
                let step = 4 + rng.nextUniform() * 20
                var dx = step * cos(angle), dy = step * sin(angle)
                if integral { dx.round(); dy.round() } else { dx = (dx * 8).rounded() / 8 + 0.0625; dy = (dy * 8).rounded() / 8 }
                points.append(StrokePoint(dx: dx, dy: dy, penLifted: i == strokeLength - 1))
                angle += bend
            }
        }
        return Sketch(points: points)
    }
}
