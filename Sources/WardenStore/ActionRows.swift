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

    /// Writes actions: those in `created` whole; for the others only what can change after
    /// creation (status, schedule, resolution), falling back to a whole-row upsert when the row
    /// is not there. A done action stays done: another process (say, `warden enforce` beside the
    /// server) may have completed it while this one still held it open in memory.
    static func write(_ db: Database, _ actions: [Action], created: Set<String>) throws {
        guard !actions.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: 24).joined(separator: ", ")
        let updates = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0 != "id" }
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let upsert = try RawStatement(db, """
            INSERT INTO actions (\(columns)) VALUES (\(placeholders))
            ON CONFLICT(id) DO UPDATE SET \(updates) WHERE actions.status != 'done'
            """)
        let change = try RawStatement(db, """
            UPDATE actions SET status = ?, not_before = ?, due_at = ?, resolution_source = ?, resolution_at = ?,
            resolution_message = ?, resolution_by = ? WHERE id = ? AND status != 'done'
            """)
        for a in actions {
            if !created.contains(a.id) {
                change.bind(1, a.status.rawValue)
                change.bind(2, a.notBefore?.milliseconds)
                change.bind(3, a.dueAt.milliseconds)
                change.bind(4, a.resolution?.source)
                change.bind(5, a.resolution?.at.milliseconds)
                change.bind(6, a.resolution?.message)
                change.bind(7, a.resolution?.by)
                change.bind(8, a.id)
                try change.run()
                if change.changes == 1 { continue }
            }
            upsert.bind(1, a.id)
            upsert.bind(2, a.type.rawValue)
            upsert.bind(3, a.app)
            upsert.bind(4, a.role)
            upsert.bind(5, a.roles?.joined(separator: "\n"))
            upsert.bind(6, a.user.id)
            upsert.bind(7, a.user.email)
            upsert.bind(8, a.cause.kind.rawValue)
            upsert.bind(9, a.cause.event)
            upsert.bind(10, a.cause.detail)
            upsert.bind(11, a.rule.file)
            upsert.bind(12, a.rule.line)
            upsert.bind(13, a.rule.path)
            upsert.bind(14, a.owner)
            upsert.bind(15, a.createdAt.milliseconds)
            upsert.bind(16, a.notBefore?.milliseconds)
            upsert.bind(17, a.dueAt.milliseconds)
            upsert.bind(18, a.status.rawValue)
            upsert.bind(19, a.change)
            upsert.bind(20, a.resolution?.source)
            upsert.bind(21, a.resolution?.at.milliseconds)
            upsert.bind(22, a.resolution?.message)
            upsert.bind(23, a.resolution?.by)
            upsert.bind(24, a.previous?.description)
            try upsert.run()
        }
    }

    static func fetch(_ db: Database, where clause: String, arguments: [(any DatabaseValueConvertible)?],
                      order: String = "created_at, id", limit: Int? = nil) throws -> [Action] {
        var sql = "SELECT \(columns) FROM actions WHERE \(clause) ORDER BY \(order)"
        if let limit { sql += " LIMIT \(limit)" }
        let statement = try RawStatement(db, sql, cached: false)
        for (i, value) in arguments.enumerated() { try statement.bind(Int32(i + 1), any: value) }
        var out: [Action] = []
        while try statement.next() { out.append(try decode(statement)) }
        return out
    }

    static func decode(_ row: RawStatement) throws(StoreError) -> Action {
        func time(_ i: Int32) -> Timestamp? { row.optionalInt64(i).map { Timestamp(milliseconds: $0) } }
        guard let type = ActionType(rawValue: row.text(1)), let kind = CauseKind(rawValue: row.text(7)),
              let status = ActionStatus(rawValue: row.text(17)) else {
            throw StoreError("corrupt action row `\(row.text(0))`")
        }
        let created = Timestamp(milliseconds: row.int64(14))
        return Action(
            id: row.text(0), type: type, app: row.text(2), role: row.optionalText(3),
            roles: row.optionalText(4).map { $0.isEmpty ? [] : $0.split(separator: "\n").map(String.init) },
            user: UserRef(id: row.text(5), email: row.optionalText(6)), cause: Cause(kind: kind, event: row.text(8), detail: row.text(9)),
            rule: RuleRef(file: row.text(10), line: Int(row.int64(11)), path: row.text(12)), owner: row.text(13), createdAt: created,
            notBefore: time(15), dueAt: Timestamp(milliseconds: row.int64(16)), status: status, change: row.text(18),
            resolution: row.optionalText(19).map { Resolution(source: $0, at: time(20) ?? created, message: row.optionalText(21), by: row.optionalText(22)) },
            previous: row.optionalText(23).flatMap(PlannedTarget.init(text:)))
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
