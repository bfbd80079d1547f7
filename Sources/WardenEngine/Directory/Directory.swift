public import WardenPolicy

/// The in-memory mirror of the directory: users, groups, memberships, with last-writer-wins
/// versions so that duplicate, stale and out-of-order changes converge to the same state.
public struct Directory: Sendable {
    /// Users by dense index.
    public private(set) var users: [DirectoryUser] = []
    /// Groups by dense index (deleted ones stay as tombstones).
    public private(set) var groups: [DirectoryGroup] = []
    /// Per user: the indices of the groups they are a member of now, sorted.
    public private(set) var memberships: [[Int32]] = []
    /// Per user: the version of the last membership change per group, including removals.
    public private(set) var membershipRecords: [[MembershipRecord]] = []
    /// Per user: whether any input ever showed the user `active` (stale input included), so that
    /// "the user had an account" does not depend on the order events arrive in.
    public private(set) var everActive: [Bool] = []
    /// Directories deleted with `dsync.deleted`, and when.
    public private(set) var deletedDirectories: [String: Version] = [:]
    private var userIndexById: [String: Int32] = [:]
    private var userIndexByEmail: [String: Int32] = [:]
    private var groupIndexById: [String: Int32] = [:]

    public init() {}

    public struct MembershipKey: Sendable, Hashable {
        public var user: Int32
        public var group: Int32
    }

    public struct MembershipRecord: Sendable, Hashable {
        public var group: Int32
        public var present: Bool
        public var version: Version
    }

    private func membershipRecord(user: Int32, group: Int32) -> MembershipRecord? {
        membershipRecords[Int(user)].first { $0.group == group }
    }

    private mutating func setMembershipRecord(_ record: MembershipRecord, user: Int32) {
        if let i = membershipRecords[Int(user)].firstIndex(where: { $0.group == record.group }) {
            membershipRecords[Int(user)][i] = record
        } else {
            membershipRecords[Int(user)].append(record)
        }
    }

    public var userCount: Int { users.count }

    public func userIndex(id: String) -> Int32? { userIndexById[id] }

    /// By directory user id, else by email (without case).
    public func userIndex(idOrEmail key: String) -> Int32? {
        userIndexById[key] ?? userIndexByEmail[key.lowercased()]
    }

    public func groupIndex(id: String) -> Int32? { groupIndexById[id] }

    /// The live group with this exact name (the first by index when several share it).
    public func groupIndex(name: String) -> Int32? {
        groups.indices.first { !groups[$0].deleted && groups[$0].name == name }.map(Int32.init)
    }

    public func user(_ index: Int32) -> DirectoryUser { users[Int(index)] }
    public func group(_ index: Int32) -> DirectoryGroup { groups[Int(index)] }

    /// The names of the user's groups, sorted.
    public func groupNames(of user: Int32) -> [String] {
        memberships[Int(user)].map { groups[Int($0)].name }.sorted()
    }

    /// Users who are members of `group` now.
    public func members(of group: Int32) -> [Int32] {
        memberships.indices.filter { memberships[$0].contains(group) }.map(Int32.init)
    }

    // MARK: Applying changes

    /// What applying one change did.
    public struct ApplyResult: Sendable {
        public enum Outcome: Sendable, Hashable {
            case applied
            /// Older than what the mirror holds; nothing changed.
            case stale
            case ignored(String)
        }

        public var outcome: Outcome = .applied
        /// Users whose evaluation inputs may have changed, with a short reason each.
        public var affected: [(user: Int32, detail: String)] = []
        /// True when group names or existence changed (condition bindings must be refreshed).
        public var groupsChanged = false
        public var changedUsers: Set<Int32> = []
        public var changedGroups: Set<Int32> = []
        public var changedMemberships: Set<MembershipKey> = []
    }

    /// Applies `change` and reports what it touched. Never regresses newer state.
    public mutating func apply(_ change: DirectoryChange) -> ApplyResult {
        var result = ApplyResult()
        if let dir = change.directoryId, deletedDirectories[dir] != nil {
            result.outcome = .ignored("directory `\(dir)` was deleted")
            return result
        }
        switch change {
        case .upsertUser(let user):
            upsert(user, &result)
        case .deleteUser(var user):
            user.state = .deleted
            upsert(user, &result)
        case .upsertGroup(let group):
            upsert(group, &result)
        case .deleteGroup(var group):
            group.deleted = true
            upsert(group, &result)
        case let .membership(user, group, added, version):
            setMembership(user: user, group: group, added: added, version: version, &result)
        case let .deleteDirectory(id, version):
            deleteDirectory(id, version: version, &result)
        case .batch(let changes):
            var applied = false
            for c in changes {
                let r = apply(c)
                if r.outcome == .applied { applied = true }
                result.affected += r.affected
                result.groupsChanged = result.groupsChanged || r.groupsChanged
                result.changedUsers.formUnion(r.changedUsers)
                result.changedGroups.formUnion(r.changedGroups)
                result.changedMemberships.formUnion(r.changedMemberships)
            }
            if !applied && !changes.isEmpty { result.outcome = .stale }
        case .none(let reason):
            result.outcome = .ignored(reason)
        }
        return result
    }

