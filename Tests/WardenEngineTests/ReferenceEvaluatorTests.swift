import Testing
import WardenEngine
import WardenPolicy
import WardenTesting

/// The compiled evaluator must agree with a naive reading of SPEC §2.1–2.2 on every user.
@Suite struct ReferenceEvaluatorTests {
    /// SPEC §2.1 read literally, over the policy model.
    static func holds(_ c: Condition, _ user: DirectoryUser, _ groups: [DirectoryGroup]) -> Bool {
        switch c.kind {
        case .groups(let t):
            let has: (GroupRef) -> Bool = { ref in
                groups.contains { g in
                    switch ref {
                    case .name(let n): return g.name == n
                    case .id(let i): return g.id == i
                    }
                }
            }
            switch t.mode {
            case .any: return t.refs.contains(where: has)
            case .all: return t.refs.allSatisfy(has)
            case .none: return !t.refs.contains(where: has)
            }
        case .attribute(let a):
            let ci = a.name == "email" || a.name == "email_domain"
            let norm: (String) -> String = { ci ? $0.lowercased() : $0 }
            let value = user.attribute(a.name).map(norm)
            switch a.test {
            case .equals(let v): return value == norm(v)
            case .in(let vs): return value.map { v in vs.map(norm).contains(v) } ?? false
            case .notIn(let vs): return value.map { v in !vs.map(norm).contains(v) } ?? true
            case .matches(let p):
                guard let raw = user.attribute(a.name), var r = try? Regex(p) else { return false }
                if ci { r = r.ignoresCase() }
                return (try? r.wholeMatch(in: raw)) != nil
            case .exists(let e): return (value != nil) == e
            }
        case .all(let cs): return cs.allSatisfy { holds($0, user, groups) }
        case .any(let cs): return cs.contains { holds($0, user, groups) }
        case .not(let x): return !holds(x, user, groups)
        }
    }

    static func referenceRoles(_ app: Application, _ user: DirectoryUser, _ groups: [DirectoryGroup],
                               _ exceptions: [PolicyException], at time: Timestamp) -> [String] {
        guard user.state == .active else { return [] }
        var roles = app.roles.filter { holds($0.when, user, groups) }.map(\.name)
        if app.exclusive { roles = Array(roles.prefix(1)) }
        for e in exceptions where e.app == app.id && e.isLive(at: time)
            && (e.user == user.id || e.user.lowercased() == user.email?.lowercased()) && !roles.contains(e.role) {
            roles.append(e.role)
        }
        return app.roles.map(\.name).filter { roles.contains($0) }
    }

    @Test func compiledEvaluatorMatchesReferenceOnWorkload() {
        let w = Workload(.init(users: 3_000, groups: 400, apps: 40, seed: 7))
        let policies = w.policySet()
        let directory = w.directory()
        let index = EvaluationIndex(program: CompiledPolicy(policies), directory: directory)
        let time = Timestamp(iso8601: "2026-06-01T00:00:00Z")!
        var scratch = EvaluationScratch()
        var mismatches = 0
        var granted = 0
        for u in 0..<directory.userCount {
            var out: [AppRoles] = []
            index.evaluate(user: Int32(u), in: directory, at: time, scratch: &scratch, into: &out)
            let groups = directory.memberships[u].map { directory.group($0) }
            for (a, app) in policies.applications.enumerated() {
                let fast = out.first { $0.app == Int32(a) }.map { index.program.roleNames(app: Int32(a), $0.roles) } ?? []
                let slow = Self.referenceRoles(app, directory.user(Int32(u)), groups, policies.exceptions, at: time)
                if fast != slow { mismatches += 1 }
                granted += slow.count
            }
        }
        #expect(mismatches == 0)
        #expect(granted > 1000, "the workload should grant plenty of roles")
    }

    @Test func everyOperatorAgreesWithReference() throws {
        let yaml = """
        apiVersion: warden/v1
        kind: Settings
        fallback-owner: o
        ---
        apiVersion: warden/v1
        kind: Owner
        id: o
        name: O
        contact: o@example.com
        ---
        apiVersion: warden/v1
        kind: Application
        id: app
        name: App
        owner: o
        roles:
          - { name: r0, when: { groups: { all: [A, B] } } }
          - { name: r1, when: { groups: { none: [A] } } }
          - { name: r2, when: { attribute: { name: dept, not-in: [X] } } }
          - { name: r3, when: { attribute: { name: dept, exists: false } } }
          - { name: r4, when: { attribute: { name: email, matches: ".*@EXAMPLE\\\\.com" } } }
          - { name: r5, when: { attribute: { name: email_domain, equals: Example.COM } } }
          - { name: r6, when: { any: [{ groups: { any: ["id:g-b"] } }, { attribute: { name: title, matches: "(Staff|Principal) .*" } }] } }
          - { name: r7, when: { not: { all: [{ groups: { any: [A] } }, { attribute: { name: dept, in: [X, Y] } }] } } }
        ---
        apiVersion: warden/v1
        kind: Exception
        id: e1
        app: app
        user: U1@example.com
        role: r0
        reason: test
        approved-by: ciso@example.com
        expires: 2026-06-02T00:00:00Z
        """
        let r = PolicyLoader.load(sources: [.init(path: "p.yaml", text: yaml)])
        #expect(!r.hasErrors, "\(r.diagnostics.map(\.rendered))")
        var d = Directory()
        let v = Version(time: Timestamp(milliseconds: 0), event: "e")
        let groups = [DirectoryGroup(id: "g-a", directoryId: "d", name: "A", version: v), DirectoryGroup(id: "g-b", directoryId: "d", name: "B", version: v)]
        for g in groups { d.restore(group: g) }
        let attrs: [[String: String]] = [[:], ["dept": "X"], ["dept": "Y", "title": "Staff Engineer"], ["dept": "Z", "title": "Staff"]]
        var n = 0
        for a in attrs {
            for member in [[], ["g-a"], ["g-b"], ["g-a", "g-b"]] {
                for state in [UserState.active, .inactive] {
                    n += 1
                    let u = DirectoryUser(id: "u\(n)", directoryId: "d", email: n % 2 == 0 ? "u\(n)@example.com" : nil, state: state, attributes: a, version: v)
                    d.restore(user: u)
                    for g in member { d.restore(membershipOf: u.id, in: g, present: true, version: v) }
                }
            }
        }
        let program = CompiledPolicy(r.policies)
        let index = EvaluationIndex(program: program, directory: d)
        var scratch = EvaluationScratch()
        for time in [Timestamp(iso8601: "2026-06-01T00:00:00Z")!, Timestamp(iso8601: "2026-06-02T00:00:00Z")!] {
            for u in 0..<d.userCount {
                var out: [AppRoles] = []
                index.evaluate(user: Int32(u), in: d, at: time, scratch: &scratch, into: &out)
                let fast = out.first.map { program.roleNames(app: 0, $0.roles) } ?? []
                let slow = Self.referenceRoles(r.policies.applications[0], d.user(Int32(u)), d.memberships[u].map { d.group($0) },
                                               r.policies.exceptions, at: time)
                #expect(fast == slow, "user \(d.user(Int32(u)).id) at \(time)")
            }
        }
    }
}
