import WardenEngine
import WardenStore

/// What identity linking between SCIM resources and other sources keeps in memory: every SCIM
/// resource id, the links made (another source's id → the SCIM id it is read as), and the SCIM
/// resources not yet joined with another identity, filed by the keys a WorkOS user or group
/// can match them on: `idp_id` = `externalId`, then a user's email or a group's name (both
/// ignoring case) — always within one directory. See docs/scim.md, "Identity mapping".
struct SCIMIdentities {
    private(set) var loaded = false
    private(set) var ids: Set<String> = []
    private(set) var links: [String: String] = [:]
    private var candidates: [Key: Set<String>] = [:]
    private var keysById: [String: [Key]] = [:]
    /// The mirror's users and groups by the same keys, for SCIM resources about to be created.
    var mirror = MirrorIndex()

    struct Key: Hashable {
        var directoryId: String
        var type: String
        /// `idp`, `email` or `name`.
        var field: String
        var value: String
    }

    /// Nothing to link to, nothing linked: WorkOS input passes through untouched.
    var isEmpty: Bool { ids.isEmpty && links.isEmpty }

    mutating func load(rows: [SCIMRow], links: [(sourceId: String, scimId: String)]) {
        for row in rows { record(row) }
        for link in links { self.links[link.sourceId] = link.scimId }
        loaded = true
    }

    /// Files a created or replaced resource under its current keys (none once it is joined).
    mutating func record(_ row: SCIMRow) {
        remove(row.id)
        ids.insert(row.id)
        guard !row.linked else { return }
        let second = row.type == "User" ? ("email", row.emailKey) : ("name", row.displayNameKey)
        let keys = [("idp", row.externalId), second].compactMap { field, value in
            value.map { Key(directoryId: row.directoryId, type: row.type, field: field, value: $0) }
        }
        for key in keys { candidates[key, default: []].insert(row.id) }
        keysById[row.id] = keys
    }

    /// Forgets a deleted resource (its links stay: they name an identity that is gone).
    mutating func remove(_ id: String) {
        for key in keysById.removeValue(forKey: id) ?? [] {
            candidates[key]?.remove(id)
            if candidates[key]?.isEmpty == true { candidates[key] = nil }
        }
        ids.remove(id)
    }

    /// From now on `sourceId` is read as `scimId`, which takes no further links.
    mutating func link(_ sourceId: String, to scimId: String) {
        links[sourceId] = scimId
        for key in keysById.removeValue(forKey: scimId) ?? [] {
            candidates[key]?.remove(scimId)
            if candidates[key]?.isEmpty == true { candidates[key] = nil }
        }
    }

    /// The one unjoined SCIM resource of the directory with this `idp_id`, else the one with
    /// this email (users) or name (groups); nil when none or several match.
    func candidate(directoryId: String, type: String, idpId: String?, second: String?) -> String? {
        let secondField = type == "User" ? "email" : "name"
        for (field, value) in [("idp", idpId), (secondField, second?.lowercased())] {
            guard let value, let found = candidates[Key(directoryId: directoryId, type: type, field: field, value: value)] else { continue }
            return found.count == 1 ? found.first : nil
        }
        return nil
    }
}

/// The mirror's users and groups by directory and `idp_id`, email (users) or name (groups),
/// lowercased: what a new SCIM resource can be joined with. It indexes users and groups as they
/// are appended to the mirror (indices are dense and never reused), so a lookup costs what the
/// new entries cost; a key that changed later is missed, so callers check each candidate.
struct MirrorIndex {
    private var users = 0, groups = 0
    private var entries: [SCIMIdentities.Key: [Int32]] = [:]

    mutating func catchUp(with directory: Directory) {
        while users < directory.users.count {
            let u = directory.users[users]
            file("User", u.directoryId, idp: u.idpId, key: u.email, Int32(users))
            users += 1
        }
        while groups < directory.groups.count {
            let g = directory.groups[groups]
            file("Group", g.directoryId, idp: g.idpId, key: g.name, Int32(groups))
            groups += 1
        }
    }

    func candidates(type: String, directoryId: String, field: String, value: String) -> [Int32] {
        entries[SCIMIdentities.Key(directoryId: directoryId, type: type, field: field, value: value)] ?? []
    }

    private mutating func file(_ type: String, _ directoryId: String, idp: String?, key: String?, _ index: Int32) {
        for (field, value) in [("idp", idp), (type == "User" ? "email" : "name", key?.lowercased())] {
            guard let value else { continue }
            entries[SCIMIdentities.Key(directoryId: directoryId, type: type, field: field, value: value), default: []].append(index)
        }
    }
}

