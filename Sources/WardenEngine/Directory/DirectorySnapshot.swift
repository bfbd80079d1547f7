public import WardenPolicy

/// A full picture of one or more directories (SPEC §3.3).
public struct DirectorySnapshot: Sendable {
    public var users: [DirectoryUser]
    public var groups: [DirectoryGroup]
    /// (directory user id, directory group id)
    public var memberships: [(user: String, group: String)]
    /// The directories the snapshot covers: their users and groups absent from it are deleted.
    public var directories: Set<String>

    public init(users: [DirectoryUser], groups: [DirectoryGroup], memberships: [(user: String, group: String)],
                directories: Set<String>? = nil) {
        self.users = users
        self.groups = groups
        self.memberships = memberships
        self.directories = directories ?? Set(users.map(\.directoryId)).union(groups.map(\.directoryId))
    }
}

extension EngineState {
    /// Makes the mirror equal to `snapshot` at `time`: every difference is recorded as a
    /// `directory_drift` finding (owner: the fallback owner), then applied like events in one
    /// change (cause `drift`), which the blast-radius guard counts as a whole.
    public mutating func apply(snapshot: DirectorySnapshot, id: String, at time: Timestamp) -> EngineDelta {
        let version = Version(time: time, event: id)
        var changes: [DirectoryChange] = []
        var drift: [String: [String]] = [:]
        var driftUsers: [String: DirectoryUser] = [:]
        var groupDrift: [String] = []
        let inScope = { (dir: String) in snapshot.directories.contains(dir) }

        var snapshotGroups: [String: DirectoryGroup] = [:]
        for var g in snapshot.groups {
            g.version = version
            snapshotGroups[g.id] = g
            if let i = directory.groupIndex(id: g.id) {
                let old = directory.group(i)
                if old.deleted { groupDrift.append("group `\(g.name)` exists again") } else if old.name != g.name {
                    groupDrift.append("group `\(old.name)` is named `\(g.name)`")
                }
                if old.deleted || old.name != g.name { changes.append(.upsertGroup(g)) }
            } else {
                groupDrift.append("group `\(g.name)` was never created")
                changes.append(.upsertGroup(g))
            }
        }
        for g in directory.groups where inScope(g.directoryId) && !g.deleted && snapshotGroups[g.id] == nil {
            var gone = g
            gone.version = version
            groupDrift.append("group `\(g.name)` is gone")
            changes.append(.deleteGroup(gone))
        }

        var wanted: [String: Set<String>] = [:]
        for m in snapshot.memberships { wanted[m.user, default: []].insert(m.group) }
        var seen = Set<String>()
        for var u in snapshot.users {
            seen.insert(u.id)
            u.version = version
            let groupsWanted = wanted[u.id] ?? []
            var notes: [String] = []
            if let i = directory.userIndex(id: u.id) {
                var old = directory.user(i)
                old.version = version
                if old.createdAt == nil || u.createdAt == nil { u.createdAt = old.createdAt ?? u.createdAt }
                if old != u {
                    notes.append(Directory.describeUserChange(from: directory.user(i), to: u))
                    changes.append(.upsertUser(u))
                }
                let current = Set(directory.memberships[Int(i)].map { directory.group($0).id })
                for g in groupsWanted.subtracting(current).sorted() { notes.append("member of `\(snapshotGroups[g]?.name ?? g)`") }
                for g in current.subtracting(groupsWanted).sorted() where inScope(directory.group(directory.groupIndex(id: g)!).directoryId) {
                    notes.append("no longer member of `\(directory.group(directory.groupIndex(id: g)!).name)`")
                }
            } else {
                notes.append("user was never created")
                changes.append(.upsertUser(u))
            }
            for g in groupsWanted.sorted() {
                let group = snapshotGroups[g] ?? directory.groupIndex(id: g).map { directory.group($0) }
                if let group { changes.append(.membership(user: u, group: group, added: true, version: version)) }
            }
            if !notes.isEmpty {
                drift[u.id] = notes
                driftUsers[u.id] = u
            }
        }
        for (i, old) in directory.users.enumerated() where inScope(old.directoryId) {
            if seen.contains(old.id) {
                for g in directory.memberships[i] where !(wanted[old.id] ?? []).contains(directory.group(g).id) {
                    changes.append(.membership(user: old, group: directory.group(g), added: false, version: version))
                }
            } else if old.state != .deleted {
                var gone = old
                gone.version = version
                drift[old.id] = ["absent from the snapshot"]
                driftUsers[old.id] = gone
                changes.append(.deleteUser(gone))
            }
        }

        var delta = apply(ChangeEnvelope(id: id, time: time, change: .batch(changes), origin: .snapshot))
        let fallback = owner(forApp: nil)
        for (userId, notes) in drift.sorted(by: { $0.key < $1.key }) {
            let user = driftUsers[userId]!
            store(Violation(
                id: StableId.violation(kind: .directoryDrift, app: nil, user: userId, subject: nil), kind: .directoryDrift,
                severity: .medium, app: nil, user: UserRef(id: userId, email: user.email), owner: fallback, detectedAt: time,
                summary: "the directory snapshot of \(time.humanMinute) differs from what events said about \(user.displayName): "
                    + notes.joined(separator: "; ") + " (missed events)",
                evidence: ["snapshot": id, "differences": notes.joined(separator: "; ")]))
        }
        if !groupDrift.isEmpty {
            store(Violation(
                id: StableId.violation(kind: .directoryDrift, app: nil, user: nil, subject: id), kind: .directoryDrift,
                severity: .medium, app: nil, user: nil, owner: fallback, detectedAt: time,
                summary: "the directory snapshot of \(time.humanMinute) differs from what events said about groups: "
                    + groupDrift.joined(separator: "; "),
                evidence: ["snapshot": id, "differences": groupDrift.joined(separator: "; ")]))
        }
        for v in violations.values where v.kind == .directoryDrift && v.status == .open && v.user != nil && drift[v.user!.id] == nil
            && driftUsers[v.user!.id] == nil && seen.contains(v.user!.id) {
            var r = v
            r.status = .resolved
            r.resolvedAt = time
            store(r)
        }
        var driftDelta = EngineDelta()
        finish(&driftDelta)
        delta.violations += driftDelta.violations
        return delta
    }
}

