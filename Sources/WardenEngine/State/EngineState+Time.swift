public import WardenPolicy

extension EngineState {
    /// Evaluates time at `now` (SPEC §4.2): scheduled actions whose `not_before` passed become
    /// pending, expired exceptions yield their revokes, overdue actions open `deadline_missed`,
    /// and violations open longer than `escalate-after` are routed to the escalation owner.
    public mutating func check(at now: Timestamp) -> EngineDelta {
        var delta = EngineDelta()
        for action in sortedActions where action.status == .scheduled {
            if let nb = action.notBefore, nb <= now {
                var a = action
                a.status = .pending
                store(a)
            }
        }
        expireExceptions(until: now)
        for action in sortedActions where (action.status == .pending || action.status == .failed) && action.dueAt <= now {
            openDeadlineMissed(action, at: now)
        }
        escalate(at: now)
        finish(&delta)
        return delta
    }

    /// Re-plans the users of every exception that expired by `now`, at its expiry time.
    private mutating func expireExceptions(until now: Timestamp) {
        let expired = policies.exceptions.enumerated()
            .filter { $0.element.expires <= now }
            .sorted { ($0.element.expires, $0.element.id) < ($1.element.expires, $1.element.id) }
        for (i, e) in expired {
            for u in directory.users.indices where index.exceptions(of: Int32(u)).contains(i) {
                let context = PlanContext(change: "exception:\(e.id)", event: "exception:\(e.id)", time: e.expires,
                                          detail: "exception `\(e.id)` expired", kind: .exceptionExpired)
                replan(user: Int32(u), context)
                applyGuard(change: context.change, detail: "expiry of exception `\(e.id)`", at: e.expires)
            }
        }
    }

    private mutating func openDeadlineMissed(_ action: Action, at now: Timestamp) {
        let id = StableId.violation(kind: .deadlineMissed, app: action.app, user: action.user.id, subject: action.id)
        if let existing = violations[id], existing.status == .open { return }
        let severity: Severity
        switch action.cause.kind {
        case .leaver: severity = .critical
        case .joiner: severity = .low
        default: severity = action.isRemoval ? .high : .low
        }
        let v = Violation(
            id: id, kind: .deadlineMissed, severity: severity, app: action.app, user: action.user,
            role: action.role, action: action.id, owner: owner(forApp: action.app), detectedAt: now, dueAt: action.dueAt,
            summary: Summaries.deadlineMissed(action, appName: program.app(action.app)?.application.name ?? action.app),
            evidence: [
                "event": action.cause.event, "action_status": action.status.rawValue, "action_type": action.type.rawValue,
                "cause": action.cause.detail, "created_at": action.createdAt.iso8601,
                "rule": action.rule.description,
            ].merging(action.resolution?.message.map { ["last_message": $0] } ?? [:]) { a, _ in a })
        store(v)
    }

    /// Follows the escalation chain one level per `escalate-after`: an open violation detected
    /// that long ago is routed to its owner's escalation; still open that long after, to that
    /// owner's escalation, and so on to the end of the chain. Each level is reached once.
    private mutating func escalate(at now: Timestamp) {
        let after = policies.settings.escalateAfter
        for v in sortedViolations where v.status == .open && (v.escalatedAt ?? v.detectedAt) + after <= now {
            guard let next = policies.owner(v.escalatedTo?.id ?? v.owner.id)?.escalation, next != v.owner.id,
                  let target = policies.owner(next) else { continue }
            var e = v
            e.escalatedTo = OwnerRef(target)
            e.escalatedAt = now
            store(e)
        }
    }

    /// Resolves the open violations about an action (it was done, superseded or cancelled).
    mutating func resolveViolations(ofAction id: String, at time: Timestamp) {
        for vid in openViolationsByAction[id] ?? [] {
            guard var r = violations[vid] else { continue }
            r.status = .resolved
            r.resolvedAt = time
            store(r)
        }
    }

    /// Confirms an action: `done` resolves its missed deadline; `failed` keeps it owed.
    /// Acknowledging an action that is already done is a no-op.
    public mutating func acknowledge(_ id: String, success: Bool, at time: Timestamp, source: String = "ack",
                                     message: String? = nil) throws(EngineError) -> EngineDelta {
        var delta = EngineDelta()
        guard var action = actions[id] else { throw EngineError("unknown_action", "no action `\(id)`") }
        if action.status == .done {
            guard success else { throw EngineError("action_closed", "action `\(id)` is already done") }
            return delta
        }
        guard action.status.isOpen, action.status != .held else {
            throw EngineError("action_closed", "action `\(id)` is \(action.status.rawValue) and cannot be acknowledged")
        }
        action.status = success ? .done : .failed
        action.resolution = Resolution(source: source, at: time, message: message)
        store(action)
        if success { resolveViolations(ofAction: id, at: time) }
        finish(&delta)
        return delta
    }
}
