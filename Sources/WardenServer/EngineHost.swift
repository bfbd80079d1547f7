import Logging
public import WardenEngine
public import WardenIngest
public import WardenPolicy
public import WardenRuntime
public import WardenStore

/// Owns the runtime: every change to Warden's state goes through this actor, one at a time,
/// and is committed before the call returns. Reads can use `store` directly.
public actor EngineHost {
    let runtime: Runtime
    public nonisolated let store: SQLiteStore
    public private(set) var policies: PolicySet
    private let clock: @Sendable () -> Timestamp

    public init(databasePath: String, policies: PolicySet, clock: @escaping @Sendable () -> Timestamp) throws(StoreError) {
        runtime = try Runtime(databasePath: databasePath, policies: policies, clock: clock)
        store = runtime.store
        self.policies = policies
        self.clock = clock
    }

    /// What became of one webhook event.
    public enum Outcome: Sendable {
        case applied(String), duplicate(String), stale(String), ignored(String, reason: String)
        case rejected(IngestError)
    }

    /// Webhook bodies waiting for the next group commit, with their callers.
    private var queued: [(input: InputEvent, reply: CheckedContinuation<(Outcome, [Action]), any Error>)] = []
    private var draining = false

    /// Applies one webhook body and returns what became of it and the actions it created, only
    /// after it is committed. Bodies that arrive while a commit is in progress are committed
    /// together in the next transaction (group commit): one commit serves many requests.
    /// `input` is the body as `InputEvent(parsing:)` reads it.
    public func ingestWebhook(_ input: InputEvent) async throws -> (Outcome, [Action]) {
        try await withCheckedThrowingContinuation { reply in
            queued.append((input, reply))
            if !draining {
                draining = true
                Task { self.drain() }
            }
        }
    }

    /// Commits everything queued, group by group, and answers each caller.
    private func drain() {
        while !queued.isEmpty {
            let group = queued
            queued = []
            do {
                let summary = try runtime.ingest(group.map(\.input), source: "webhook", batchSize: group.count)
                for (waiting, item) in zip(group, summary.items) { waiting.reply.resume(returning: (Self.outcome(item), item.actions)) }
            } catch {
                for waiting in group { waiting.reply.resume(throwing: error) }
            }
        }
        draining = false
    }

    private static func outcome(_ item: IngestSummary.Item) -> Outcome {
        let id = item.id ?? ""
        switch item.outcome {
        case .applied: return .applied(id)
        case .duplicate: return .duplicate(id)
        case .stale: return .stale(id)
        case .ignored(let reason): return .ignored(id, reason: reason)
        case .rejected(let e): return .rejected(e)
        }
    }

    /// Applies a page of events and stores `cursor` in the same transaction.
    public func ingestPage(_ events: [InputEvent], cursor: (name: String, value: String)?, source: String) throws -> IngestSummary {
        try runtime.ingest(events, source: source, batchSize: max(events.count, 1), cursor: cursor)
    }

    public func acknowledge(_ id: String, success: Bool, message: String?, source: String = "api") throws -> (Action?, EngineError?) {
        let result = try runtime.acknowledge([id], success: success, message: message, source: source, at: clock())
        if let e = result.errors.first { return (nil, e) }
        return (try store.action(id: id), nil)
    }

    public func check() throws -> EngineDelta { try runtime.check(at: clock()) }

    /// The directory's record of a user.
    public func user(_ id: String) -> DirectoryUser? {
        runtime.state.directory.userIndex(id: id).map { runtime.state.directory.user($0) }
    }

    /// Reconciles an app against accounts read live from it.
    public func reconcile(app: String, accounts: [ExportedAccount]) throws -> ReconcileReport {
        try runtime.reconcile(app: app, accounts: accounts, at: clock())
    }

    public func explain(user: String, app: String?) -> Explanation? {
        var state = runtime.state
        return state.explain(user: user, app: app, at: clock())
    }

    /// Switches to new policies (refused by the caller when they have errors).
    public func reload(_ new: PolicySet) throws -> EngineDelta {
        let delta = try runtime.reload(new, at: clock())
        policies = new
        return delta
    }
}
