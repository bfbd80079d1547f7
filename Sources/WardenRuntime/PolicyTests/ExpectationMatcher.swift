import WardenEngine
import WardenPolicy

/// Compares a step's `expect` with the engine state and describes every difference.
struct ExpectationMatcher {
    var state: EngineState
    let time: Timestamp

    func check(_ e: PolicyTest.Expectation) -> [String] {
        var problems: [String] = []
        for (userKey, apps) in (e.entitlements ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let u = state.directory.userIndex(idOrEmail: userKey) else {
                problems.append("entitlements: no user `\(userKey)`")
                continue
            }
            var s = state
            let granted = s.entitlements(user: u, at: time)
            var actual: [String: [String]] = [:]
            for g in granted { actual[state.program.apps[Int(g.app)].id] = state.program.roleNames(app: g.app, g.roles).sorted() }
            for (app, roles) in apps.sorted(by: { $0.key < $1.key }) where actual[app, default: []] != roles.sorted() {
                problems.append("entitlements of `\(userKey)` in `\(app)`: expected \(list(roles.sorted())), got \(list(actual[app, default: []]))")
            }
            if e.exactly {
                for (app, roles) in actual.sorted(by: { $0.key < $1.key }) where apps[app] == nil {
                    problems.append("entitlements of `\(userKey)`: unexpected \(list(roles)) in `\(app)`")
                }
            }
        }
        for (userKey, apps) in (e.targets ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let u = state.directory.userIndex(idOrEmail: userKey) else {
                problems.append("targets: no user `\(userKey)`")
                continue
            }
            for (app, expected) in apps.sorted(by: { $0.key < $1.key }) {
                guard let a = state.program.appIndexById[app] else { continue }
                let actual = state.plannedTarget(user: u, app: a)
                if !Self.same(expected, actual) {
                    problems.append("target of `\(userKey)` in `\(app)`: expected \(expected), got \(actual)")
                }
            }
        }
        if let expected = e.actions {
            problems += match(expected, against: state.sortedActions.map(ActionFields.init), what: "action", exactly: e.exactly)
        }
        if let expected = e.violations {
            problems += match(expected, against: state.sortedViolations.map(ViolationFields.init), what: "violation", exactly: e.exactly)
        }
        return problems
    }

    private static func same(_ e: PolicyTest.TargetExpectation, _ a: PlannedTarget) -> Bool {
        switch (e, a) {
        case (.none, .none), (.suspended, .suspended): return true
        case let (.active(x), .active(y)): return x.sorted() == y.sorted()
        default: return false
        }
    }

    private func list(_ roles: [String]) -> String { "[" + roles.joined(separator: ", ") + "]" }

    /// Each expected item must match a distinct actual record; `exactly` also forbids extra records.
    private func match(_ expected: [PolicyTest.FieldMatch], against actual: [any MatchableRecord], what: String,
                       exactly: Bool) -> [String] {
        var problems: [String] = []
        var used = Set<Int>()
        for item in expected {
            if let i = actual.indices.first(where: { !used.contains($0) && actual[$0].matches(item) }) {
                used.insert(i)
                continue
            }
            var message = "expected \(what) \(item) at line \(item.span.line) not found"
            let near = actual.enumerated().filter { !used.contains($0.offset) }.map(\.element).filter { $0.isNear(item) }
            let shown = near.isEmpty ? actual : near
            if shown.isEmpty {
                message += "; there are none"
            } else {
                message += "; \(near.isEmpty ? "all" : "closest") \(what)s:\n" + shown.prefix(8).map { "      - \($0.summary)" }.joined(separator: "\n")
            }
            problems.append(message)
        }
        if exactly && used.count < actual.count {
            for (i, record) in actual.enumerated() where !used.contains(i) {
                problems.append("unexpected \(what): \(record.summary)")
            }
        }
        return problems
    }
}

/// A record expectations can match field by field.
protocol MatchableRecord {
    func value(_ field: String) -> [String]?
    var summary: String { get }
}

extension MatchableRecord {
    func matches(_ item: PolicyTest.FieldMatch) -> Bool {
        item.fields.allSatisfy { key, expected in
            let want = Self.strings(expected)
            guard let have = value(key) else { return want.isEmpty }
            if key == "roles" { return have.sorted() == want.sorted() }
            if key == "user" { return have.contains { $0.lowercased() == want.first?.lowercased() } }
            if key == "due_at" || key == "not_before" {
                return Timestamp(iso8601: want.first ?? "") == have.first.flatMap { Timestamp(iso8601: $0) }
            }
            return have == want
        }
    }

    /// Same app and user: worth showing when the exact match fails.
    func isNear(_ item: PolicyTest.FieldMatch) -> Bool {
        item.fields.filter { $0.0 == "app" || $0.0 == "user" }.allSatisfy { key, v in
            let want = Self.strings(v).first?.lowercased()
            return value(key)?.contains { $0.lowercased() == want } ?? false
        }
    }

    static func strings(_ v: JSONValue) -> [String] {
        switch v {
        case .null: return []
        case .string(let s): return [s]
        case .array(let items): return items.flatMap(strings)
        default: return [v.compactText]
        }
    }
}

struct ActionFields: MatchableRecord {
    let a: Action
    init(_ a: Action) { self.a = a }

    func value(_ field: String) -> [String]? {
        switch field {
        case "id": return [a.id]
        case "type": return [a.type.rawValue]
        case "app": return [a.app]
        case "user": return [a.user.id] + (a.user.email.map { [$0] } ?? [])
        case "role": return a.role.map { [$0] }
        case "roles": return a.roles
        case "status": return [a.status.rawValue]
        case "cause": return [a.cause.kind.rawValue]
        case "owner": return [a.owner]
        case "due_at": return [a.dueAt.iso8601]
        case "not_before": return a.notBefore.map { [$0.iso8601] }
        default: return nil
        }
    }

    var summary: String {
        var s = "\(a.type.rawValue) \(a.app)"
        if let r = a.role { s += " role \(r)" }
        if let r = a.roles { s += " roles [\(r.joined(separator: ", "))]" }
        s += " for \(a.user.display): \(a.status.rawValue), cause \(a.cause.kind.rawValue), due \(a.dueAt)"
        if let nb = a.notBefore { s += ", not before \(nb)" }
        return s
    }
}

struct ViolationFields: MatchableRecord {
    let v: Violation
    init(_ v: Violation) { self.v = v }

    func value(_ field: String) -> [String]? {
        switch field {
        case "id": return [v.id]
        case "kind": return [v.kind.rawValue]
        case "app": return v.app.map { [$0] }
        case "user": return v.user.map { [$0.id] + ($0.email.map { [$0] } ?? []) }
        case "role": return v.role.map { [$0] }
        case "severity": return [v.severity.rawValue]
        case "status": return [v.status.rawValue]
        case "owner": return [v.owner.id]
        case "escalated_to": return v.escalatedTo.map { [$0.id] }
        case "due_at": return v.dueAt.map { [$0.iso8601] }
        default: return nil
        }
    }

    var summary: String {
        var s = "\(v.kind.rawValue) \(v.severity.rawValue) \(v.status.rawValue)"
        if let app = v.app { s += " in \(app)" }
        if let u = v.user { s += " for \(u.display)" }
        s += ", owner \(v.owner.id)"
        if let e = v.escalatedTo { s += ", escalated to \(e.id)" }
        return s
    }
}
