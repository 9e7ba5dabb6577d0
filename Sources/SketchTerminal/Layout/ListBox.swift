/// A scrolling list in a box in the middle of the screen (the model picker): which rows show,
/// and which item a screen row is.
package struct ListBox: Equatable, Sendable {
    package let box: Rect
    /// The first item shown and how many fit.
    package let first: Int
    package let visible: Int
    package let count: Int

    /// A box for `count` items of `width` characters on a terminal of `size`, scrolled so that
    /// `selection` is shown (near the middle when the list is longer than the box).
    package init(size: TerminalSize, count: Int, width: Int, selection: Int) {
        let w = min(max(20, width + 4), size.columns - 2)
        let h = min(count + 2, max(3, size.rows - 4))
        box = Rect(x: max(0, (size.columns - w) / 2), y: max(1, (size.rows - h) / 2), width: w, height: h)
        visible = max(1, h - 2)
        self.count = count
        first = min(max(0, count - visible), max(0, selection - visible / 2))
    }

    /// The screen row of item `index`, if it is shown.
    package func row(of index: Int) -> Int? {
        (first..<min(count, first + visible)).contains(index) ? box.y + 1 + index - first : nil
    }

    /// The item at a screen cell, if any.
    package func item(x: Int, y: Int) -> Int? {
        guard box.inset(by: 1).contains(x: x, y: y) else { return nil }
        let index = first + y - box.y - 1
        return index < count ? index : nil
    }
}
