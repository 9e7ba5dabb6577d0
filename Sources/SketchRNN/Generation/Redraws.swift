/// Drawing again what runs out of steps.
///
/// The data sets hold only sketches of at most Nmax points, so a model of them should give longer
/// ones no mass; ours give them a little (2–10 % of `sheep`'s drawings, most of them lost
/// scribble, docs/generation.md). Drawing such a sketch again from the start, with a fresh random
/// stream (`GenerationRandom.drawing(_:draw:)`), samples the model conditioned on ending within the
/// limit, as the data is. The first draw of a sketch is the one it would be without redraws, so a
/// sketch that ends at once is unchanged; each redraw costs at most one more run to the limit.
public enum Redraws {
    /// The generating commands', the app's and the library's: with up to 10 % of drawings running
    /// out, 4 redraws leave about one in 100 000 unended.
    public static let `default` = 4
}
