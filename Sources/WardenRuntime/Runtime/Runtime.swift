public import WardenEngine
public import WardenIngest
public import WardenPolicy
public import WardenStore

/// The orchestrator: policies + store + engine. It reads input, applies it through the engine
/// and commits what changed, in transactions that hold whole changes. Time comes from `clock`.
public final class Runtime {
    public let store: SQLiteStore
    public internal(set) var state: EngineState
    public private(set) var policies: PolicySet
    public let clock: @Sendable () -> Timestamp
    var pending = PendingWrites()
    /// SCIM identity links (`Runtime+SCIM`), read on first use.
    var scimIdentities = SCIMIdentities()

    /// What opening did: whether the policies changed since the last run, and what that planned.
    public struct Opening: Sendable {
        public var policiesChanged: Bool
        public var delta: EngineDelta?
    }

    /// Opens the store and restores the engine. When the policies differ from those the database
    /// was last planned with, everyone is re-planned (cause `policy_change`) and committed.
    public init(databasePath: String, policies: PolicySet, clock: @escaping @Sendable () -> Timestamp) throws(StoreError) {
        self.store = try SQLiteStore(path: databasePath)
        self.policies = policies
        self.clock = clock
        (state, pending, opening) = try Self.restored(from: store, policies: policies, at: clock())
        try flush()
    }

    public private(set) var opening: Opening

    /// The engine as the store holds it, and what re-planning under changed policies would write.
    static func restored(from store: SQLiteStore, policies: PolicySet, at now: Timestamp) throws(StoreError)
        -> (EngineState, PendingWrites, Opening) {
        let loaded = try store.loadState()
        let changed = loaded.policyHash != nil && loaded.policyHash != policies.contentHash
        var state = EngineState(policies: policies, directory: loaded.directory, actions: loaded.openActions, violations: loaded.openViolations)
        var pending = PendingWrites()
        var opening = Opening(policiesChanged: false, delta: nil)
        if loaded.targetsPolicy == policies.contentHash {
            for row in loaded.targetRows {
                if let u = state.directory.userIndex(id: row.user) { state.restoreTargets(user: u, row.targets) }
            }
        } else {
            // Planned under another policy version: read by role names and re-plan everyone.
            let table = TargetCodec.parseRolesTable(loaded.targetsRoles ?? "[]")
            var previous: [(user: String, app: String, target: PlannedTarget)] = []
            for row in loaded.targetRows {
                for t in row.targets {
                    if let named = TargetCodec.named(t, table: table) { previous.append((row.user, named.app, named.target)) }
                }
            }
            let delta = state.replanAll(previous: previous, at: now)
            if changed { pending.record(delta) }
            pending.allTargets = true
            opening = Opening(policiesChanged: changed, delta: changed ? delta : nil)
        }
        if loaded.policyHash != policies.contentHash {
            pending.meta["policy_hash"] = policies.contentHash
        }
        return (state, pending, opening)
    }

    /// Commits pending changes in one transaction, then drops the records it closed from memory.
    public func flush() throws(StoreError) {
        guard let batch = takeBatch() else { return }
        do {
            try store.write(batch)
        } catch {
            recoverFromFailedCommit()
            throw error
        }
    }

    /// The pending changes as one batch to commit; memory moves on as if it were committed.
    func takeBatch() -> StoreBatch? {
        guard !pending.isEmpty else { return nil }
        var batch = pending.batch(from: state)
        batch.auditTime = clock()
        state.forget(closedActions: pending.actions, resolvedViolations: pending.violations.keys)
        pending = PendingWrites()
        return batch
    }

    /// After a commit failed, memory is ahead of the database: read the engine back from the
    /// store, so that input not acknowledged is applied again in full when it comes again.
    func recoverFromFailedCommit() {
        if let restored = try? Self.restored(from: store, policies: policies, at: clock()) {
            (state, pending, _) = restored
            scimIdentities = SCIMIdentities()
        }
    }

    // MARK: Operations other than ingest

    /// Evaluates deadlines, expiries and escalation at `now` and commits.
    public func check(at now: Timestamp) throws(StoreError) -> EngineDelta {
        let delta = state.check(at: now)
        pending.record(delta)
        try flush()
        return delta
    }