    private mutating func upsert(_ incoming: DirectoryUser, _ result: inout ApplyResult) {
        guard let index = userIndexById[incoming.id] else {
            let index = Int32(users.count)
            users.append(incoming)
            memberships.append([])
            membershipRecords.append([])
            everActive.append(incoming.state == .active)
            userIndexById[incoming.id] = index
            if let email = incoming.email?.lowercased() { userIndexByEmail[email] = index }
            result.changedUsers.insert(index)
            result.affected.append((index, incoming.state == .active ? "user created" : "user created as \(incoming.state.rawValue)"))
            return
        }
        let old = users[Int(index)]
        if incoming.state == .active && !everActive[Int(index)] {
            everActive[Int(index)] = true
            result.changedUsers.insert(index)
            if old.state == .inactive && incoming.version <= old.version {
                result.affected.append((index, "user deactivated"))
            }
        }
        guard incoming.version > old.version else {
            if incoming.version < old.version { result.outcome = .stale }
            return
        }
        users[Int(index)] = incoming
        if old.email?.lowercased() != incoming.email?.lowercased() {
            if let e = old.email?.lowercased(), userIndexByEmail[e] == index { userIndexByEmail[e] = nil }
            if let e = incoming.email?.lowercased() { userIndexByEmail[e] = index }
        }
        result.changedUsers.insert(index)
        var sameContent = incoming
        sameContent.version = old.version
        // A newer copy with the same content (say, embedded in a membership event) changes no entitlement.
        if sameContent != old {
            result.affected.append((index, Self.describeUserChange(from: old, to: incoming)))
        }
    }

    static func describeUserChange(from old: DirectoryUser, to new: DirectoryUser) -> String {
        switch (old.state, new.state) {
        case (.active, .inactive): return "user deactivated"
        case (.active, .deleted), (.inactive, .deleted): return "user deleted from the directory"
        case (.inactive, .active): return "user reactivated"
        case (.deleted, .active): return "user restored"
        default: break
        }
        var changed: [String] = []
        for key in Set(old.attributes.keys).union(new.attributes.keys).sorted() where old.attributes[key] != new.attributes[key] {
            changed.append(key)
        }
        if old.role != new.role { changed.append("role") }
        if old.email?.lowercased() != new.email?.lowercased() { changed.append("email") }
        if changed.count == 1, let key = changed.first, key != "email" {
            let before = key == "role" ? old.role : old.attributes[key]
            let after = key == "role" ? new.role : new.attributes[key]
            return "`\(key)` changed from \(before.map { "`\($0)`" } ?? "nothing") to \(after.map { "`\($0)`" } ?? "nothing")"
        }
        if changed.isEmpty { return "user updated" }
        return "attributes changed: " + changed.map { "`\($0)`" }.joined(separator: ", ")
    }

    private mutating func upsert(_ incoming: DirectoryGroup, _ result: inout ApplyResult) {
        guard let index = groupIndexById[incoming.id] else {
            let index = Int32(groups.count)
            groups.append(incoming)
            groupIndexById[incoming.id] = index
            result.changedGroups.insert(index)
            result.groupsChanged = true
            return
        }
        let old = groups[Int(index)]
        guard incoming.version > old.version else {
            if incoming.version < old.version { result.outcome = .stale }
            return
        }
        groups[Int(index)] = incoming
        result.changedGroups.insert(index)
        guard old.name != incoming.name || old.deleted != incoming.deleted else { return }
        result.groupsChanged = true
        let detail = incoming.deleted ? "group `\(old.name)` deleted" : "group `\(old.name)` renamed to `\(incoming.name)`"
        for user in members(of: index) {
            if incoming.deleted {
                removeMembershipLocally(user: user, group: index)
                setMembershipRecord(MembershipRecord(group: index, present: false, version: incoming.version), user: user)
                result.changedMemberships.insert(MembershipKey(user: user, group: index))
                result.changedUsers.insert(user)
            }
            result.affected.append((user, detail))
        }
    }

