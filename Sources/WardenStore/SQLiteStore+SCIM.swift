internal import GRDB
public import WardenPolicy

/// The SCIM resources behind `/scim/v2` (tables of migration `v5-scim`). Reads go straight to
/// the database; writes travel in a `StoreBatch` so that they commit with the engine's changes.
extension SQLiteStore {
    private static let columns = """
        type, id, directory_id, revision, created, last_modified, user_name_key, external_id, display_name_key, email_key, \
        linked, attributes
        """

    /// The resource `type`/`id` of the directory, or nil.
    public func scimRow(type: String, id: String, directoryId: String) throws(StoreError) -> SCIMRow? {
        try scimRows(type: type, directoryId: directoryId, key: .id(id)).first
    }

    /// The resources of a type and directory in creation order, all of them or those whose
    /// column `key` names holds the value.
    public func scimRows(type: String, directoryId: String, key: SCIMRowKey? = nil) throws(StoreError) -> [SCIMRow] {
        var sql = "SELECT \(Self.columns) FROM scim_resources WHERE type = ? AND directory_id = ?"
        var arguments: StatementArguments = [type, directoryId]
        if let key {
            switch key {
            case .id(let v): sql += " AND id = ?"; arguments += [v]
            case .externalId(let v): sql += " AND external_id = ?"; arguments += [v]
            case .userNameKey(let v): sql += " AND user_name_key = ?"; arguments += [v]
            case .displayNameKey(let v): sql += " AND display_name_key = ?"; arguments += [v]
            }
        }
        return try read { db in try Self.fetchRows(db, sql + " ORDER BY seq", arguments) }
    }

