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
