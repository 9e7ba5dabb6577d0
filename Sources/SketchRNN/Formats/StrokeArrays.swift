import Foundation

/// sketch-rnn's stroke-3 arrays: numpy `[n, 3]` arrays of `(dx, dy, p)`, int16 or float.
package enum StrokeArrays {
    /// Offsets beyond this (in data units) are not a drawing but a damaged file. TF clips offsets
    /// to ±1000 when loading; anything a hundred times past that is refused, not clipped.
    package static let absurdOffset: Double = 100_000

    /// Reads one `[n, 3]` array as a sketch; `record` names it in errors.
    package static func sketch(from array: NumpyArray, file: String, record: String) throws -> Sketch {
        guard array.dtype.kind != .object else {
            throw FormatError(file: file, record: record, problem: "holds an object array, not stroke-3 numbers")
        }
        guard array.shape.count == 2, array.shape[1] == 3 else {
            throw FormatError(file: file, record: record, problem: "has shape \(array.shape), not [n, 3] stroke-3 rows")
        }
        let values = array.doubles()
        var points: [StrokePoint] = []
        points.reserveCapacity(array.shape[0])
        for row in 0..<array.shape[0] {
            let dx = values[row * 3], dy = values[row * 3 + 1], p = values[row * 3 + 2]
            if let rowProblem = problem(dx: dx, dy: dy, p: p) {
                throw FormatError(file: file, record: "\(record), point \(row)", problem: rowProblem)
            }
            points.append(StrokePoint(dx: Float(dx), dy: Float(dy), penLifted: p != 0))
        }
        return Sketch(points: points)
    }

    /// What is wrong with a stroke-3 row, if anything: NaN, infinite or absurd offsets, or a pen
    /// value other than 0 and 1.
    package static func problem(dx: Double, dy: Double, p: Double) -> String? {
        guard dx.isFinite, dy.isFinite, p.isFinite else { return "holds a non-finite value (\(dx), \(dy), \(p))" }
        guard abs(dx) <= absurdOffset, abs(dy) <= absurdOffset else {
            return "holds an absurd offset (\(dx), \(dy)); offsets beyond ±\(Int(absurdOffset)) are refused"
        }
        guard p == 0 || p == 1 else { return "has pen value \(p), not 0 or 1" }
        return nil
    }

    /// Reads an object array of stroke-3 arrays (one split of a sketch-rnn `.npz`).
    package static func sketches(from array: NumpyArray, file: String, record: String) throws -> [Sketch] {
        guard array.dtype.kind == .object, array.shape.count == 1 else {
            throw FormatError(file: file, record: record, problem: "is a \(array.dtype) array of shape \(array.shape), not a list of stroke-3 arrays")
        }
        return try array.objects.enumerated().map { i, item in
            try sketch(from: item, file: file, record: "\(record), sketch \(i)")
        }
    }

    /// One sketch as a `[n, 3]` array: int16 when every offset is a whole number that fits (as in
    /// QuickDraw and sheep files), float64 otherwise.
    package static func array(from sketch: Sketch) -> NumpyArray {
        let fitsInt16 = sketch.points.allSatisfy {
            $0.dx == $0.dx.rounded() && $0.dy == $0.dy.rounded() && abs($0.dx) <= 32767 && abs($0.dy) <= 32767
        }
        let shape = [sketch.count, 3]
        if fitsInt16 {
            return NumpyArray(shape: shape, int16: sketch.points.flatMap { [Int16($0.dx), Int16($0.dy), $0.penLifted ? 1 : 0] })
        }
        return NumpyArray(shape: shape, float64: sketch.points.flatMap { [Double($0.dx), Double($0.dy), $0.penLifted ? 1 : 0] })
    }

    /// A split as an object array of stroke-3 arrays.
    package static func array(from sketches: [Sketch]) -> NumpyArray {
        NumpyArray(objects: sketches.map { array(from: $0) })
    }
}

/// A sketch-rnn data file: a `.npz` of `train`, `valid` and `test` stroke-3 splits.
package struct SketchFile: SplitSketches, Sendable {
    package var train: [Sketch]
    package var valid: [Sketch]
    package var test: [Sketch]

    package init(train: [Sketch], valid: [Sketch], test: [Sketch]) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    package static func read(contentsOf url: URL) throws -> SketchFile {
        // Only the three splits are unpacked; other members are named in an error at most.
        let members = try NPZ.read(contentsOf: url, members: Split.allCases.map(\.rawValue))
        var splits: [String: [Sketch]] = [:]
        for member in members {
            splits[member.name] = try StrokeArrays.sketches(from: member.array, file: url.path, record: "\(member.name).npy")
        }
        return SketchFile(train: splits["train"] ?? [], valid: splits["valid"] ?? [], test: splits["test"] ?? [])
    }

    /// Writes `train.npy`, `valid.npy` and `test.npy` atomically.
    package func write(to url: URL) throws {
        try NPZ.write([
            ("train", StrokeArrays.array(from: train)),
            ("valid", StrokeArrays.array(from: valid)),
            ("test", StrokeArrays.array(from: test)),
        ], to: url)
    }
}
