internal import Yams

extension NodeReader {
    func policyTest(_ map: MappingView) -> PolicyTest? {
        map.finish(allowed: ["apiVersion", "kind", "name", "steps"])
        let name = map.require("name").flatMap { string($0, "`name`") }
        var steps: [PolicyTest.Step] = []
        var ok = true
        if let node = map.require("steps"), let items = sequence(node, "`steps`") {
            if items.isEmpty { error("policy_invalid_value", "`steps` needs at least one step", node) }
            var last: Timestamp?
            for (i, item) in items.enumerated() {
                guard let step = testStep(item) else { ok = false; continue }
                if i == 0, step.at == nil {
                    error("policy_missing_field", "the first step needs `at`", item)
                    ok = false
                }
                if let at = step.at, let previous = last, at < previous, let atNode = mapping(item, "a step")?["at"] {
                    error("policy_invalid_value", "step time `\(at)` is before the previous step's `\(previous)`", atNode,
                          help: "steps run in order and time never goes back")
                    ok = false
                }
                last = step.at ?? last
                steps.append(step)
            }
        } else {
            ok = false
        }
        guard let name, ok else { return nil }
        return PolicyTest(name: name, steps: steps, span: span(map.node))
    }

    private func testStep(_ node: Node) -> PolicyTest.Step? {
        guard let map = mapping(node, "a step") else { return nil }
        map.finish(allowed: ["at", "expect"] + PolicyTest.Verb.keywords)
        let at = map["at"].flatMap { timestamp($0, "`at`") }
        let verbs = map.pairs.filter { PolicyTest.Verb.keywords.contains($0.key) }
        guard verbs.count == 1, let pair = verbs.first else {
            error("policy_condition_keys", "a step needs exactly one of " + PolicyTest.Verb.keywords.map { "`\($0)`" }.joined(separator: ", "),
                  node)
            return nil
        }
        guard let verb = verb(pair.key, pair.value) else { return nil }
        var expect: PolicyTest.Expectation?
        if let e = map["expect"] {
            guard let parsed = expectation(e) else { return nil }
            expect = parsed
        }
        return PolicyTest.Step(at: at, verb: verb, expect: expect, span: span(node))
    }

    private func verb(_ key: String, _ node: Node) -> PolicyTest.Verb? {
        switch key {
        case "join", "update":
            guard let spec = userSpec(node, "`\(key)`", state: key == "update") else { return nil }
            return key == "join" ? .join(spec) : .update(spec)
        case "add-to-group", "remove-from-group":
            guard let m = mapping(node, "`\(key)`") else { return nil }
            m.finish(allowed: ["user", "group"])
            let user = m.require("user").flatMap { string($0, "`user`") }
            let group = m.require("group").flatMap { string($0, "`group`") }
            guard let user, let group else { return nil }
            return key == "add-to-group" ? .addToGroup(user: user, group: group) : .removeFromGroup(user: user, group: group)
        case "deactivate", "reactivate", "delete":
            guard let m = mapping(node, "`\(key)`") else { return nil }
            m.finish(allowed: ["user"])
            guard let user = m.require("user").flatMap({ string($0, "`user`") }) else { return nil }
            switch key {
            case "deactivate": return .deactivate(user: user)
            case "reactivate": return .reactivate(user: user)
            default: return .delete(user: user)
            }
        case "event":
            guard mapping(node, "`event`") != nil else { return nil }
            return .event(json(node))
        case "ack":
            guard let m = mapping(node, "`ack`") else { return nil }
            m.finish(allowed: ["user", "app", "type", "role", "failed", "message"])
            let user = m.require("user").flatMap { string($0, "`user`") }
            let app = m.require("app").flatMap { string($0, "`app`") }
            guard let user, let app else { return nil }
            return .ack(.init(user: user, app: app, type: m["type"].flatMap { string($0, "`type`") },
                              role: m["role"].flatMap { string($0, "`role`") },
                              failed: m["failed"].flatMap { bool($0, "`failed`") } ?? false,
                              message: m["message"].flatMap { string($0, "`message`") }))
        case "snapshot":
            guard let m = mapping(node, "`snapshot`") else { return nil }
            m.finish(allowed: ["users", "groups"])
            guard let items = m.require("users").flatMap({ sequence($0, "`users`") }) else { return nil }
            let users = items.compactMap { userSpec($0, "a snapshot user", state: true) }
            var groups: [String] = []
            if let g = m["groups"] {
                guard let names = sequence(g, "`groups`")?.compactMap({ string($0, "a group name") }) else { return nil }
                groups = names
            }
            guard users.count == items.count else { return nil }
            return .snapshot(.init(users: users, groups: groups))
        case "reload":
            if case .mapping(let pairs) = node, pairs.isEmpty { return .reload(policies: nil) }
            guard let m = mapping(node, "`reload`") else { return nil }
            m.finish(allowed: ["policies"])
            guard let folder = m.require("policies").flatMap({ string($0, "`policies`") }) else { return nil }
            return .reload(policies: folder)
        default:
            if case .mapping(let m) = node, m.isEmpty { return .check }
            if case .scalar(let s) = node, node.plainKind == .null, s.style == .plain { return .check }
            error("policy_wrong_type", "`check` takes no arguments; write `check: {}`", node)
            return nil
        }
    }

