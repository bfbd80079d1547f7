internal import Yams

extension NodeReader {
    static let conditionKeys = ["groups", "attribute", "all", "any", "not"]
    static let attributeTestKeys = ["equals", "in", "not-in", "matches", "exists"]

    /// Parses a condition object with exactly one key (SPEC §2.1).
    func condition(_ node: Node, depth: Int = 0) -> Condition? {
        guard depth < Self.maxDepth else {
            error("policy_too_deep", "conditions are nested more than \(Self.maxDepth) levels deep", node)
            return nil
        }
        guard let map = mapping(node, "a condition") else { return nil }
        guard map.pairs.count == 1, let pair = map.pairs.first else {
            let found = map.keys.isEmpty ? "none" : map.keys.map { "`\($0)`" }.joined(separator: ", ")
            error(map.pairs.isEmpty ? "policy_empty_condition" : "policy_condition_keys",
                  "a condition needs exactly one of `groups`, `attribute`, `all`, `any`, `not`; found \(found)", node,
                  help: map.pairs.count > 1 ? "combine several conditions with `all: [...]` or `any: [...]`" : nil)
            return nil
        }
        let at = span(pair.keyNode)
        switch pair.key {
        case "groups":
            return groupTest(pair.value).map { Condition(.groups($0), span: at) }
        case "attribute":
            return attributeTest(pair.value).map { Condition(.attribute($0), span: at) }
        case "all", "any":
            guard let items = sequence(pair.value, "`\(pair.key)`") else { return nil }
            if items.isEmpty {
                error("policy_empty_condition", "`\(pair.key)` needs at least one condition", pair.value)
                return nil
            }
            let children = items.map { condition($0, depth: depth + 1) }
            guard children.allSatisfy({ $0 != nil }) else { return nil }
            let list = children.compactMap { $0 }
            return Condition(pair.key == "all" ? .all(list) : .any(list), span: at)
        case "not":
            return condition(pair.value, depth: depth + 1).map { Condition(.not($0), span: at) }
        default:
            error("policy_unknown_field", "unknown condition `\(pair.key)`", pair.keyNode,
                  help: Suggest.didYouMean(pair.key, in: Self.conditionKeys) ?? "conditions are `groups`, `attribute`, `all`, `any`, `not`")
            return nil
        }
    }

    private func groupTest(_ node: Node) -> GroupTest? {
        guard let map = mapping(node, "`groups`") else { return nil }
        let modes = map.pairs.filter { GroupTest.Mode(rawValue: $0.key) != nil }
        map.finish(allowed: GroupTest.Mode.allCases.map(\.rawValue))
        guard modes.count == 1, let pair = modes.first, let mode = GroupTest.Mode(rawValue: pair.key) else {
            if modes.count > 1 || map.pairs.isEmpty {
                let found = modes.isEmpty ? "none" : modes.map { "`\($0.key)`" }.joined(separator: ", ")
                error("policy_condition_keys", "`groups` needs exactly one of `any`, `all`, `none`; found \(found)", node,
                      help: modes.count > 1 ? "combine them with `all: [{ groups: { any: [...] } }, { groups: { none: [...] } }]`" : nil)
            }
            return nil
        }
        guard let items = sequence(pair.value, "`groups.\(pair.key)`", help: "write a list, e.g. `\(pair.key): [\"Engineering\"]`") else { return nil }
        if items.isEmpty {
            error("policy_empty_condition", "`groups.\(pair.key)` needs at least one group", pair.value)
            return nil
        }
        var refs: [GroupRef] = []
        for item in items {
            guard let text = string(item, "a group name") else { continue }
            let ref = GroupRef(parsing: text)
            if case .id(let id) = ref, id.isEmpty {
                error("policy_invalid_value", "`id:` must be followed by a group id", item)
                continue
            }
            refs.append(ref)
        }
        guard refs.count == items.count else { return nil }
        return GroupTest(mode: mode, refs: refs)
    }

    private func attributeTest(_ node: Node) -> AttributeTest? {
        guard let map = mapping(node, "`attribute`") else { return nil }
        map.finish(allowed: ["name"] + Self.attributeTestKeys)
        let name = map.require("name").flatMap { string($0, "an attribute name") }
        let tests = map.pairs.filter { Self.attributeTestKeys.contains($0.key) }
        guard tests.count == 1, let pair = tests.first else {
            let found = tests.isEmpty ? "none" : tests.map { "`\($0.key)`" }.joined(separator: ", ")
            error("policy_condition_keys", "`attribute` needs exactly one of `equals`, `in`, `not-in`, `matches`, `exists`; found \(found)", node,
                  help: tests.isEmpty ? "e.g. `attribute: { name: department, equals: Engineering }`" : "combine several tests with `all: [...]`")
            return nil
        }
        let test: AttributeTest.Test?
        switch pair.key {
        case "equals":
            test = scalarText(pair.value, "`equals`").map { .equals($0) }
        case "in", "not-in":
            if let items = sequence(pair.value, "`\(pair.key)`", help: "write a list, e.g. `\(pair.key): [employee, contractor]`") {
                if items.isEmpty {
                    error("policy_empty_condition", "`\(pair.key)` needs at least one value", pair.value)
                    test = nil
                } else {
                    let values = items.compactMap { scalarText($0, "a value") }
                    test = values.count == items.count ? (pair.key == "in" ? .in(values) : .notIn(values)) : nil
                }
            } else {
                test = nil
            }
        case "matches":
            if let pattern = string(pair.value, "`matches`") {
                if let problem = RegexCheck.problem(in: pattern) {
                    error("policy_invalid_regex", "`\(pattern)` is not a valid regular expression: \(problem)", pair.value)
                    test = nil
                } else {
                    test = .matches(pattern)
                }
            } else {
                test = nil
            }
        default:
            test = bool(pair.value, "`exists`").map { .exists($0) }
        }
        guard let name, let test else { return nil }
        return AttributeTest(name: name, test: test)
    }

    /// Any scalar as written (so `equals: 42` compares against "42").
    private func scalarText(_ node: Node, _ what: String) -> String? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node else {
            error("policy_wrong_type", "\(what) must be a single value, found \(describe(node))", node)
            return nil
        }
        return withoutNUL(s.string, what, node)
    }
}
