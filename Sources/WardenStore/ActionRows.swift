import Foundation
internal import GRDB
import WardenEngine
import WardenPolicy

/// Actions as rows, one column per field.
enum ActionRows {
    static let columns = """
        id, type, app, role, roles, user_id, user_email, cause_kind, cause_event, cause_detail, rule_file, rule_line, rule_path,
        owner, created_at, not_before, due_at, status, change_id, resolution_source, resolution_at, resolution_message,
        resolution_by, previous
        """

    static func upsert(_ db: Database, _ actions: [Action]) throws {
        guard !actions.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: 24).joined(separator: ", ")
        let updates = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0 != "id" }
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        // A done action stays done: another process (say, `warden enforce` beside the server) may
        // have completed it while this one still held it open in memory.
        let statement = try RawStatement(db, """
            INSERT INTO actions (\(columns)) VALUES (\(placeholders))
            ON CONFLICT(id) DO UPDATE SET \(updates) WHERE actions.status != 'done'
            """)
        for a in actions {
            statement.bind(1, a.id)
            statement.bind(2, a.type.rawValue)
            statement.bind(3, a.app)
            statement.bind(4, a.role)
            statement.bind(5, a.roles?.joined(separator: "\n"))
            statement.bind(6, a.user.id)
            statement.bind(7, a.user.email)
            statement.bind(8, a.cause.kind.rawValue)
            statement.bind(9, a.cause.event)
            statement.bind(10, a.cause.detail)
            statement.bind(11, a.rule.file)
            statement.bind(12, a.rule.line)
            statement.bind(13, a.rule.path)
            statement.bind(14, a.owner)
            statement.bind(15, a.createdAt.milliseconds)
            statement.bind(16, a.notBefore?.milliseconds)
            statement.bind(17, a.dueAt.milliseconds)
            statement.bind(18, a.status.rawValue)
            statement.bind(19, a.change)
            statement.bind(20, a.resolution?.source)
            statement.bind(21, a.resolution?.at.milliseconds)
            statement.bind(22, a.resolution?.message)
            statement.bind(23, a.resolution?.by)
            statement.bind(24, a.previous?.description)
            try statement.run()
        }
    }

    static func fetch(_ db: Database, where clause: String, arguments: [(any DatabaseValueConvertible)?],
                      order: String = "created_at, id", limit: Int? = nil) throws -> [Action] {
        var sql = "SELECT \(columns) FROM actions WHERE \(clause) ORDER BY \(order)"
        if let limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(decode)
    }

    static func decode(_ row: Row) throws -> Action {
        func time(_ i: Int) -> Timestamp? { (row[i] as Int64?).map { Timestamp(milliseconds: $0) } }
        guard let type = ActionType(rawValue: row[1]), let kind = CauseKind(rawValue: row[7]),
              let status = ActionStatus(rawValue: row[17]) else {
            throw StoreError("corrupt action row `\(row[0] as String)`")
        }
        let roles: String? = row[4]
        let source: String? = row[19]
        return Action(
            id: row[0], type: type, app: row[2], role: row[3], roles: roles.map { $0.isEmpty ? [] : $0.split(separator: "\n").map(String.init) },
            user: UserRef(id: row[5], email: row[6]), cause: Cause(kind: kind, event: row[8], detail: row[9]),
            rule: RuleRef(file: row[10], line: row[11], path: row[12]), owner: row[13], createdAt: time(14)!,
            notBefore: time(15), dueAt: time(16)!, status: status, change: row[18],
            resolution: source.map { Resolution(source: $0, at: time(20) ?? time(14)!, message: row[21], by: row[22]) },
            previous: (row[23] as String?).flatMap(PlannedTarget.init(text:)))
    }
}

/// Violations as rows.
enum ViolationRows {
    static let columns = """
        id, kind, severity, status, app, user_id, user_email, role, action_id, owner, owner_name, owner_contact,
        escalated_to, escalated_name, escalated_contact, escalated_at, detected_at, due_at, resolved_at, summary, evidence
        """

    static func upsert(_ db: Database, _ violations: [Violation]) throws {
        guard !violations.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: 21).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO violations (\(columns)) VALUES (\(placeholders))")
        for v in violations {
            let values: [(any DatabaseValueConvertible)?] = [
                v.id, v.kind.rawValue, v.severity.rawValue, v.status.rawValue, v.app, v.user?.id, v.user?.email, v.role, v.action,
                v.owner.id, v.owner.name, v.owner.contact, v.escalatedTo?.id, v.escalatedTo?.name, v.escalatedTo?.contact,
                v.escalatedAt?.milliseconds, v.detectedAt.milliseconds, v.dueAt?.milliseconds, v.resolvedAt?.milliseconds,
                v.summary, Codecs.evidenceData(v.evidence),
            ]
            try statement.execute(arguments: StatementArguments(values))
        }
    }

    static func fetch(_ db: Database, where clause: String, arguments: [(any DatabaseValueConvertible)?],
                      order: String = "detected_at, id") throws -> [Violation] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM violations WHERE \(clause) ORDER BY \(order)",
                         arguments: StatementArguments(arguments)).map(decode)
    }

    static func decode(_ row: Row) throws -> Violation {
        func time(_ i: Int) -> Timestamp? { (row[i] as Int64?).map { Timestamp(milliseconds: $0) } }
        guard let kind = ViolationKind(rawValue: row[1]), let severity = Severity(rawValue: row[2]),
              let status = ViolationStatus(rawValue: row[3]) else {
            throw StoreError("corrupt violation row `\(row[0] as String)`")
        }
        let userId: String? = row[5]
        let escalated: String? = row[12]
        return Violation(
            id: row[0], kind: kind, severity: severity, status: status, app: row[4],
            user: userId.map { UserRef(id: $0, email: row[6]) }, role: row[7], action: row[8],
            owner: OwnerRef(id: row[9], name: row[10], contact: row[11]),
            escalatedTo: escalated.map { OwnerRef(id: $0, name: row[13] ?? $0, contact: row[14] ?? "") },
            detectedAt: time(16)!, dueAt: time(17), summary: row[19], evidence: Codecs.decodeEvidence(row[20]),
            resolvedAt: time(18), escalatedAt: time(15))
    }
}
