import Foundation

/// The generators a model lends its calls (samplers, completers, decoder steppers): each call takes
/// one that no other thread is using, or makes one, and gives it back. A generator packs the
/// model's weights once when made, and a completer keeps the state of the drawing it last read, so
/// a model that an app asks again and again answers from what it already has.
final class GeneratorPool<Generator: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Generator] = []
    private let capacity: (Generator) -> Int
    /// Idle generators kept at most: more calls at once than this make and drop their own.
    private let kept = 4

    init(capacity: @escaping (Generator) -> Int) { self.capacity = capacity }

    /// Runs `body` with an idle generator of at least `needed` capacity (the one used last among
    /// them, whose cache is the freshest), or with one made by `make`.
    func with<T>(capacity needed: Int, make: () throws -> Generator, _ body: (Generator) throws -> T) throws -> T {
        let generator = try take(needed) ?? make()
        defer { giveBack(generator) }
        return try body(generator)
    }

    private func take(_ needed: Int) -> Generator? {
        lock.lock()
        defer { lock.unlock() }
        guard let i = idle.lastIndex(where: { capacity($0) >= needed }) else { return nil }
        return idle.remove(at: i)
    }

    private func giveBack(_ generator: Generator) {
        lock.lock()
        defer { lock.unlock() }
        idle.append(generator)
        if idle.count > kept { idle.removeFirst() }
    }
}
