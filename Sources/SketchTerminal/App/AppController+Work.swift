import Foundation
import SketchRNN

/// The model's work: each request goes to the worker, and its results come back through the mailbox.
extension AppController {
    /// Runs `work` on the worker (cancelling what runs there); its error, if any, and its end are
    /// posted for the UI thread. Returns the job's id.
    func submitJob(_ work: @escaping (_ id: Int, _ isCancelled: () -> Bool) throws -> Void) -> Int {
        let mailbox = self.mailbox
        gridBrowser.ahead = nil  // a new job cancels the page being computed ahead
        return worker.submit { id, isCancelled in
            do {
                try work(id, isCancelled)
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
            mailbox.post(.jobDone(job: id))
        }
    }

    /// Asks the worker for endings of the drawing as it is now; returns the job id.
    @discardableResult
    func requestEndings() -> Int? {
        liveRequests.answered()
        guard let engine else { return nil }
        let strokes = state.drawing.allStrokes
        let request = EndingsRequest(strokes: strokes, penDown: state.drawing.isPenDown, count: shownEndingCount,
                                     temperature: state.temperature.value, seed: seeds())
        let mailbox = self.mailbox
        let jobID = submitJob { id, isCancelled in
            try engine.generateEndings(request, isCancelled: isCancelled) { mailbox.post(.endings(job: id, $0)) }
        }
        // The panels keep the previous endings until the first points of these arrive.
        state.panelRedraw = nil
        state.pendingEndings = EndingsView(job: jobID, prefix: strokes, connected: request.penDown,
                                           endings: Array(repeating: [], count: request.count),
                                           finished: Array(repeating: false, count: request.count))
        state.busy = true
        return jobID
    }

    /// Draws panel `index` again, whose ending stopped at once: a few candidates in one batch, and
    /// the first to draw something takes the panel.
    func redrawPanel(_ index: Int) {
        guard let engine, let view = state.endings else { return }
        let request = EndingsRequest(strokes: view.prefix, penDown: view.connected, count: AppController.panelRedrawCandidates,
                                     temperature: state.temperature.value, seed: seeds())
        let mailbox = self.mailbox
        let jobID = submitJob { id, isCancelled in
            try engine.generateEndings(request, isCancelled: isCancelled) { mailbox.post(.endings(job: id, $0)) }
        }
        state.panelRedraw = (jobID, index, nil)
        state.busy = true
        state.message = "ending \(index + 1) stopped at once: drawing another in its place"
    }

    /// Candidates drawn at once when a panel is drawn again.
    static let panelRedrawCandidates = 4

    /// A panel being drawn again takes the first candidate that draws something.
    func receivePanelRedraw(_ progress: EndingsProgress) {
        guard var redraw = state.panelRedraw, var view = state.endings, view.endings.indices.contains(redraw.panel) else { return }
        if redraw.choice == nil {
            redraw.choice = progress.endings.indices.first { progress.endings[$0].contains { !$0.penLifted } && progress.endings[$0].count >= 2 }
        }
        if let choice = redraw.choice {
            view.endings[redraw.panel] = progress.endings[choice]
            view.finished[redraw.panel] = progress.finished[choice]
            state.endings = view
            state.panelRedraw = progress.finished[choice] ? nil : redraw
        } else if progress.finished.allSatisfy({ $0 }) {
            state.panelRedraw = nil
            state.message = "the model stops here every time (\(AppController.panelRedrawCandidates) tries): it reads the drawing as finished"
        } else {
            state.panelRedraw = redraw
        }
    }

    /// `count` temperatures spread evenly over the whole range (0.05–1.5), on the 0.05 steps.
    package static func variationTemperatures(count: Int) -> [Float] {
        let range = Temperature.range
        guard count > 1 else { return [Temperature(0.5).value] }
        return (0..<count).map { i in
            let steps = range.lowerBound + Int((Float(i * (range.upperBound - range.lowerBound)) / Float(count - 1)).rounded())
            return Float(steps) * Temperature.step
        }
    }

    /// The status line when g or v is asked of a decoder-only model.
    static func needsVAEMessage(model: String) -> String { "g and v need a VAE model; \(model) is decoder-only" }

    func openVariations() {
        guard let engine else { return }
        guard engine.summary.isVAE else {
            state.message = Self.needsVAEMessage(model: engine.summary.name)
            return
        }
        let sketch = state.drawing.sketch
        guard !sketch.isEmpty else {
            state.message = "draw something first: v shows variations of the drawing"
            return
        }
        let temperatures = AppController.variationTemperatures(count: state.variationCount)
        let request = VariationsRequest(sketch: sketch, temperatures: temperatures, seed: seeds())
        let mailbox = self.mailbox
        let jobID = submitJob { id, isCancelled in
            try engine.variations(request, isCancelled: isCancelled) { mailbox.post(.variations(job: id, $0)) }
        }
        // Selection moves over the same arrangement the panels are drawn in.
        let boxes = Layout.grid(count: temperatures.count, in: layout?.gridArea ?? Rect(x: 0, y: 0, width: 1, height: 1))
        let columns = max(1, boxes.filter { $0.y == boxes.first?.y }.count)
        state.variations = SketchGridView(job: jobID, columns: columns, rows: (temperatures.count + columns - 1) / columns, count: temperatures.count,
                                          captions: temperatures.map { "τ " + Temperature.format($0) })
        state.mode = .variations
        state.busy = true
    }

    func takeSketch(_ sketch: Sketch, label: String) {
        // A decoded sketch starts at the origin: centre it on the canvas frame, scaled to fit.
        guard let frame = state.frame else { return }
        let lines = Sketch.polylines(of: sketch.points, from: .zero, connected: false)
        guard let box = BoundingBox(around: lines.joined()) else { return }
        let s = min(frame.width * 0.8 / max(box.width, 1e-3), frame.height * 0.8 / max(box.height, 1e-3))
        let centre = SIMD2(frame.minX + frame.width / 2, frame.minY + frame.height / 2)
        let boxCentre = SIMD2(box.minX + box.width / 2, box.minY + box.height / 2)
        state.mode = .drawing
        replaceDrawing(with: lines.map { $0.map { ($0 - boxCentre) * s + centre } }, label: label)
    }

    func switchModel(by delta: Int) {
        guard models.count > 1 else {
            state.message = "only one model: pass more with --model to switch between them"
            return
        }
        loadModel(((state.modelIndex + delta) % models.count + models.count) % models.count, announce: true)
    }

    /// Makes model `index` the one in use (loading it on the worker if needed); `announce` says
    /// so on the status bar once it is in use.
    func loadModel(_ index: Int, announce: Bool = false) {
        state.modelIndex = index
        announceModel = announce
        if let engine = engines[index] {
            state.model = engine.summary
            state.loadingModel = false
            afterModelChange()
            return
        }
        if announce { state.message = "loading \(models[index].name)…" }
        state.loadingModel = true
        state.model = nil
        let choice = models[index]
        let loader = self.loader, mailbox = self.mailbox
        worker.submit { id, _ in
            do {
                mailbox.post(.modelLoaded(index: index, try loader(choice)))
            } catch {
                mailbox.post(.failed(job: id, "\(error)"))
            }
        }
        state.endings = nil
        state.pendingEndings = nil
    }

    func afterModelChange() {
        if announceModel, let model = state.model {
            announceModel = false
            state.message = "model \(state.modelIndex + 1) of \(models.count): \(model.name) · \(model.kind)"
        }
        if state.mode == .grid || state.mode == .variations {
            if engine?.summary.isVAE == true { resample(); return }
            state.mode = .drawing
        }
        requestEndings()
    }

    func save() {
        if let message = sheetExport.save(state) { state.message = message }
    }

    func resample() {
        switch state.mode {
        case .grid: openGrid(newCorners: false)
        case .variations: openVariations()
        default: requestEndings()
        }
    }
}
