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
