import WardenEngine
import WardenPolicy

/// Builds the synthetic users, groups and events that policy-test steps describe.
struct TestDirectory {
    static let directoryId = "directory_policy_test"
    private var counter = 0

    /// A deterministic event id; later steps sort after earlier ones at the same time.
    mutating func nextEventId() -> String {
        counter += 1
        let digits = String(counter)
        return "test_event_" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func userId(for key: String) -> String {
        key.hasPrefix("directory_user_") ? key : "directory_user_" + slug(key)
    }

    static func group(named name: String, version: Version) -> DirectoryGroup {
        let id = name.hasPrefix("id:") ? String(name.dropFirst(3)) : "directory_group_" + slug(name)
        return DirectoryGroup(id: id, directoryId: directoryId, name: name.hasPrefix("id:") ? id : name, version: version)
    }

    /// Groups named in steps are created on first use and never renamed by steps.
    static func group(named name: String) -> DirectoryGroup {
        group(named: name, version: .origin)
    }

    /// The user a `join` (or a `snapshot` entry) describes, created at `createdAt`.
    static func user(_ spec: PolicyTest.UserSpec, createdAt: Timestamp, version: Version) -> DirectoryUser {
        var attributes: [String: String] = [:]
        for (k, v) in spec.attributes { if let v { attributes[k] = v } }
        return DirectoryUser(
            id: userId(for: spec.user), directoryId: directoryId, idpId: "idp_" + slug(spec.user),
            email: spec.user.contains("@") ? spec.user : nil,
            firstName: spec.firstName, lastName: spec.lastName, state: spec.state == "inactive" ? .inactive : .active,
            role: spec.role, attributes: attributes, createdAt: createdAt, version: version)
    }

    /// The change for `join`: the user and all its memberships at once.
    func join(_ spec: PolicyTest.UserSpec, version: Version) -> DirectoryChange {
        let user = Self.user(spec, createdAt: version.time, version: version)
        let memberships = (spec.groups ?? []).map { name in
            DirectoryChange.membership(user: user, group: Self.group(named: name), added: true, version: version)
        }
        return .batch([.upsertUser(user)] + memberships)
    }

    /// The directory a `snapshot` step describes: known users keep their creation time, so only
    /// what the step changes differs from the mirror.
    func snapshot(_ spec: PolicyTest.SnapshotSpec, in directory: Directory, version: Version) -> DirectorySnapshot {
        var groups: [String: DirectoryGroup] = [:]
        var users: [DirectoryUser] = []
        var memberships: [(user: String, group: String)] = []
        for name in spec.groups {
            let g = Self.group(named: name)
            groups[g.id] = g
        }
        for s in spec.users {
            let known = directory.userIndex(id: Self.userId(for: s.user)).map { directory.user($0) }
            let user = Self.user(s, createdAt: known?.createdAt ?? version.time, version: version)
            users.append(user)
            for name in s.groups ?? [] {
                let g = Self.group(named: name)
                groups[g.id] = g
                memberships.append((user.id, g.id))
            }
        }
        return DirectorySnapshot(users: users, groups: groups.values.sorted { $0.id < $1.id }, memberships: memberships,
                                 directories: [Self.directoryId])
    }

    /// The change for `update`, `deactivate` and `reactivate`.
    func update(_ existing: DirectoryUser, _ spec: PolicyTest.UserSpec, version: Version) -> DirectoryChange {
        var user = existing
        for (k, v) in spec.attributes { user.attributes[k] = v }
        if let s = spec.state { user.state = s == "inactive" ? .inactive : .active }
        if let f = spec.firstName { user.firstName = f }
        if let l = spec.lastName { user.lastName = l }
        if let r = spec.role { user.role = r }
        user.version = version
        return .upsertUser(user)
    }

    func delete(_ existing: DirectoryUser, version: Version) -> DirectoryChange {
        var user = existing
        user.version = version
        user.state = .deleted
        return .deleteUser(user)
    }

    func membership(_ user: DirectoryUser, group: String, added: Bool, version: Version) -> DirectoryChange {
        .membership(user: user, group: Self.group(named: group), added: added, version: version)
    }
}
