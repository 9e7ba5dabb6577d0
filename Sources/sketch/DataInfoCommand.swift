import ArgumentParser
import Foundation
import SketchRNN

struct DataInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show each split's size and sketch lengths, and the scale factor.",
        discussion: "Several files are read as one data set (their classes concatenated), as training would read them."
    )

    @Argument(help: "sketch-rnn .npz files (train/valid/test of stroke-3 arrays), or names of fetched data sets (cat).")
    var files: [String]

    @Option(help: "Drop sketches longer than this (default: keep all; Nmax is the longest).")
    var nmax: Int?

    func run() throws {
        let urls = try DataSetArguments.urls(files)
        let start = Date()
        let set = try SketchDataSet.load(urls, nmax: nmax)
        let seconds = Date().timeIntervalSince(start)
        print("data set: \(set.names.joined(separator: " + ")) (read in \(String(format: "%.2f", seconds)) s)")
        print("split     count    min     mean    max")
        for split in Split.allCases {
            let s = set.summary(split)
            print(split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                  + String(format: " %8d %6d %8.1f %6d", s.count, s.minLength, s.meanLength, s.maxLength))
        }
        print(String(format: "scale factor %.4f (standard deviation of the training dx and dy)", set.scaleFactor))
        print("Nmax \(set.nmax)\(nmax == nil ? " (longest sketch of all splits)" : " (given)")")
    }
}
