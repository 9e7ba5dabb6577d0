/// Ramer–Douglas–Peucker simplification: keeps a line's end points and, recursively, every point
/// farther than `epsilon` from the chord of its span. Distances are to the chord as a segment, not
/// the infinite line through it: a stroke that doubles back on itself keeps its turning point.
///
/// RDP costs up to n²/2 distances (a zig-zag peels one point per split: 1 M points took 15 s), so
/// a line longer than `rdpPieceLength` points is simplified in pieces of that many, each piece's
/// end points kept: exact RDP up to that length (every stroke of the data sets), at most
/// `rdpPieceLength` distances per point beyond it.
package func simplifyRDP(_ line: Polyline, epsilon: Float) -> Polyline {
    guard line.count > 2, epsilon > 0 else { return line }
    var keep = [Bool](repeating: false, count: line.count)
    var start = 0
    while start < line.count - 1 {
        let end = min(start + rdpPieceLength - 1, line.count - 1)
        markRDP(line, first: start, last: end, epsilon: epsilon, keep: &keep)
        start = end
    }
    return line.indices.filter { keep[$0] }.map { line[$0] }
}

/// The longest line `simplifyRDP` simplifies exactly (see there).
package let rdpPieceLength = 2048

private func markRDP(_ line: Polyline, first: Int, last: Int, epsilon: Float, keep: inout [Bool]) {
    keep[first] = true
    keep[last] = true
    // An explicit stack instead of recursion: long raw strokes must not overflow the call stack.
    var spans = [(first, last)]
    while let (first, last) = spans.popLast() {
        guard last - first > 1 else { continue }
        let a = line[first], b = line[last]
        let chord = b - a
        let lengthSquared = chord.x * chord.x + chord.y * chord.y
        var farthest = first
        var largest: Float = -1
        for i in (first + 1)..<last {
            let v = line[i] - a
            let t = lengthSquared > 0 ? min(max((v.x * chord.x + v.y * chord.y) / lengthSquared, 0), 1) : 0
            let offset = v - chord * t
            let distance = (offset.x * offset.x + offset.y * offset.y).squareRoot()
            if distance > largest {
                largest = distance
                farthest = i
            }
        }
        if largest > epsilon {
            keep[farthest] = true
            spans.append((first, farthest))
            spans.append((farthest, last))
        }
    }
}

extension Sketch {
    /// Each stroke simplified with RDP (`epsilon` in the sketch's units).
    package func simplified(epsilon: Float) -> Sketch {
        Sketch(polylines: polylines.map { simplifyRDP($0, epsilon: epsilon) })
    }
}
