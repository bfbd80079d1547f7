internal import GRDB
public import WardenEngine
public import WardenPolicy

/// One connector attempt at an action.
public struct DispatchAttempt: Sendable, Hashable {
    public var actionId: String
    public var at: Timestamp
    /// `scim` or `webhook`.
    public var connector: String
    /// `done`, `failed` or `retry`.
    public var outcome: String
    public var status: Int?
    public var message: String?
    public var retryAt: Timestamp?

    public init(actionId: String, at: Timestamp, connector: String, outcome: String, status: Int?, message: String?, retryAt: Timestamp?) {
        self.actionId = actionId
        self.at = at
        self.connector = connector
        self.outcome = outcome
        self.status = status
        self.message = message
        self.retryAt = retryAt
    }
}

extension SQLiteStore {
    /// Takes the lease on an action for `holder` until `until`, unless another holder has a
    /// lease that has not expired at `now`. True when this holder now has it.
    public func claim(action id: String, holder: String, until: Timestamp, now: Timestamp) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                INSERT INTO leases (action_id, holder, until) VALUES (?, ?, ?)
                ON CONFLICT(action_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE leases.until < ? OR leases.holder = excluded.holder
                """, arguments: [id, holder, until.milliseconds, now.milliseconds])
            return db.changesCount == 1
        }
    }

    public func release(action id: String, holder: String) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM leases WHERE action_id = ? AND holder = ?", arguments: [id, holder]) }
    }

    /// Records attempts (audited) in one transaction.
    public func record(attempts: [DispatchAttempt], at time: Timestamp) throws(StoreError) {
        guard !attempts.isEmpty else { return }
        try write { db in
            for a in attempts {
                try db.execute(sql: "INSERT INTO attempts (action_id, at, connector, outcome, status, message, retry_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [a.actionId, a.at.milliseconds, a.connector, a.outcome, a.status, a.message, a.retryAt?.milliseconds])
            }
            try AuditLog.append(attempts.map { a in
                AuditLog.Entry(at: a.at, kind: "attempt", subject: a.actionId, content: JSONValue.object([
                    ("action", .string(a.actionId)), ("connector", .string(a.connector)), ("outcome", .string(a.outcome)),
                    ("status", a.status.map { .number(Double($0)) } ?? .null), ("message", a.message.map(JSONValue.string) ?? .null),
                    ("retry_at", a.retryAt.map { .string($0.iso8601) } ?? .null),
                ]).compactText)
            }, in: db)
        }
    }

    /// The attempts at an action, oldest first.
    public func attempts(action id: String) throws(StoreError) -> [DispatchAttempt] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT action_id, at, connector, outcome, status, message, retry_at FROM attempts WHERE action_id = ? ORDER BY seq",
                             arguments: [id]).map { row in
                DispatchAttempt(actionId: row[0], at: Timestamp(milliseconds: row[1]), connector: row[2], outcome: row[3], status: row[4],
                                message: row[5], retryAt: (row[6] as Int64?).map { Timestamp(milliseconds: $0) })
            }
        }
    }

    /// Pending actions of `apps` due to be carried out at `now`: `not_before` passed and not
    /// waiting for a retry (unless `retryNow`, an operator's manual retry); oldest first.
    public func dispatchable(apps: [String], now: Timestamp, retryNow: Bool = false, limit: Int = 500) throws(StoreError) -> [Action] {
        guard !apps.isEmpty else { return [] }
        return try read { db in
            let marks = apps.map { _ in "?" }.joined(separator: ",")
            var args: [(any DatabaseValueConvertible)?] = apps
            args += [now.milliseconds, retryNow ? Int64.max : now.milliseconds]
            return try ActionRows.fetch(db, where: """
                status = 'pending' AND app IN (\(marks)) AND (not_before IS NULL OR not_before <= ?)
                AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.action_id = actions.id
                                AND t.seq = (SELECT MAX(seq) FROM attempts u WHERE u.action_id = actions.id) AND t.retry_at > ?)
                """, arguments: args, limit: limit)
        }
    }
}