extension EngineState {
    /// A first import: the mirror becomes the snapshot and every account is taken to be as the
    /// policies want it today (planned targets set, no actions, no drift findings). Onboarding an
    /// existing company must not emit a provision for every account that already exists; a
    /// reconcile against each app then shows what really differs. Refused once the mirror holds users.
    public mutating func adopt(baseline snapshot: DirectorySnapshot, id: String, at time: Timestamp) throws(EngineError) -> EngineDelta {
        guard directory.userCount == 0 else {
            throw EngineError("baseline_not_empty", "a baseline is only for a first import; the mirror already holds \(directory.userCount) users")
        }
        let version = Version(time: time, event: id)
        var changes: [DirectoryChange] = snapshot.groups.map { g in
            var g = g
            g.version = version
            return .upsertGroup(g)
        }
        var usersById: [String: DirectoryUser] = [:]
        for var u in snapshot.users {
            u.version = version
            usersById[u.id] = u
            changes.append(.upsertUser(u))
        }
        let groupsById = Dictionary(snapshot.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for m in snapshot.memberships {
            guard let u = usersById[m.user], let g = groupsById[m.group] else { continue }
            changes.append(.membership(user: u, group: g, added: true, version: version))
        }
        var delta = EngineDelta()
        let result = directory.apply(.batch(changes))
        delta.directory = result
        for g in result.changedGroups.sorted() { index.bindGroup(g, in: directory) }
        for u in result.changedUsers.sorted() { index.bindUser(u, in: directory) }
        while targets.count < directory.users.count { targets.append([]) }
        var granted: [AppRoles] = []
        for u in 0..<Int32(directory.userCount) {
            granted.removeAll(keepingCapacity: true)
            index.evaluate(user: u, in: directory, at: time, scratch: &scratch, into: &granted)
            for g in granted where g.roles != 0 {
                let target = PlannedTarget.active(program.roleNames(app: g.app, g.roles))
                setTarget(user: u, app: g.app, to: target)
                recording.targets.append(.init(user: directory.users[Int(u)].id, app: program.apps[Int(g.app)].id, target: target))
            }
        }
        finish(&delta)
        return delta
    }
}
