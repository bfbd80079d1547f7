public import WardenEngine
public import WardenPolicy

/// Reads directory snapshots (SPEC §3.3): `{"users", "groups", "memberships"}` objects, and
/// WorkOS list responses (`{"object": "list", "data": [...]}`) of directory users (with their
/// `groups`) or directory groups. Several files together form one snapshot.
public enum SnapshotDecoder {
    public static func decode(_ documents: [JSONValue], directories: Set<String>? = nil) throws(IngestError) -> DirectorySnapshot {
        var users: [String: DirectoryUser] = [:]
        var groups: [String: DirectoryGroup] = [:]
        var memberships: [(String, String)] = []
        let version = Version.origin
        func addUser(_ value: JSONValue, _ path: String) throws(IngestError) {
            let reader = try FieldReader(value, path: path)
            let user = try WorkOSDecoder.user(reader, event: version)
            users[user.id] = user
            if case .array(let embedded)? = value["groups"] {
                for (i, g) in embedded.enumerated() {
                    let group = try WorkOSDecoder.group(FieldReader(g, path: "\(path).groups[\(i)]"), event: version)
                    groups[group.id] = group
                    memberships.append((user.id, group.id))
                }
            }
        }
        func addGroup(_ value: JSONValue, _ path: String) throws(IngestError) {
            let group = try WorkOSDecoder.group(FieldReader(value, path: path), event: version)
            groups[group.id] = group
        }
        for (n, doc) in documents.enumerated() {
            let prefix = documents.count > 1 ? "file \(n + 1): " : ""
            func items(_ key: String) throws(IngestError) -> [JSONValue] {
                guard let v = doc[key] else { return [] }
                guard case .array(let list) = v else { throw IngestError("\(prefix)expected a list", field: key) }
                return list
            }
            if doc["object"]?.stringValue == "list" || doc["data"] != nil {
                for (i, item) in try items("data").enumerated() {
                    switch item["object"]?.stringValue {
                    case "directory_group": try addGroup(item, "data[\(i)]")
                    case "directory_user", nil: try addUser(item, "data[\(i)]")
                    case let other?: throw IngestError("\(prefix)expected `directory_user` or `directory_group`, found `\(other.prefix(40))`", field: "data[\(i)].object")
                    }
                }
                continue
            }
            guard case .object = doc, doc["users"] != nil || doc["groups"] != nil else {
                throw IngestError("\(prefix)not a directory snapshot: expected `users`/`groups`/`memberships`, or a WorkOS list response")
            }
            for (i, u) in try items("users").enumerated() { try addUser(u, "users[\(i)]") }
            for (i, g) in try items("groups").enumerated() { try addGroup(g, "groups[\(i)]") }
            for (i, m) in try items("memberships").enumerated() {
                let r = try FieldReader(m, path: "memberships[\(i)]")
                memberships.append((try r.string("user"), try r.string("group")))
            }
        }
        for (i, m) in memberships.enumerated() where users[m.0] == nil || groups[m.1] == nil {
            throw IngestError("membership of unknown \(users[m.0] == nil ? "user `\(m.0)`" : "group `\(m.1)`")", field: "memberships[\(i)]")
        }
        return DirectorySnapshot(users: users.values.sorted { $0.id < $1.id }, groups: groups.values.sorted { $0.id < $1.id },
                                 memberships: memberships.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { (user: $0.0, group: $0.1) },
                                 directories: directories)
    }
}
