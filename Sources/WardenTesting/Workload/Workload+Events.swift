public import WardenEngine
public import WardenPolicy

extension Workload {
    /// `count` WorkOS events over this directory, as JSON Lines, in the mix of the performance issue:
    /// 30% `group.user_added`, 25% `group.user_removed`, 30% `user.updated`, 8% `user.created`,
    /// 7% `user.deleted`. Each event is valid against the state the previous ones left.
    public func eventLines(_ count: Int, seed: UInt64? = nil) -> [String] {
        var rng = SeededRandom(seed: seed ?? parameters.seed &+ 1)
        var users = self.users
        var memberships = self.memberships.map(Set.init)
        var alive = Array(users.indices)
        var lines: [String] = []
        lines.reserveCapacity(count)
        let start = Workload.base + PolicyDuration(seconds: 86_400 * 31)
        for i in 0..<count {
            let time = Timestamp(milliseconds: start.milliseconds + Int64(i) * 1000)
            let id = "event_w\(parameters.seed)_\(i)"
            let r = rng.below(100)
            if r < 8 || alive.isEmpty {
                let u = users.count
                var user = DirectoryUser(
                    id: Workload.userId(u), directoryId: Workload.directoryId, idpId: "idp_\(u)", email: "user\(u)@bench.example",
                    firstName: "User", lastName: "\(u)", state: .active,
                    attributes: ["department": Workload.departments[rng.skewed(Workload.departments.count)],
                                 "employment_type": Workload.employmentTypes[rng.below(3)], "job_title": "Specialist"],
                    version: Version(time: time, event: id))
                user.createdAt = time
                users.append(user)
                memberships.append([])
                alive.append(u)
                lines.append(Self.envelope(id, "dsync.user.created", Self.userJSON(user), time))
                continue
            }
            let slot = rng.below(alive.count)
            let u = alive[slot]
            switch r {
            case 8..<38:
                let g = Int32(rng.below(groups.count))
                memberships[u].insert(g)
                lines.append(Self.membership(id, added: true, users[u], groups[Int(g)], time))
            case 38..<63:
                guard let g = memberships[u].sorted().randomElement(using: &rng) else { // sorted: a Set's order differs between runs
                    lines.append(Self.membership(id, added: false, users[u], groups[5 % groups.count], time))
                    continue
                }
                memberships[u].remove(g)
                lines.append(Self.membership(id, added: false, users[u], groups[Int(g)], time))
            case 63..<93:
                var user = users[u]
                if rng.chance(0.3) {
                    user.state = user.state == .active ? .inactive : .active
                } else {
                    user.attributes["department"] = Workload.departments[rng.skewed(Workload.departments.count)]
                }
                user.version = Version(time: time, event: id)
                users[u] = user
                lines.append(Self.envelope(id, "dsync.user.updated", Self.userJSON(user), time))
            default:
                var user = users[u]
                user.state = .deleted
                user.version = Version(time: time, event: id)
                users[u] = user
                alive.remove(at: slot)
                lines.append(Self.envelope(id, "dsync.user.deleted", Self.userJSON(user), time))
            }
        }
        return lines
    }

    static func envelope(_ id: String, _ type: String, _ data: JSONValue, _ time: Timestamp) -> String {
        JSONValue.object([("object", .string("event")), ("id", .string(id)), ("event", .string(type)), ("data", data),
                          ("created_at", .string(time.iso8601))]).compactText
    }

    static func membership(_ id: String, added: Bool, _ user: DirectoryUser, _ group: DirectoryGroup, _ time: Timestamp) -> String {
        envelope(id, added ? "dsync.group.user_added" : "dsync.group.user_removed",
                 .object([("directory_id", .string(directoryId)), ("user", userJSON(user)), ("group", groupJSON(group))]), time)
    }

    /// A WorkOS `directory_user` object.
    public static func userJSON(_ u: DirectoryUser) -> JSONValue {
        let state = u.state == .deleted ? "inactive" : u.state.rawValue
        return .object([
            ("object", .string("directory_user")), ("id", .string(u.id)), ("directory_id", .string(u.directoryId)),
            ("organization_id", .string("org_bench")), ("idp_id", .string(u.idpId)), ("email", u.email.map(JSONValue.string) ?? .null),
            ("first_name", u.firstName.map(JSONValue.string) ?? .null), ("last_name", u.lastName.map(JSONValue.string) ?? .null),
            ("state", .string(state)),
            ("custom_attributes", .object(u.attributes.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            ("created_at", .string((u.createdAt ?? base).iso8601)), ("updated_at", .string(u.version.time.iso8601)),
        ])
    }

    /// A WorkOS `directory_group` object.
    public static func groupJSON(_ g: DirectoryGroup) -> JSONValue {
        .object([("object", .string("directory_group")), ("id", .string(g.id)), ("idp_id", .string("idp_\(g.id)")),
                 ("directory_id", .string(g.directoryId)), ("organization_id", .string("org_bench")), ("name", .string(g.name)),
                 ("created_at", .string(base.iso8601)), ("updated_at", .string(g.version.time.iso8601))])
    }

    /// The directory as WorkOS events (groups created, users created, memberships added), for
    /// seeding a database through the normal ingest path.
    public func seedEventLines() -> [String] {
        var lines: [String] = []
        var n = 0
        func next() -> String { n += 1; return "event_seed\(parameters.seed)_\(n)" }
        for g in groups { lines.append(Self.envelope(next(), "dsync.group.created", Self.groupJSON(g), Self.base)) }
        for (u, user) in users.enumerated() {
            lines.append(Self.envelope(next(), "dsync.user.created", Self.userJSON(user), Self.base))
            for g in memberships[u] { lines.append(Self.membership(next(), added: true, user, groups[Int(g)], Self.base)) }
        }
        return lines
    }
}
