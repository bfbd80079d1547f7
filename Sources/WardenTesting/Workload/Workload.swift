import Foundation
public import WardenEngine
public import WardenPolicy

/// The synthetic workload of the performance issue: users, groups, apps with role rules, and a
/// WorkOS event stream, all from one seed. Sizes scale with `users`.
public struct Workload: Sendable {
    public struct Parameters: Sendable {
        public var users: Int
        public var groups: Int
        public var apps: Int
        public var events: Int
        public var seed: UInt64

        public init(users: Int = 100_000, groups: Int = 5_000, apps: Int = 200, events: Int = 100_000, seed: UInt64 = 42) {
            self.users = users
            self.groups = groups
            self.apps = apps
            self.events = events
            self.seed = seed
        }
    }

    public static let departments = [
        "Engineering", "Sales", "Customer Success", "Marketing", "Finance", "People", "Legal", "Security", "Data",
        "Design", "Product", "Support", "Operations", "IT", "Research", "Partnerships", "Procurement", "Facilities",
        "Executive", "Communications",
    ]
    public static let employmentTypes = ["employee", "contractor", "intern"]
    public static let directoryId = "directory_bench"
    static let base = Timestamp(iso8601: "2026-01-01T00:00:00Z")!

    public let parameters: Parameters
    /// The policy files as YAML text: settings + owners, then one file per app.
    public let policyFiles: [PolicySource]
    public let users: [DirectoryUser]
    public let groups: [DirectoryGroup]
    /// Per user index: group indices.
    public let memberships: [[Int32]]

    public init(_ p: Parameters) {
        parameters = p
        var rng = SeededRandom(seed: p.seed)
        let groups = (0..<p.groups).map { i in
            DirectoryGroup(id: Self.groupId(i), directoryId: Self.directoryId, name: Self.groupName(i),
                           version: Version(time: Self.base, event: "snapshot"))
        }
        var users: [DirectoryUser] = []
        var memberships: [[Int32]] = []
        users.reserveCapacity(p.users)
        let large = min(5, p.groups)
        for u in 0..<p.users {
            let dept = rng.skewed(Self.departments.count)
            let r = rng.below(100)
            let type = r < 80 ? 0 : r < 95 ? 1 : 2
            users.append(DirectoryUser(
                id: Self.userId(u), directoryId: Self.directoryId, idpId: "idp_\(u)", email: "user\(u)@bench.example",
                firstName: "User", lastName: "\(u)", state: rng.chance(0.95) ? .active : .inactive,
                attributes: ["department": Self.departments[dept], "employment_type": Self.employmentTypes[type],
                             "job_title": rng.chance(0.1) ? "Engineering Manager" : "Specialist"],
                version: Version(time: Self.base, event: "snapshot")))
            var mine = Set<Int32>()
            // A few very large groups: everyone-style groups with tens of thousands of members.
            for g in 0..<large where rng.chance([0.9, 0.6, 0.45, 0.3, 0.2][g]) { mine.insert(Int32(g)) }
            // A department group, then a uniform spread over the rest.
            mine.insert(Int32(large + dept % max(1, p.groups - large)))
            let want = 5 + rng.below(11)
            let rest = max(1, p.groups - large - Self.departments.count)
            while mine.count < want {
                mine.insert(Int32((large + Self.departments.count + rng.below(rest)) % p.groups))
            }
            memberships.append(mine.sorted())
        }
        self.groups = groups
        self.users = users
        self.memberships = memberships
        self.policyFiles = Self.policies(p, &rng)
    }

    static func userId(_ u: Int) -> String { "directory_user_b\(u)" }
    static func groupId(_ g: Int) -> String { "directory_group_b\(g)" }
    static func groupName(_ g: Int) -> String { g < 5 ? "All Staff \(g)" : "Group \(g)" }

    /// Settings, owners and `apps` application files with 5–20 rules each.
    private static func policies(_ p: Parameters, _ rng: inout SeededRandom) -> [PolicySource] {
        var files: [PolicySource] = []
        var common = """
        apiVersion: warden/v1
        kind: Settings
        fallback-owner: security
        deadlines: { provision: 24h, revoke: 24h, suspend: 1h, deprovision: 4h }
        ---
        apiVersion: warden/v1
        kind: Owner
        id: security
        name: Security
        contact: security@bench.example

        """
        for o in 0..<20 {
            common += "---\napiVersion: warden/v1\nkind: Owner\nid: team-\(o)\nname: Team \(o)\ncontact: team\(o)@bench.example\nescalation: security\n"
        }
        files.append(PolicySource(path: "policies/common.yaml", text: common))
        for a in 0..<p.apps {
            let exclusive = rng.chance(0.2)
            var text = """
            apiVersion: warden/v1
            kind: Application
            id: app-\(a)
            name: Application \(a)
            owner: team-\(a % 20)
            exclusive: \(exclusive)
            leaver: { inactive: \(rng.chance(0.3) ? "suspend" : "deprovision") }
            roles:

            """
            let roleCount = 5 + rng.below(16)
            for r in 0..<roleCount {
                var groupNames: [String] = []
                for _ in 0..<(1 + rng.below(4)) {
                    let g = rng.chance(0.01) ? rng.below(min(5, p.groups)) : rng.below(p.groups)
                    groupNames.append("\"\(groupName(g))\"")
                }
                var conditions = ["{ groups: { any: [\(groupNames.joined(separator: ", "))] } }"]
                if rng.chance(0.4) {
                    let depts = (0..<(1 + rng.below(3))).map { _ in "\"\(departments[rng.skewed(departments.count)])\"" }
                    conditions.append("{ attribute: { name: department, in: [\(depts.joined(separator: ", "))] } }")
                }
                if rng.chance(0.2) {
                    conditions.append("{ attribute: { name: employment_type, equals: \(employmentTypes[rng.below(2)]) } }")
                }
                let when = conditions.count == 1 ? conditions[0] : "{ all: [\(conditions.joined(separator: ", "))] }"
                text += "  - name: role-\(r)\n    when: \(when)\n"
            }
            files.append(PolicySource(path: "policies/apps/app-\(a).yaml", text: text))
        }
        return files
    }

    /// The directory as Warden mirrors it.
    public func directory() -> Directory {
        var d = Directory()
        for g in groups { d.restore(group: g) }
        let version = Version(time: Self.base, event: "snapshot")
        for (u, user) in users.enumerated() {
            d.restore(user: user)
            for g in memberships[u] { d.restore(membershipOf: user.id, in: groups[Int(g)].id, present: true, version: version) }
        }
        return d
    }

    /// The policies, loaded and checked.
    public func policySet() -> PolicySet {
        let result = PolicyLoader.load(sources: policyFiles)
        precondition(!result.hasErrors, result.diagnostics.map(\.rendered).joined(separator: "\n"))
        return result.policies
    }
}
