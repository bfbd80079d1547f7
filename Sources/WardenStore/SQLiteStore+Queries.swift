internal import GRDB
public import WardenEngine
public import WardenPolicy

/// Which actions to list.
public struct ActionQuery: Sendable {
    public var statuses: [ActionStatus] = []
    public var app: String?
    /// A directory user id or an email (without case).
    public var user: String?
    public var change: String?
    /// Only actions created after this id in listing order (created_at, id), for paging.
    public var after: String?
    public var limit: Int?

    public init(statuses: [ActionStatus] = [], app: String? = nil, user: String? = nil, change: String? = nil,
                after: String? = nil, limit: Int? = nil) {
        self.statuses = statuses
        self.app = app
        self.user = user
        self.change = change
        self.after = after
        self.limit = limit
    }
}

/// Which violations to list.
public struct ViolationQuery: Sendable {
    public var statuses: [ViolationStatus] = []
    /// Violations owned by, or escalated to, this owner.
    public var owner: String?
    public var severities: [Severity] = []
    public var app: String?

    public init(statuses: [ViolationStatus] = [], owner: String? = nil, severities: [Severity] = [], app: String? = nil) {
        self.statuses = statuses
        self.owner = owner
        self.severities = severities
        self.app = app
    }
}

extension SQLiteStore {
    public func actions(_ q: ActionQuery) throws(StoreError) -> [Action] {
        try read { db in
            var clauses = ["1"]
            var args: [(any DatabaseValueConvertible)?] = []
            if !q.statuses.isEmpty {
                clauses.append("status IN (" + q.statuses.map { _ in "?" }.joined(separator: ",") + ")")
                args += q.statuses.map(\.rawValue)
            }
            if let app = q.app { clauses.append("app = ?"); args.append(app) }
            if let user = q.user { clauses.append("(user_id = ? OR user_email = ? COLLATE NOCASE)"); args += [user, user] }
            if let change = q.change { clauses.append("change_id = ?"); args.append(change) }
            if let after = q.after {
                clauses.append("(created_at, id) > (SELECT created_at, id FROM actions WHERE id = ?)")
                args.append(after)
            }
            return try ActionRows.fetch(db, where: clauses.joined(separator: " AND "), arguments: args, limit: q.limit)
        }
    }

    public func action(id: String) throws(StoreError) -> Action? {
        try read { db in try ActionRows.fetch(db, where: "id = ?", arguments: [id]).first }
    }

    public func violations(_ q: ViolationQuery) throws(StoreError) -> [Violation] {
        try read { db in
            var clauses = ["1"]
            var args: [(any DatabaseValueConvertible)?] = []
            if !q.statuses.isEmpty {
                clauses.append("status IN (" + q.statuses.map { _ in "?" }.joined(separator: ",") + ")")
                args += q.statuses.map(\.rawValue)
            }
            if let owner = q.owner { clauses.append("(owner = ? OR escalated_to = ?)"); args += [owner, owner] }
            if !q.severities.isEmpty {
                clauses.append("severity IN (" + q.severities.map { _ in "?" }.joined(separator: ",") + ")")
                args += q.severities.map(\.rawValue)
            }
            if let app = q.app { clauses.append("app = ?"); args.append(app) }
            return try ViolationRows.fetch(db, where: clauses.joined(separator: " AND "), arguments: args)
        }
    }
}

/// A recorded input event, without its payload.
public struct EventSummary: Sendable {
    public var seq: Int64
    public var id: String?
    public var type: String?
    public var source: String
    public var outcome: String
    public var reason: String?
    public var effectiveAt: Timestamp?
    public var receivedAt: Timestamp
    public var deliveries: Int
}

extension SQLiteStore {
    /// Recorded events in arrival order, optionally only one outcome, newest `limit` when given.
    public func events(outcome: String? = nil, limit: Int? = nil) throws(StoreError) -> [EventSummary] {
        try read { db in
            var sql = "SELECT seq, id, type, source, outcome, reason, effective_at, received_at, deliveries FROM events"
            var args: [(any DatabaseValueConvertible)?] = []
            if let outcome { sql += " WHERE outcome = ?"; args.append(outcome) }
            sql += " ORDER BY seq DESC"
            if let limit { sql += " LIMIT \(limit)" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).reversed().map { row in
                EventSummary(seq: row[0], id: row[1], type: row[2], source: row[3], outcome: row[4], reason: row[5],
                             effectiveAt: (row[6] as Int64?).map { Timestamp(milliseconds: $0) }, receivedAt: Timestamp(milliseconds: row[7]),
                             deliveries: row[8])
            }
        }
    }

    /// How many events are recorded (each id once; rejected input counts too).
    public func eventCount(outcome: String? = nil) throws(StoreError) -> Int {
        try read { db in
            if let outcome { return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE outcome = ?", arguments: [outcome]) ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
        }
    }
}

extension SQLiteStore {
    /// Every stored target in role names: (user id, app id, target).
    public func plannedTargets() throws(StoreError) -> [(user: String, app: String, target: PlannedTarget)] {
        let loaded = try loadState()
        let table = TargetCodec.parseRolesTable(loaded.targetsRoles ?? "[]")
        return loaded.targetRows.flatMap { row in
            row.targets.compactMap { t in TargetCodec.named(t, table: table).map { (row.user, $0.app, $0.target) } }
        }
    }
}

extension SQLiteStore {
    /// (type, status, count) of every stored action.
    public func actionCounts() throws(StoreError) -> [(String, String, Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT type, status, COUNT(*) FROM actions GROUP BY type, status ORDER BY type, status").map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Open violations per severity.
    public func openViolationCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT severity, COUNT(*) FROM violations WHERE status = 'open' GROUP BY severity") {
                out[row[0]] = row[1]
            }
            return out
        }
    }

    /// Whether the database answers.
    public func ping() -> Bool {
        (try? read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

extension SQLiteStore {
    /// Records delivery attempts (audited) in one transaction.
    public func record(deliveries: [DeliveryRecord], at time: Timestamp) throws(StoreError) {
        var batch = StoreBatch()
        batch.deliveries = deliveries
        batch.auditTime = time
        try write(batch)
    }

    /// When each owner last received a report.
    public func lastDelivered() throws(StoreError) -> [String: Timestamp] {
        try read { db in
            var out: [String: Timestamp] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT owner, MAX(at) FROM deliveries WHERE outcome = 'delivered' GROUP BY owner") {
                out[row[0]] = Timestamp(milliseconds: row[1])
            }
            return out
        }
    }
}