    /// One page (`offset` rows skipped, at most `limit`) of a type and directory in creation
    /// order, and how many there are in all.
    public func scimPage(type: String, directoryId: String, offset: Int, limit: Int) throws(StoreError) -> (total: Int, rows: [SCIMRow]) {
        try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scim_resources WHERE type = ? AND directory_id = ?",
                                         arguments: [type, directoryId]) ?? 0
            let rows = limit <= 0 ? [] : try Self.fetchRows(db, """
                SELECT \(Self.columns) FROM scim_resources WHERE type = ? AND directory_id = ? ORDER BY seq LIMIT ? OFFSET ?
                """, [type, directoryId, limit, max(offset, 0)])
            return (total, rows)
        }
    }

    /// The groups of the directory that list `userId` among their members, in creation order.
    public func scimGroups(withMember userId: String, directoryId: String) throws(StoreError) -> [SCIMRow] {
        try read { db in
            try Self.fetchRows(db, """
                SELECT \(Self.columns) FROM scim_resources WHERE type = 'Group' AND directory_id = ?
                AND id IN (SELECT group_id FROM scim_members WHERE user_id = ?) ORDER BY seq
                """, [directoryId, userId])
        }
    }

    /// Every resource's identity keys (attributes and members left empty) and every link
    /// (`sourceId` → `scimId`): what identity linking keeps in memory.
    public func scimIdentities() throws(StoreError) -> (rows: [SCIMRow], links: [(sourceId: String, scimId: String)]) {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT type, id, directory_id, external_id, display_name_key, email_key, linked FROM scim_resources ORDER BY seq
                """).map { r in
                SCIMRow(type: r[0], id: r[1], directoryId: r[2], revision: 0, created: Timestamp(milliseconds: 0),
                        lastModified: Timestamp(milliseconds: 0), userNameKey: nil, externalId: r[3], displayNameKey: r[4],
                        emailKey: r[5], attributes: "", members: [], linked: (r[6] as Int) != 0)
            }
            let links = try Row.fetchAll(db, sql: "SELECT source_id, scim_id FROM scim_links").map { (sourceId: $0[0] as String, scimId: $0[1] as String) }
            return (rows, links)
        }
    }

    /// Why `writes` cannot be committed in the directory, if they cannot: a resource not at
    /// the expected revision (a created one that exists, in any directory), or a `userName`
    /// that would then be held twice. Writes are checked in order, each seeing the earlier ones.
    public func scimConflict(in writes: [SCIMRowWrite], directoryId: String) throws(StoreError) -> SCIMWriteConflict? {
        try read { db in
            var revisions: [String: (directory: String, revision: Int)?] = [:]
            var holders: [String: String?] = [:]
            func stored(_ type: String, _ id: String) throws -> (directory: String, revision: Int)? {
                if let known = revisions[type + "/" + id] { return known }
                let row = try Row.fetchOne(db, sql: "SELECT directory_id, revision FROM scim_resources WHERE type = ? AND id = ?",
                                           arguments: [type, id])
                return row.map { (directory: $0[0], revision: $0[1]) }
            }
            func holder(_ key: String) throws -> String? {
                if let known = holders[key] { return known }
                return try String.fetchOne(db, sql: "SELECT id FROM scim_resources WHERE directory_id = ? AND user_name_key = ?",
                                           arguments: [directoryId, key])
            }
            // A user's userName key as of the earlier writes; releasing frees it for later ones.
            var names: [String: String?] = [:]
            func release(_ type: String, _ id: String) throws {
                guard type == "User" else { return }
                let key = try names[id] ?? String.fetchOne(db, sql: "SELECT user_name_key FROM scim_resources WHERE type = 'User' AND id = ?",
                                                           arguments: [id])
                if let key { holders[key] = .some(nil) }
                names[id] = .some(nil)
            }
            func claim(_ row: SCIMRow) throws -> Bool {
                guard let key = row.userNameKey else { return true }
                if let other = try holder(key), other != row.id { return false }
                holders[key] = .some(row.id)
                names[row.id] = .some(key)
                return true
            }
            for write in writes {
                switch write {
                case .create(let row):
                    guard try stored(row.type, row.id) == nil else { return .revision(type: row.type, id: row.id) }
                    revisions[row.type + "/" + row.id] = .some((directoryId, row.revision))
                    guard try claim(row) else { return .userNameTaken }
                case let .replace(row, previous):
                    guard let current = try stored(row.type, row.id), current.directory == directoryId, current.revision == previous else {
                        return .revision(type: row.type, id: row.id)
                    }
                    revisions[row.type + "/" + row.id] = .some((directoryId, row.revision))
                    try release(row.type, row.id)
                    guard try claim(row) else { return .userNameTaken }
                case let .delete(type, id, revision):
                    guard let current = try stored(type, id), current.directory == directoryId, current.revision == revision else {
                        return .revision(type: type, id: id)
                    }
                    revisions[type + "/" + id] = .some(nil)
                    try release(type, id)
                case .link:
                    continue
                }
            }
            return nil
        }
    }

    /// Applies SCIM writes inside the caller's transaction.
    static func apply(scim writes: [SCIMRowWrite], in db: Database) throws {
        for write in writes {
            switch write {
            case .create(let row):
                try db.execute(sql: """
                    INSERT INTO scim_resources (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row.type, row.id, row.directoryId, row.revision, row.created.milliseconds,
                                     row.lastModified.milliseconds, row.userNameKey, row.externalId, row.displayNameKey, row.emailKey,
                                     row.linked ? 1 : 0, row.attributes])
                try setMembers(row, db)
            case .replace(let row, _):
                try db.execute(sql: """
                    UPDATE scim_resources SET revision = ?, last_modified = ?, user_name_key = ?, external_id = ?, display_name_key = ?,
                    email_key = ?, linked = linked OR ?, attributes = ? WHERE type = ? AND id = ?
                    """, arguments: [row.revision, row.lastModified.milliseconds, row.userNameKey, row.externalId, row.displayNameKey,
                                     row.emailKey, row.linked ? 1 : 0, row.attributes, row.type, row.id])
                try setMembers(row, db)
            case let .delete(type, id, _):
                try db.execute(sql: "DELETE FROM scim_resources WHERE type = ? AND id = ?", arguments: [type, id])
                if type == "Group" { try db.execute(sql: "DELETE FROM scim_members WHERE group_id = ?", arguments: [id]) }
            case let .link(directoryId, type, sourceId, scimId):
                try db.execute(sql: "INSERT OR REPLACE INTO scim_links (source_id, directory_id, type, scim_id) VALUES (?, ?, ?, ?)",
                               arguments: [sourceId, directoryId, type, scimId])
                try db.execute(sql: "UPDATE scim_resources SET linked = 1 WHERE type = ? AND id = ?", arguments: [type, scimId])
            }
        }
    }

    private static func setMembers(_ row: SCIMRow, _ db: Database) throws {
        guard row.type == "Group" else { return }
        try db.execute(sql: "DELETE FROM scim_members WHERE group_id = ?", arguments: [row.id])
        for (position, user) in row.members.enumerated() {
            try db.execute(sql: "INSERT INTO scim_members (group_id, position, user_id) VALUES (?, ?, ?)", arguments: [row.id, position, user])
        }
    }

    private static func fetchRows(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [SCIMRow] {
        var rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map { r in
            SCIMRow(type: r[0], id: r[1], directoryId: r[2], revision: r[3], created: Timestamp(milliseconds: r[4]),
                    lastModified: Timestamp(milliseconds: r[5]), userNameKey: r[6], externalId: r[7], displayNameKey: r[8],
                    emailKey: r[9], attributes: r[11], members: [], linked: (r[10] as Int) != 0)
        }
        let groups = rows.indices.filter { rows[$0].type == "Group" }
        for chunk in stride(from: 0, to: groups.count, by: 500).map({ Array(groups[$0..<min($0 + 500, groups.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            var members: [String: [String]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT group_id, user_id FROM scim_members WHERE group_id IN (\(marks)) ORDER BY group_id, position",
                                      arguments: StatementArguments(chunk.map { rows[$0].id })) {
                members[r[0], default: []].append(r[1])
            }
            for i in chunk { rows[i].members = members[rows[i].id] ?? [] }
        }
        return rows
    }
}
