@testable import SketchRNN

/// A completion of absolute polylines as the face reads them (`SketchModel.reading(of:)`, `Units`),
/// run on a given `Completer`: the completer's tests keep one completer (and its cached prefix)
/// across calls, which the face's pool does not promise.
struct PolylineRequest {
    var polylines: [Polyline]
    var dataPixelsPerUnit: Float = 1
    var penLifted = true
    var count = 4
    var temperature = SamplingTemperature(0.25)
    var seed: UInt64 = 0
    var simplifyEpsilon: Float = 2
    var maxSteps: Int?
    var stopAtEnd = true
    var redraws = Redraws.default
    var latent: [Float]?
    var maxPrefixPoints: Int?

    var request: Completer.Request {
        Completer.Request(count: count, temperature: temperature, seed: seed, maxSteps: maxSteps, stopAtEnd: stopAtEnd,
                          latent: latent, redraws: redraws, maxPrefixPoints: maxPrefixPoints)
    }
}

extension Completer {
    func face(_ r: PolylineRequest) throws -> SketchModel {
        try SketchModel(file: model, configuration: SketchModel.Configuration(threads: 1, dataPixelsPerUnit: r.dataPixelsPerUnit))
    }

    /// The prefix in model units, as the face feeds it.
    func prefix(of r: PolylineRequest) throws -> Sketch {
        let face = try face(r)
        return face.units.toModel(face.reading(of: r.polylines, penLifted: r.penLifted, simplification: r.simplifyEpsilon))
    }

    @discardableResult
    func complete(_ r: PolylineRequest, isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }) throws -> Progress {
        try complete(modelPrefix: prefix(of: r), outputUnit: face(r).units.callerPerModel, request: r.request,
                     isCancelled: isCancelled, progress: progress)
    }
}
