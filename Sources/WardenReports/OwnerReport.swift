public import WardenEngine
public import WardenPolicy

/// One owner's report: their open violations, and those escalated to them (SPEC §4.4).
public struct OwnerReport: Sendable {
    public var owner: OwnerRef
    public var generatedAt: Timestamp
    /// Open violations ordered by severity (critical first), then due time, then id.
    public var items: [Item]
    /// When this owner was last sent a report, if ever (from `warden notify`).
    public var lastNotified: Timestamp?

    public struct Item: Sendable {
        public var violation: Violation
        /// The violation reached this owner by escalation (it is owned by someone else).
        public var viaEscalation: Bool
        /// Display name of the app, when the violation has one.
        public var appName: String?
        /// How long it has been open at `generatedAt`.
        public var age: PolicyDuration
    }

    /// Open violations per severity, every severity present (zero included).
    public var counts: [(severity: Severity, count: Int)] {
        Severity.allCases.map { s in (s, items.filter { $0.violation.severity == s }.count) }
    }
}

/// Builds owner reports from violations.
public enum OwnerReports {
    /// One report per owner declared in the policies (or only `owner`), each holding the open
    /// violations it owns or that were escalated to it (at any level of the chain so far). Owners with nothing open still get a
    /// report (with zero counts), so "all clear" is explicit. An owner that open violations name
    /// but the policies no longer declare gets a report too, so no open violation goes unreported.
    public static func build(violations: [Violation], policies: PolicySet, at now: Timestamp, owner only: String? = nil,
                             lastNotified: [String: Timestamp] = [:]) -> [OwnerReport] {
        let open = violations.filter { $0.status == .open }
        var known: [String: OwnerRef] = [:]
        for v in open {
            known[v.owner.id] = v.owner
            if let e = v.escalatedTo { known[e.id] = e }
        }
        for o in policies.owners { known[o.id] = OwnerRef(o) }
        let owners = known.values.filter { only == nil || $0.id == only }.sorted { $0.id < $1.id }
        return owners.map { owner in
            let items = open.compactMap { v -> OwnerReport.Item? in
                let mine = v.owner.id == owner.id
                let escalated = !mine && v.escalationPath(in: policies).contains(owner.id)
                guard mine || escalated else { return nil }
                return OwnerReport.Item(violation: v, viaEscalation: escalated, appName: v.app.flatMap { policies.application($0)?.name },
                                        age: now - v.detectedAt)
            }.sorted { a, b in
                let x = a.violation, y = b.violation
                if x.severity != y.severity { return x.severity < y.severity }
                let dx = x.dueAt ?? x.detectedAt, dy = y.dueAt ?? y.detectedAt
                if dx != dy { return dx < dy }
                return x.id < y.id
            }
            return OwnerReport(owner: owner, generatedAt: now, items: items, lastNotified: lastNotified[owner.id])
        }
    }
}
