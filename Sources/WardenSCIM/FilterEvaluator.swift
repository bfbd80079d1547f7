import WardenPolicy

/// Evaluates a resolved filter against one stored resource. A multi-valued attribute matches
/// when any of its values does; `ne` is the negation of `eq` (so an absent attribute is `ne`
/// anything); `eq null` means absent; `pr` means present and not an empty string. Without a
/// resource only element-relative expressions (PATCH value filters) read anything.
struct FilterEvaluator {
    let resource: SCIMResource?

    func evaluate(_ node: FilterNode, element: JSONValue?) -> Bool {
        switch node {
        case .and(let nodes): return nodes.allSatisfy { evaluate($0, element: element) }
        case .or(let nodes): return nodes.contains { evaluate($0, element: element) }
        case .not(let inner): return !evaluate(inner, element: element)
        case .present(let operand):
            return values(operand, element).contains { $0 != .string("") }
        case let .compare(operand, op, value):
            return compare(values(operand, element), op, value, caseExact: operand.caseExact)
        case let .any(key, inner):
            switch attribute(key) {
            case .array(let items)?: return items.contains { evaluate(inner, element: $0) }
            case let single?: return evaluate(inner, element: single)
            case nil: return false
            }
        }
    }

    private func attribute(_ key: AttributeKey) -> JSONValue? {
        guard let resource else { return nil }
        return key.schema == resource.type.schema.id ? resource.attributes[key.name] : resource.attributes[key.schema]?[key.name]
    }

    /// Every value the operand reads, multi-valued attributes flattened.
    private func values(_ operand: FilterOperand, _ element: JSONValue?) -> [JSONValue] {
        let found: JSONValue?
        switch operand.source {
        case .id: return resource.map { [.string($0.id)] } ?? []
        case .meta:
            guard let resource else { return [] }
            switch operand.sub {
            case "resourceType": return [.string(resource.type.rawValue)]
            case "created": return [.string(resource.created.iso8601)]
            case "lastModified": return [.string(resource.lastModified.iso8601)]
            case "version": return [.string(resource.version)]
            default: return []
            }
        case .element: found = element
        case .attribute(let key): found = attribute(key)
        }
        guard let found else { return [] }
        let items = found.arrayItems ?? [found]
        guard let sub = operand.sub else { return items }
        return items.compactMap { $0[sub] }
    }

    private func compare(_ values: [JSONValue], _ op: ComparisonOperator, _ value: FilterValue, caseExact: Bool) -> Bool {
        switch (op, value) {
        case (.eq, .null): return values.isEmpty
        case (.ne, .null): return !values.isEmpty
        case (.ne, _): return !compare(values, .eq, value, caseExact: caseExact)
        default: return values.contains { matches($0, op, value, caseExact: caseExact) }
        }
    }

    private func matches(_ actual: JSONValue, _ op: ComparisonOperator, _ value: FilterValue, caseExact: Bool) -> Bool {
        switch (actual, value) {
        case let (.string(s), .string(expected)):
            let text = caseExact ? s : s.lowercased()
            switch op {
            case .co: return text.contains(expected)
            case .sw: return text.hasPrefix(expected)
            case .ew: return text.hasSuffix(expected)
            default: return ordered(text, op, expected)
            }
        case let (.bool(b), .bool(expected)): return b == expected
        case let (.number(n), .number(expected)): return ordered(n, op, expected)
        case let (.string(s), .time(expected)):
            guard let t = Timestamp(iso8601: s) else { return false }
            return ordered(t.milliseconds, op, expected)
        default: return false
        }
    }

    private func ordered<T: Comparable>(_ a: T, _ op: ComparisonOperator, _ b: T) -> Bool {
        switch op {
        case .eq: return a == b
        case .gt: return a > b
        case .ge: return a >= b
        case .lt: return a < b
        case .le: return a <= b
        case .ne, .co, .sw, .ew: return false
        }
    }
}