    private mutating func setMembership(user: DirectoryUser, group: DirectoryGroup, added: Bool, version: Version,
                                        _ result: inout ApplyResult) {
        do {
            var sub = ApplyResult()
            upsert(user, &sub)
            result.changedUsers.formUnion(sub.changedUsers)
            result.affected += sub.affected
        }
        if groupIndexById[group.id] == nil || groups[Int(groupIndexById[group.id]!)].version < group.version {
            var sub = ApplyResult()
            upsert(group, &sub)
            result.changedGroups.formUnion(sub.changedGroups)
            result.changedMemberships.formUnion(sub.changedMemberships)
            result.affected += sub.affected
            result.groupsChanged = result.groupsChanged || sub.groupsChanged
        }
        let u = userIndexById[user.id]!, g = groupIndexById[group.id]!
        let key = MembershipKey(user: u, group: g)
        if let existing = membershipRecord(user: u, group: g), existing.version >= version {
            if existing.version > version { result.outcome = .stale }
            return
        }
        if groups[Int(g)].deleted && added {
            result.outcome = .stale
            return
        }
        setMembershipRecord(MembershipRecord(group: g, present: added, version: version), user: u)
        result.changedMemberships.insert(key)
        result.changedUsers.insert(u)
        let isMember = memberships[Int(u)].contains(g)
        if added && !isMember {
            let list = memberships[Int(u)]
            let at = list.firstIndex { $0 > g } ?? list.count
            memberships[Int(u)].insert(g, at: at)
            result.affected.append((u, "added to group `\(groups[Int(g)].name)`"))
        } else if !added && isMember {
            removeMembershipLocally(user: u, group: g)
            result.affected.append((u, "removed from group `\(groups[Int(g)].name)`"))
        }
    }

    private mutating func removeMembershipLocally(user: Int32, group: Int32) {
        memberships[Int(user)].removeAll { $0 == group }
    }

    private mutating func deleteDirectory(_ id: String, version: Version, _ result: inout ApplyResult) {
        deletedDirectories[id] = version
        for index in users.indices where users[index].directoryId == id && users[index].state != .deleted {
            users[index].state = .deleted
            users[index].version = max(users[index].version, version)
            result.changedUsers.insert(Int32(index))
            result.affected.append((Int32(index), "directory deleted"))
        }
        for index in groups.indices where groups[index].directoryId == id && !groups[index].deleted {
            groups[index].deleted = true
            groups[index].version = max(groups[index].version, version)
            result.changedGroups.insert(Int32(index))
            result.groupsChanged = true
        }
    }

    // MARK: Restoring persisted state

    /// Adds a user exactly as stored (no version check), with its memberships.
    public mutating func restore(user: DirectoryUser, everActive: Bool? = nil) {
        var r = ApplyResult()
        upsert(user, &r)
        if let everActive, let i = userIndexById[user.id] { self.everActive[Int(i)] = everActive }
    }

    public mutating func restore(group: DirectoryGroup) {
        var r = ApplyResult()
        upsert(group, &r)
    }

    /// Adds a stored user with all its membership records at once (groups must be restored
    /// first; records of unknown groups are skipped). The fast path for opening a database.
    public mutating func restore(user: DirectoryUser, everActive: Bool, memberships records: [(group: String, present: Bool, version: Version)]) {
        restore(user: user, everActive: everActive)
        guard let u = userIndexById[user.id] else { return }
        var list: [MembershipRecord] = []
        list.reserveCapacity(records.count)
        var current: [Int32] = []
        for r in records {
            guard let g = groupIndexById[r.group] else { continue }
            list.append(MembershipRecord(group: g, present: r.present, version: r.version))
            if r.present { current.append(g) }
        }
        current.sort()
        membershipRecords[Int(u)] = list
        memberships[Int(u)] = current
    }

    public mutating func restore(membershipOf userId: String, in groupId: String, present: Bool, version: Version) {
        guard let u = userIndexById[userId], let g = groupIndexById[groupId] else { return }
        setMembershipRecord(MembershipRecord(group: g, present: present, version: version), user: u)
        if present && !memberships[Int(u)].contains(g) {
            memberships[Int(u)].append(g)
            memberships[Int(u)].sort()
        }
    }

    public mutating func restore(deletedDirectory id: String, version: Version) {
        deletedDirectories[id] = version
    }
}

extension DirectoryChange {
    /// The directory this change belongs to, when it names one.
    public var directoryId: String? {
        switch self {
        case .upsertUser(let u), .deleteUser(let u): return u.directoryId
        case .upsertGroup(let g), .deleteGroup(let g): return g.directoryId
        case .membership(let u, _, _, _): return u.directoryId
        case .batch, .deleteDirectory, .none: return nil
        }
    }
}
