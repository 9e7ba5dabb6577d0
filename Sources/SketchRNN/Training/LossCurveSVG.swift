import Foundation

/// The loss curve of a training run as an SVG chart: the training loss at each logged step (thin) and
/// the validation loss at each validation (thick, with dots), against the step.
package struct LossCurveSVG {
    package var records: [TrainingLogRecord]
    package var title: String
    package var width: Double = 720
    package var height: Double = 400

    package init(records: [TrainingLogRecord], title: String) {
        self.records = records
        self.title = title
    }

    package func render() -> String {
        let train = records.compactMap { r in r.training.total.isFinite ? (Double(r.step), Double(r.training.total)) : nil }
        let valid = records.compactMap { r in r.validation.flatMap { v in v.total.isFinite ? (Double(r.step), Double(v.total)) : nil } }
        let all = train + valid
        let left = 64.0, right = 16.0, top = 36.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="22" font-size="14">\(escape(title))</text>

        """
        guard let minX = all.map(\.0).min(), let maxX = all.map(\.0).max(),
              var minY = all.map(\.1).min(), var maxY = all.map(\.1).max() else {
            return out + "<text x=\"\(left)\" y=\"\(top + 20)\">no data yet</text>\n</svg>\n"
        }
        // The first steps' losses dwarf the rest: clip the y range to what the later half spans plus margin.
        if train.count > 8 {
            let later = train.suffix(train.count / 2).map(\.1) + valid.map(\.1)
            if let hi = later.max(), let lo = later.min() { maxY = min(maxY, hi + (hi - lo) * 1.5 + 1e-6); minY = min(minY, lo) }
        }
        if maxY - minY < 1e-6 { maxY = minY + 1 }
        let spanX = max(maxX - minX, 1)
        func px(_ x: Double) -> Double { left + (x - minX) / spanX * plotW }
        func py(_ y: Double) -> Double { top + (1 - (min(max(y, minY), maxY) - minY) / (maxY - minY)) * plotH }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#888\"/>\n"
        for i in 0...4 {
            let y = minY + (maxY - minY) * Double(i) / 4
            out += "<line x1=\"\(left)\" y1=\"\(f(py(y)))\" x2=\"\(left + plotW)\" y2=\"\(f(py(y)))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(String(format: "%.3f", y))</text>\n"
            let x = minX + spanX * Double(i) / 4
            // The last label ends at the plot's right edge: centred, a five-digit step ran off the image.
            let anchor = i == 4 ? "end" : "middle"
            out += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"\(anchor)\">\(Int(x))</text>\n"
        }
        out += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 8)\" text-anchor=\"middle\">step</text>\n"
        if !train.isEmpty {
            out += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1\" points=\"\(train.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " "))\"/>\n"
        }
        if !valid.isEmpty {
            out += "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"\(valid.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " "))\"/>\n"
            for p in valid { out += "<circle cx=\"\(f(px(p.0)))\" cy=\"\(f(py(p.1)))\" r=\"2.5\" fill=\"#d62728\"/>" }
            out += "\n"
        }
        let legendX = left + plotW - 230
        out += "<line x1=\"\(legendX)\" y1=\"22\" x2=\"\(legendX + 20)\" y2=\"22\" stroke=\"#1f77b4\"/><text x=\"\(legendX + 24)\" y=\"26\">training loss</text>"
        out += "<line x1=\"\(legendX + 110)\" y1=\"22\" x2=\"\(legendX + 130)\" y2=\"22\" stroke=\"#d62728\" stroke-width=\"2\"/><text x=\"\(legendX + 134)\" y=\"26\">validation</text>\n"
        return out + "</svg>\n"
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }
    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
