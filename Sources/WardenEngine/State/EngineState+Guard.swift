public import WardenPolicy

extension EngineState {
    /// Holds the removals of one change when they exceed `guard.max-removals-per-change`, and
    /// raises a `blast_radius` violation to the fallback owner (SPEC §4.5).
    mutating func applyGuard(change: String, detail: String, at time: Timestamp) {
        guard let limit = policies.settings.maxRemovalsPerChange else { return }
        let removals = recording.actionOrder.compactMap { actions[$0] }
            .filter { $0.change == change && recording.created.contains($0.id) && $0.isRemoval && $0.status.isOpen }
        guard removals.count > limit else { return }
        for action in removals {
            var held = action
            held.status = .held
            store(held)
        }
        let id = StableId.violation(kind: .blastRadius, app: nil, user: nil, subject: change)
        let apps = Set(removals.map(\.app)).sorted()
        store(Violation(
            id: id, kind: .blastRadius, severity: .high, app: nil, user: nil, owner: owner(forApp: nil), detectedAt: time,
            summary: "\(detail) would remove access \(removals.count) times (limit \(limit)); the removals are held until `warden approve \(change)` or `warden reject \(change)`",
            evidence: ["change": change, "removals": String(removals.count), "limit": String(limit),
                       "apps": apps.joined(separator: ","), "users": String(Set(removals.map(\.user.id)).count)]))
    }

    /// Releases the held actions of a change: they become pending (or scheduled until `not_before`).
    public mutating func approve(change: String, at time: Timestamp, by who: String? = nil) throws(EngineError) -> EngineDelta {
        try release(change: change, at: time) { action in
            action.status = (action.notBefore.map { $0 > time } ?? false) ? .scheduled : .pending
            action.resolution = Resolution(source: "approve", at: time, message: who.map { "approved by \($0)" })
        }
    }

    /// Discards the held actions of a change and restores the targets they would have changed.
    public mutating func reject(change: String, at time: Timestamp, by who: String? = nil) throws(EngineError) -> EngineDelta {
        try release(change: change, at: time) { action in
            action.status = .rejected
            action.resolution = Resolution(source: "reject", at: time, message: who.map { "rejected by \($0)" })
        }
    }

    private mutating func release(change: String, at time: Timestamp, _ update: (inout Action) -> Void) throws(EngineError) -> EngineDelta {
        let held = sortedActions.filter { $0.change == change && $0.status == .held }
        guard !held.isEmpty else { throw EngineError("nothing_held", "no held actions for change `\(change)`") }
        var delta = EngineDelta()
        for action in held {
            var a = action
            update(&a)
            store(a)
            if a.status == .rejected, let previous = a.previous, let u = directory.userIndex(id: a.user.id),
               let app = program.appIndexById[a.app] {
                setTarget(user: u, app: app, to: previous)
                recording.targets.append(.init(user: a.user.id, app: a.app, target: previous))
            }
        }
        let id = StableId.violation(kind: .blastRadius, app: nil, user: nil, subject: change)
        if var v = violations[id], v.status == .open {
            v.status = .resolved
            v.resolvedAt = time
            store(v)
        }
        finish(&delta)
        return delta
    }
}
