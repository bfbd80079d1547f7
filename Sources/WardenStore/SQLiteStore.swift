import Foundation
internal import GRDB
public import WardenEngine
public import WardenPolicy

/// The embedded store: one SQLite file in WAL mode (SPEC §8). Each `write` is one transaction.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    /// Nil for a read-only store.
    private let checkpointer: Checkpointer?
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`. `readOnly` opens an
    /// existing database without writing anything (for `warden plan`).
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw StoreError("no database at `\(path)`")
        }
        let checkpointer = readOnly ? nil : Checkpointer(path: path)
        self.checkpointer = checkpointer
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // WAL + NORMAL: a commit survives a process crash (kill -9); only power loss can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 8 MiB of page cache (the default is 2 MiB). Not more: every commit walks the whole
            // cache (SQLite's pcache truncate), and with 256 MiB that walk was a seventh of a
            // webhook's CPU time; the kernel's page cache serves the misses. Measured in BENCHMARKS.md.
            try db.execute(sql: "PRAGMA cache_size = -8192")
            // `Checkpointer` copies the WAL into the database file, outside commits.
            if let checkpointer, let connection = db.sqliteConnection { checkpointer.watch(connection) }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly { try Migrations.migrator().migrate(pool) }
        } catch {
            throw StoreError("cannot open database `\(path)`: \(Self.describe(error))")
        }
    }

    /// Checkpoints the WAL into the database file and closes it; later calls on this store fail.
    public func close() {
        checkpointer?.close()
        try? pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try? pool.close()
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode)" }
        return String(describing: error)
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("database read failed: \(Self.describe(error))")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("database write failed: \(Self.describe(error))")
        }
    }

    // MARK: Meta and cursors

    public func meta(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func cursor(_ name: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM cursors WHERE name = ?", arguments: [name]) }
    }

    /// Which of these event ids are already recorded. Asked on the writer's connection, without
    /// a read transaction of its own: it runs before every ingest, webhook requests included.
    public func knownEventIds(_ ids: [String]) throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        do {
            return try pool.writeWithoutTransaction { db throws(StoreError) in
                let lookup = try RawStatement(db, "SELECT 1 FROM events WHERE id = ?")
                var known = Set<String>()
                for id in ids {
                    lookup.bind(1, id)
                    if try lookup.next() { known.insert(id) }
                    lookup.reset()
                }
                return known
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("database read failed: \(Self.describe(error))")
        }
    }

    /// Counts of recorded events by outcome (duplicates are counted as extra deliveries).
    public func eventCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*), SUM(deliveries - 1) FROM events GROUP BY outcome") {
                out[row[0]] = row[1]
                out["duplicate", default: 0] += (row[2] as Int?) ?? 0
            }
            return out
        }
    }

    // MARK: Loading the engine's state

    /// What `loadState` reads back.
    public struct LoadedState: Sendable {
        public var directory: Directory
        /// Per user, the stored targets (sorted by app), planned under `targetsPolicy`.
        public var targetRows: [(user: String, targets: [AppTarget])]
        public var targetsPolicy: String?
        /// `TargetCodec.rolesTable` of the policy version the targets were planned under.
        public var targetsRoles: String?
        public var openActions: [Action]
        public var openViolations: [Violation]
        public var policyHash: String?
    }

    /// Reads the mirror, the targets and the open actions and violations.
    public func loadState() throws(StoreError) -> LoadedState {
        try read { db in
            var directory = Directory()
            let groups = try RawStatement(db, "SELECT id, directory_id, name, idp_id, deleted, version_time, version_event FROM groups ORDER BY rowid")
            while try groups.next() {
                directory.restore(group: DirectoryGroup(
                    id: groups.text(0), directoryId: groups.text(1), name: groups.text(2), idpId: groups.optionalText(3),
                    deleted: groups.int64(4) != 0, version: Version(time: Timestamp(milliseconds: groups.int64(5)), event: groups.text(6))))
            }
            let users = try RawStatement(db, "SELECT id, directory_id, email, state, version_time, version_event, data FROM users ORDER BY rowid")
            while try users.next() {
                let decoded = try users.withBlob(6) { data throws(StoreError) in
                    try Codecs.decodeUser(id: users.text(0), directoryId: users.text(1), email: users.optionalText(2), state: users.text(3),
                                          versionTime: users.int64(4), versionEvent: users.text(5), data: data)
                }
                directory.restore(user: decoded.user, everActive: decoded.everActive, memberships: decoded.memberships)
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, version_time, version_event FROM deleted_directories") {
                directory.restore(deletedDirectory: row[0], version: Version(time: Timestamp(milliseconds: row[1]), event: row[2]))
            }
            var targets: [(user: String, targets: [AppTarget])] = []
            targets.reserveCapacity(directory.userCount)
            let targetRows = try RawStatement(db, "SELECT user_id, data FROM targets")
            while try targetRows.next() {
                let user = targetRows.text(0)
                guard let list = try targetRows.withBlob(1, { TargetCodec.decode($0) }) else {
                    throw StoreError("corrupt targets row of user `\(user)`")
                }
                targets.append((user, list))
            }
            let actions = try ActionRows.fetch(db, where: "status IN ('pending', 'scheduled', 'held', 'failed')", arguments: [])
            let violations = try ViolationRows.fetch(db, where: "status = 'open'", arguments: [])
            let meta = { (key: String) in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
            return LoadedState(directory: directory, targetRows: targets, targetsPolicy: try meta("targets_policy"),
                               targetsRoles: try meta("targets_roles"), openActions: actions, openViolations: violations,
                               policyHash: try meta("policy_hash"))
        }
    }

    // MARK: Writing

    /// Commits the whole batch in one transaction.
    public func write(_ batch: StoreBatch) throws(StoreError) {
        guard !batch.isEmpty else { return }
        try write { db in
            let insertEvent = try RawStatement(db, """
                INSERT INTO events (id, claimed_id, type, source, received_at, effective_at, outcome, reason, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for e in batch.events {
                insertEvent.bind(1, e.id)
                insertEvent.bind(2, e.claimedId)
                insertEvent.bind(3, e.type)
                insertEvent.bind(4, e.source)
                insertEvent.bind(5, e.receivedAt.milliseconds)
                insertEvent.bind(6, e.effectiveAt?.milliseconds)
                insertEvent.bind(7, e.outcome.rawValue)
                insertEvent.bind(8, e.reason)
                insertEvent.bind(9, blob: e.payload)
                try insertEvent.run()
            }
            let duplicate = try RawStatement(db, "UPDATE events SET deliveries = deliveries + 1 WHERE id = ?")
            for id in batch.duplicates {
                duplicate.bind(1, id)
                try duplicate.run()
            }
            let upsertUser = try RawStatement(db, """
                INSERT INTO users (id, directory_id, email, state, version_time, version_event, data) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET directory_id = excluded.directory_id, email = excluded.email, state = excluded.state,
                version_time = excluded.version_time, version_event = excluded.version_event, data = excluded.data
                """)
            for row in batch.users {
                let u = row.user
                upsertUser.bind(1, u.id)
                upsertUser.bind(2, u.directoryId)
                upsertUser.bind(3, u.email)
                upsertUser.bind(4, u.state.rawValue)
                upsertUser.bind(5, u.version.time.milliseconds)
                upsertUser.bind(6, u.version.event)
                upsertUser.bind(7, blob: Codecs.userData(u, everActive: row.everActive, memberships: row.memberships))
                try upsertUser.run()
            }
            let upsertGroup = try db.cachedStatement(sql: """
                INSERT INTO groups (id, directory_id, name, idp_id, deleted, version_time, version_event) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET directory_id = excluded.directory_id, name = excluded.name, idp_id = excluded.idp_id,
                deleted = excluded.deleted, version_time = excluded.version_time, version_event = excluded.version_event
                """)
            for g in batch.groups {
                try upsertGroup.execute(arguments: [g.id, g.directoryId, g.name, g.idpId, g.deleted ? 1 : 0,
                                                    g.version.time.milliseconds, g.version.event])
            }
            for d in batch.deletedDirectories {
                try db.execute(sql: "INSERT OR REPLACE INTO deleted_directories (id, version_time, version_event) VALUES (?, ?, ?)",
                               arguments: [d.id, d.version.time.milliseconds, d.version.event])
            }
            let upsertTargets = try RawStatement(db, "INSERT OR REPLACE INTO targets (user_id, data) VALUES (?, ?)")
            let deleteTargets = try RawStatement(db, "DELETE FROM targets WHERE user_id = ?")
            for (user, data) in batch.targets {
                if data.isEmpty {
                    deleteTargets.bind(1, user)
                    try deleteTargets.run()
                } else {
                    upsertTargets.bind(1, user)
                    upsertTargets.bind(2, blob: data)
                    try upsertTargets.run()
                }
            }
            try ActionRows.write(db, batch.actions, created: batch.createdActions)
            try ViolationRows.upsert(db, batch.violations)
            for (name, value) in batch.cursors {
                try db.execute(sql: "INSERT OR REPLACE INTO cursors (name, value, updated_at) VALUES (?, ?, ?)",
                               arguments: [name, value, batch.events.last?.receivedAt.milliseconds ?? 0])
            }
            for (key, value) in batch.meta {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            for d in batch.deliveries {
                try db.execute(sql: """
                    INSERT INTO deliveries (owner, url, at, attempt, status, outcome, message, report_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [d.owner, d.url, d.at.milliseconds, d.attempt, d.status, d.outcome, d.message, d.reportSHA256])
            }
            try Self.apply(scim: batch.scim, in: db)
            try AuditLog.append(AuditLog.entries(for: batch, at: batch.auditTime), in: db)
        }
    }
}
