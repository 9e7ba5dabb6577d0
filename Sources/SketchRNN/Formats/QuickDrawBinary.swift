import Foundation

extension QuickDraw {
    /// Reads the Quick, Draw! binary format: repeated records of key_id u64, country code (2
    /// bytes), recognized u8, timestamp u32, n_strokes u16, then per stroke n_points u16, x[n]
    /// u8, y[n] u8, all little endian. Coordinates are simplified 0–255 values.
    package static func readBinary(contentsOf url: URL, limits: DrawingLimits = .standard) throws -> [QuickDrawDrawing] {
        let data = try InputFile.read(url) { FormatError(file: url.path, problem: $0) }
        return try decodeBinary(data, file: url.path, limits: limits)
    }

    package static func decodeBinary(_ data: Data, file: String, limits: DrawingLimits = .standard) throws -> [QuickDrawDrawing] {
        guard !data.isEmpty else { throw FormatError(file: file, problem: "the file is empty") }
        return try data.withUnsafeBytes { raw in
            var drawings: [QuickDrawDrawing] = []
            var position = 0
            func take(_ n: Int, _ what: String) throws -> UnsafeRawBufferPointer {
                guard n <= raw.count - position else {
                    throw FormatError(file: file, record: "record \(drawings.count) (byte \(position))",
                                      problem: "cut short: \(what) needs \(n) bytes, \(raw.count - position) left")
                }
                defer { position += n }
                return UnsafeRawBufferPointer(rebasing: raw[position..<(position + n)])
            }
            func integer(_ n: Int, _ what: String) throws -> UInt64 {
                let bytes = try take(n, what)
                return (0..<n).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[$1]) }
            }
            while position < raw.count {
                let key = try integer(8, "key_id")
                let country = String(decoding: try take(2, "country code"), as: UTF8.self)
                let recognized = try integer(1, "recognized") != 0
                _ = try integer(4, "timestamp")
                let strokeCount = Int(try integer(2, "the stroke count"))
                var strokes: [Polyline] = []
                for s in 0..<strokeCount {
                    let n = Int(try integer(2, "stroke \(s)'s point count"))
                    let xs = try take(n, "stroke \(s)'s x values"), ys = try take(n, "stroke \(s)'s y values")
                    let line = (0..<n).map { SIMD2(Float(xs[$0]), Float(ys[$0])) }
                    if !line.isEmpty { strokes.append(line) }
                }
                guard !strokes.isEmpty else {
                    throw FormatError(file: file, record: "record \(drawings.count)", problem: "the drawing has no points")
                }
                let drawing = QuickDrawDrawing(keyID: String(key), countryCode: country, recognized: recognized,
                                               strokes: strokes, isRaw: false)
                try limits.check(drawing, file: file, record: "record \(drawings.count)")
                drawings.append(drawing)
            }
            return drawings
        }
    }
}