    /// A user as `join`, `update` and `snapshot` describe it; `state` only where it may change.
    private func userSpec(_ node: Node, _ what: String, state allowState: Bool) -> PolicyTest.UserSpec? {
        guard let m = mapping(node, what) else { return nil }
        m.finish(allowed: ["user", "groups", "attributes", "first_name", "last_name", "role"] + (allowState ? ["state"] : []))
        guard let user = m.require("user").flatMap({ string($0, "`user`") }) else { return nil }
        var spec = PolicyTest.UserSpec(user: user)
        if let g = m["groups"] {
            guard let items = sequence(g, "`groups`") else { return nil }
            let names = items.compactMap { string($0, "a group name") }
            guard names.count == items.count else { return nil }
            spec.groups = names
        }
        if let a = m["attributes"] {
            guard let am = mapping(a, "`attributes`") else { return nil }
            for pair in am.pairs {
                if case .scalar(let s) = pair.value, pair.value.plainKind == .null, s.style == .plain {
                    spec.attributes[pair.key] = .some(nil)
                } else if let v = string(pair.value, "attribute `\(pair.key)`") {
                    spec.attributes[pair.key] = v
                } else {
                    return nil
                }
            }
        }
        spec.firstName = m["first_name"].flatMap { string($0, "`first_name`") }
        spec.lastName = m["last_name"].flatMap { string($0, "`last_name`") }
        spec.role = m["role"].flatMap { string($0, "`role`") }
        if let s = m["state"] {
            guard let state = choice(s, "`state`", ["active", "inactive"]) else { return nil }
            spec.state = state
        }
        return spec
    }

    private func expectation(_ node: Node) -> PolicyTest.Expectation? {
        guard let m = mapping(node, "`expect`") else { return nil }
        m.finish(allowed: ["entitlements", "targets", "actions", "violations", "exactly"])
        var e = PolicyTest.Expectation(span: span(node))
        var ok = true
        if let n = m["entitlements"] {
            e.entitlements = userAppMap(n, "`entitlements`") { v in
                guard let items = self.sequence(v, "a role list") else { return nil }
                let roles = items.compactMap { self.string($0, "a role") }
                return roles.count == items.count ? roles : nil
            }
            ok = ok && e.entitlements != nil
        }
        if let n = m["targets"] {
            e.targets = userAppMap(n, "`targets`") { v -> PolicyTest.TargetExpectation? in
                if case .scalar = v {
                    guard let t = self.choice(v, "a target", ["none", "suspended"]) else { return nil }
                    return t == "none" ? PolicyTest.TargetExpectation.none : .suspended
                }
                guard let items = self.sequence(v, "a role list") else { return nil }
                let roles = items.compactMap { self.string($0, "a role") }
                return roles.count == items.count ? .active(roles) : nil
            }
            ok = ok && e.targets != nil
        }
        for (key, fields) in [("actions", Self.actionExpectFields), ("violations", Self.violationExpectFields)] {
            guard let n = m[key] else { continue }
            guard let items = sequence(n, "`\(key)`") else { ok = false; continue }
            var list: [PolicyTest.FieldMatch] = []
            for item in items {
                guard let im = mapping(item, "an expected \(key == "actions" ? "action" : "violation")") else { ok = false; continue }
                im.finish(allowed: fields)
                list.append(PolicyTest.FieldMatch(fields: im.pairs.map { ($0.key, json($0.value)) }, span: span(item)))
            }
            if key == "actions" { e.actions = list } else { e.violations = list }
        }
        e.exactly = m["exactly"].flatMap { bool($0, "`exactly`") } ?? false
        return ok ? e : nil
    }

    static let actionExpectFields = ["id", "type", "app", "user", "role", "roles", "status", "cause", "owner", "due_at", "not_before"]
    static let violationExpectFields = ["id", "kind", "app", "user", "role", "severity", "status", "owner", "escalated_to", "due_at"]

    private func userAppMap<T>(_ node: Node, _ what: String, _ value: (Node) -> T?) -> [String: [String: T]]? {
        guard let users = mapping(node, what) else { return nil }
        var result: [String: [String: T]] = [:]
        for u in users.pairs {
            guard let apps = mapping(u.value, "the apps of `\(u.key)`") else { return nil }
            var inner: [String: T] = [:]
            for a in apps.pairs {
                guard let v = value(a.value) else { return nil }
                inner[a.key] = v
            }
            result[u.key] = inner
        }
        return result
    }
}
