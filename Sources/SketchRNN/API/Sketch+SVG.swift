extension Sketch {
    /// The drawing as an SVG document: each stroke one black polyline, the drawing scaled
    /// uniformly to fit a `size` × `size` square with a margin.
    /// - Parameter size: The side of the square, in SVG user units.
    /// - Returns: The SVG document's text.
    public func svg(size: Float = 256) -> String {
        SVGSheet(sketch: self, cellSize: size).render()
    }
}
