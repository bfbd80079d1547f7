public import WardenEngine
public import WardenIngest
public import WardenPolicy
public import WardenStore

/// What an ingest did.
public struct IngestSummary: Sendable {
    public var applied = 0
    public var duplicates = 0
    public var stale = 0
    public var ignored = 0
    public var rejected = 0
    /// One per rejected event: where and why.
    public var errors: [IngestError] = []
    /// Actions created by this ingest, in creation order (closed ones included; empty when not kept).
    public var newActions: [Action] = []
    /// How many actions this ingest created.
    public var newActionCount = 0
    /// Violations opened or changed by this ingest (e.g. `blast_radius`).
    public var violations: [Violation] = []
    /// What became of each input, in input order (only when actions are kept).
    public var items: [Item] = []

    /// One input's fate: its event id (when it had one), the outcome, the actions it created.
    public struct Item: Sendable {
        public enum Outcome: Sendable {
            case applied, duplicate, stale
            case ignored(reason: String)
            case rejected(IngestError)
        }

        public var id: String?
        public var outcome: Outcome
        public var actions: [Action]
    }

    public init() {}

    public var total: Int { applied + duplicates + stale + ignored + rejected }
}

extension Runtime {
    /// Applies WorkOS events in order, committing every `batchSize` events. An event id already
    /// recorded is a duplicate; a malformed event is recorded as rejected and the rest go on.
    /// `onCommit` hears, after each commit, how many events were done and the actions created.
    /// With `keepActions: false` the summary does not hold the new actions (for huge inputs).
    /// A `cursor` is committed with the first batch, so give it with a batch that holds every event.
    public func ingest(_ input: some Sequence<InputEvent>, source: String, batchSize: Int = 1000, keepActions: Bool = true,
                       cursor: (name: String, value: String)? = nil,
                       onCommit: ((Int, [Action]) -> Void)? = nil) throws(StoreError) -> IngestSummary {
        var summary = IngestSummary()
        try loadSCIMIdentities()
        if let cursor { pending.cursors[cursor.name] = cursor.value }
        var seen = Set<String>()
        let receivedAt = clock()
        var iterator = input.makeIterator()
        var done = 0
        let committer = BatchCommitter(store: store)
        var committing: (Int, [Action])?
        func nextChunk() -> [InputEvent] {
            var chunk: [InputEvent] = []
            chunk.reserveCapacity(batchSize)
            while chunk.count < batchSize, let item = iterator.next() { chunk.append(item) }
            return chunk
        }
        var chunk = nextChunk()
        while !chunk.isEmpty {
            let following = nextChunk()
            let createdBefore = summary.newActions.count
            var decoded: [(InputEvent, Result<WorkOSEvent, IngestError>)] = []
            for item in chunk {
                switch item.json {
                case .failure(let f):
                    decoded.append((item, .failure(IngestError("invalid JSON at column \(f.column): \(f.message)", line: item.line))))
                case .success(let json):
                    do {
                        decoded.append((item, .success(try WorkOSDecoder.decode(json))))
                    } catch {
                        decoded.append((item, .failure(error.at(line: item.line))))
                    }
                }
            }
            let ids = decoded.compactMap { try? $0.1.get().id }
            let known = try store.knownEventIds(ids.filter { !seen.contains($0) })
            for (item, result) in decoded {
                switch result {
                case .failure(let error):
                    summary.rejected += 1
                    summary.errors.append(error)
                    let claimed = (try? item.json.get())?["id"]?.stringValue
                    if keepActions { summary.items.append(.init(id: claimed, outcome: .rejected(error), actions: [])) }
                    pending.events.append(EventRecord(
                        id: nil, claimedId: claimed, type: (try? item.json.get())?["event"]?.stringValue, source: source,
                        receivedAt: receivedAt, effectiveAt: nil, outcome: .rejected, reason: error.description, payload: item.bytes))
                case .success(let event):
                    if known.contains(event.id) || !seen.insert(event.id).inserted {
                        summary.duplicates += 1
                        pending.duplicates.append(event.id)
                        if keepActions { summary.items.append(.init(id: event.id, outcome: .duplicate, actions: [])) }
                        continue
                    }
                    let delta = apply(event)
                    record(delta, event: event, bytes: item.bytes, source: source, at: receivedAt, into: &summary)
                    if keepActions {
                        let outcome: IngestSummary.Item.Outcome
                        switch delta.outcome {
                        case .applied: outcome = .applied
                        case .stale: outcome = .stale
                        case .ignored(let why): outcome = .ignored(reason: why)
                        }
                        summary.items.append(.init(id: event.id, outcome: outcome, actions: delta.createdActions))
                    }
                }
            }
            done += chunk.count
            let created = Array(summary.newActions[createdBefore...])
            summary.newActionCount += created.count
            if !keepActions { summary.newActions.removeAll(keepingCapacity: true) }
            // Commit this batch in the background while the next one is planned; report a batch
            // only once it is committed.
            // The last (often the only: a webhook) batch commits on this thread, without a hand-off.
            let batch = takeBatch()
            try awaitCommit(committer, report: &committing, onCommit)
            if let batch { committer.submit(batch, inline: following.isEmpty) }
            committing = (done, created)
            chunk = following
        }
        try awaitCommit(committer, report: &committing, onCommit)
        return summary
    }

    /// Waits for the batch in flight, then tells `onCommit`; a failed commit puts memory back in
    /// step with the database before the error goes on.
    private func awaitCommit(_ committer: BatchCommitter, report: inout (Int, [Action])?,
                             _ onCommit: ((Int, [Action]) -> Void)?) throws(StoreError) {
        do {
            try committer.wait()
        } catch {
            recoverFromFailedCommit()
            throw error
        }
        if let (done, created) = report { onCommit?(done, created) }
        report = nil
    }

    func apply(_ event: WorkOSEvent) -> EngineDelta {
        let delta = state.apply(linkedToSCIM(event.envelope))
        pending.record(delta)
        if case .deleteDirectory = event.change { pending.deletedDirectories = true }
        return delta
    }

    func record(_ delta: EngineDelta, event: WorkOSEvent, bytes: [UInt8], source: String, at time: Timestamp,
                into summary: inout IngestSummary) {
        let outcome: EventRecord.Outcome
        var reason: String?
        switch delta.outcome {
        case .applied:
            outcome = .applied
            summary.applied += 1
        case .stale:
            outcome = .stale
            reason = "older than the mirror"
            summary.stale += 1
        case .ignored(let why):
            outcome = .ignored
            reason = why
            summary.ignored += 1
        }
        summary.newActions += delta.createdActions
        summary.violations += delta.violations
        pending.events.append(EventRecord(id: event.id, type: event.type, source: source, receivedAt: time,
                                          effectiveAt: event.createdAt, outcome: outcome, reason: reason, payload: bytes))
    }
}
