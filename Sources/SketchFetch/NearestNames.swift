/// The names closest to a misspelt one, for "did you mean" hints: edit distance (insertions,
/// deletions, substitutions, swaps) with a bonus for names that contain the typed text or are contained
/// in it (`cats` → `cat`, `monalisa` → `the_mona_lisa`), separators ignored.
package enum NearestNames {
    package static func nearest(to name: String, in names: [String], count: Int = 3) -> [String] {
        let typed = plain(name)
        let scored = names.map { candidate -> (String, Int) in
            let c = plain(candidate)
            var score = distance(Array(typed), Array(c))
            if !typed.isEmpty, c.contains(typed) || typed.contains(c) {
                score = min(score, abs(c.count - typed.count) / 2 + 1)
            }
            return (candidate, score)
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(count).map(\.0)
    }

    /// Lower case without separators: `The Mona Lisa`, `the_mona_lisa` and `monalisa` compare by letters.
    private static func plain(_ name: String) -> String {
        name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
    }

    /// Edit distance where swapping two neighbouring letters counts one (`cta` is one from `cat`,
    /// two from `car`): the optimal string alignment distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