    /// Acknowledges actions (done or failed); each failure is reported, the rest are committed.
    public func acknowledge(_ ids: [String], success: Bool, message: String?, source: String = "ack",
                            at time: Timestamp) throws(StoreError) -> (changed: [Action], errors: [EngineError]) {
        var changed: [Action] = []
        var errors: [EngineError] = []
        for id in ids {
            do {
                if state.actions[id] == nil, let stored = try store.action(id: id) {
                    state.remember(stored)
                }
                let delta = try state.acknowledge(id, success: success, at: time, source: source, message: message)
                pending.record(delta)
                changed += delta.actions.filter { $0.id == id }
            } catch let e as EngineError {
                errors.append(e)
            } catch {
                throw error as! StoreError
            }
        }
        try flush()
        return (changed, errors)
    }

    /// Switches to new policies: everyone is re-planned under them (cause `policy_change`).
    public func reload(_ new: PolicySet, at time: Timestamp) throws(StoreError) -> EngineDelta {
        let delta = state.reload(new, at: time)
        policies = new
        pending.record(delta)
        pending.allTargets = true
        pending.meta["policy_hash"] = new.contentHash
        try flush()
        return delta
    }

    /// Releases (approve) or discards (reject) the actions held for a change.
    public func release(change: String, approve: Bool, by who: String?, at time: Timestamp) throws -> EngineDelta {
        let delta = approve ? try state.approve(change: change, at: time, by: who) : try state.reject(change: change, at: time, by: who)
        pending.record(delta)
        try flush()
        return delta
    }
}

extension Runtime {
    /// Applies a full directory snapshot at `time` and commits it with its raw bytes as one event.
    /// `baseline` adopts it as a first import instead (no actions, no drift).
    public func apply(snapshot: DirectorySnapshot, raw: [UInt8], at time: Timestamp, baseline: Bool = false) throws -> EngineDelta {
        let id = "snapshot:" + StableId.make("snap", [String(decoding: raw.prefix(1 << 20), as: UTF8.self), String(raw.count)]).dropFirst(5)
            + "@" + time.iso8601
        let delta = baseline ? try state.adopt(baseline: snapshot, id: id, at: time) : state.apply(snapshot: snapshot, id: id, at: time)
        pending.record(delta)
        pending.deletedDirectories = true
        try recordInput(EventRecord(id: id, type: "snapshot", source: "snapshot", receivedAt: clock(), effectiveAt: time,
                                    outcome: .applied, reason: nil, payload: raw.count <= 16 << 20 ? raw : Array(raw.prefix(16 << 20))))
        try flush()
        return delta
    }
}

extension Runtime {
    /// Reconciles an app's account export at `time` and commits the findings; the export itself is
    /// recorded as an input event (evidence). Throws, changing nothing, when it is not an export.
    public func reconcile(app: String, export bytes: [UInt8], at time: Timestamp) throws -> (ReconcileReport, [IngestError]) {
        let read = try AccountExport.read(bytes)
        let report = try reconcile(app: app, accounts: read.accounts, at: time, recordAs: bytes)
        return (report, read.problems)
    }

    /// Reconciles accounts (from an export, or read live through a connector) and commits the findings.
    public func reconcile(app: String, accounts: [ExportedAccount], at time: Timestamp, recordAs raw: [UInt8]? = nil) throws -> ReconcileReport {
        let (report, delta) = try state.reconcile(app: app, accounts: accounts, at: time)
        let bytes = raw ?? JSONValue.array(accounts.map { a in
            .object([("user", .string(a.user)), ("roles", .array(a.roles.map(JSONValue.string))), ("status", .string(a.status.rawValue))])
        }).compactBytes
        pending.record(delta)
        let id = "reconcile:\(app):" + StableId.make("x", [String(decoding: bytes, as: UTF8.self)]).dropFirst(2) + "@" + time.iso8601
        try recordInput(EventRecord(id: id, type: "reconcile", source: "reconcile", receivedAt: clock(), effectiveAt: time,
                                    outcome: .applied, reason: nil, payload: bytes))
        try flush()
        return report
    }
}

extension Runtime {
    /// Records a snapshot or an export as an input event; the same input at the same time again
    /// is a duplicate (its id is taken), as a repeated event is.
    func recordInput(_ event: EventRecord) throws(StoreError) {
        guard let id = event.id, try !store.knownEventIds([id]).isEmpty else { return pending.events.append(event) }
        pending.duplicates.append(id)
    }
}
