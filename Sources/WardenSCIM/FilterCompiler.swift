import WardenPolicy

/// Resolves a filter's attribute paths against a resource type and checks each comparison:
/// unknown attributes, operators that do not fit the attribute's type and values of the wrong
/// kind are located `invalidFilter` errors.
struct FilterCompiler {
    let type: SCIMResourceType
    var scimType: SCIMError.ScimType = .invalidFilter
    var what = "filter"

    /// The complex attribute a value filter ranges over.
    typealias Element = (key: AttributeKey, attribute: SCIMAttribute)

    func node(_ syntax: FilterSyntax, element: Element?) throws(SCIMError) -> FilterNode {
        switch syntax {
        case .and(let terms): return .and(try nodes(terms, element))
        case .or(let terms): return .or(try nodes(terms, element))
        case .not(let inner): return .not(try node(inner, element: element))
        case .present(let path):
            return .present(try operand(path, element, forPresence: true).operand)
        case let .compare(path, op, literal):
            let (operand, leaf, label) = try operand(path, element, forPresence: false)
            return .compare(operand, op, try value(literal, op, leaf, label, path.position))
        case let .valuePath(path, inner, then):
            guard element == nil else { throw fail("value filters cannot be nested", path.position) }
            let ref = try reference(path)
            guard ref.attribute.type == .complex, ref.sub == nil, ref.key.name != "meta" else {
                throw fail("`\(path.name.text)` is not a complex attribute, so it cannot take `[...]`", path.position)
            }
            let scope: Element = (ref.key, ref.attribute)
            var condition = try node(inner, element: scope)
            if let then { condition = .and([condition, try node(then, element: scope)]) }
            return .any(ref.key, condition)
        }
    }

    private func nodes(_ terms: [FilterSyntax], _ element: Element?) throws(SCIMError) -> [FilterNode] {
        var out: [FilterNode] = []
        for term in terms { out.append(try node(term, element: element)) }
        return out
    }

    /// The operand, the attribute whose type applies, and its name for messages.
    private func operand(_ path: PathSyntax, _ element: Element?,
                         forPresence: Bool) throws(SCIMError) -> (operand: FilterOperand, leaf: SCIMAttribute, label: String) {
        if let element {
            guard path.name.urn == nil, path.name.sub == nil, let sub = element.attribute.subAttribute(path.name.name) else {
                throw fail("`\(element.attribute.name)` has no sub-attribute `\(path.name.text)`", path.position)
            }
            return (FilterOperand(source: .element, sub: sub.name, caseExact: sub.caseExact), sub, "\(element.attribute.name).\(sub.name)")
        }
        let ref = try reference(path)
        var sub = ref.sub
        if sub == nil, !forPresence, ref.attribute.type == .complex, let value = ref.attribute.subAttribute("value") {
            sub = value
        }
        let leaf = sub ?? ref.attribute
        let label = sub.map { "\(ref.attribute.name).\($0.name)" } ?? ref.attribute.name
        let source: FilterOperand.Source
        switch ref.key.name {
        case "id" where ref.key.schema == type.schema.id: source = .id
        case "meta" where ref.key.schema == type.schema.id:
            guard let s = sub, s.name != "location" else {
                throw fail(sub == nil ? "`meta` needs a sub-attribute, such as `meta.lastModified`"
                                      : "filtering on `meta.location` is not supported", path.position)
            }
            source = .meta
        case "groups" where type == .user:
            throw fail("filtering on `groups` is not supported", path.position)
        default: source = .attribute(ref.key)
        }
        return (FilterOperand(source: source, sub: sub?.name, caseExact: leaf.caseExact), leaf, label)
    }

    private func reference(_ path: PathSyntax) throws(SCIMError) -> AttributeReference {
        switch type.lookup(path.name) {
        case .attribute(let ref): return ref
        case .unknownSchema(let urn): throw fail("unknown schema `\(urn)` for \(type.rawValue) resources", path.position)
        case .unknownAttribute(let name): throw fail("unknown attribute `\(name)` for \(type.rawValue) resources", path.position)
        case .schema(let schema): throw fail("`\(schema.id)` is a schema, not an attribute", path.position)
        }
    }

    private func value(_ literal: FilterLiteral, _ op: ComparisonOperator, _ leaf: SCIMAttribute, _ label: String,
                       _ position: Int) throws(SCIMError) -> FilterValue {
        if case .null = literal {
            guard op == .eq || op == .ne else { throw fail("`null` can only be compared with eq or ne", position) }
            return .null
        }
        let ordering: Set<ComparisonOperator> = [.gt, .ge, .lt, .le]
        let text: Set<ComparisonOperator> = [.co, .sw, .ew]
        switch leaf.type {
        case .complex:
            throw fail("`\(label)` is complex; compare one of its sub-attributes", position)
        case .boolean:
            guard op == .eq || op == .ne else { throw fail("operator `\(op.rawValue)` does not apply to boolean `\(label)`", position) }
            switch literal {
            case .bool(let b): return .bool(b)
            case .string(let s) where sameName(s, "true") || sameName(s, "false"): return .bool(sameName(s, "true"))
            default: throw fail("`\(label)` is a boolean; compare it with true or false", position)
            }
        case .integer, .decimal:
            guard !text.contains(op) else { throw fail("operator `\(op.rawValue)` does not apply to number `\(label)`", position) }
            guard case .number(let n) = literal else { throw fail("`\(label)` is a number; compare it with a number", position) }
            return .number(n)
        case .dateTime:
            guard !text.contains(op) else { throw fail("operator `\(op.rawValue)` does not apply to date `\(label)`", position) }
            guard case .string(let s) = literal, let t = Timestamp(iso8601: s) else {
                throw fail("`\(label)` is a date and time; compare it with a quoted ISO 8601 value", position)
            }
            return .time(t.milliseconds)
        case .binary, .string, .reference:
            if leaf.type == .binary, text.contains(op) || ordering.contains(op) {
                throw fail("operator `\(op.rawValue)` does not apply to binary `\(label)`", position)
            }
            guard case .string(let s) = literal else { throw fail("`\(label)` is a string; compare it with a quoted value", position) }
            return .string(leaf.caseExact ? s : s.lowercased())
        }
    }

    private func fail(_ message: String, _ position: Int) -> SCIMError {
        SCIMError(400, scimType, "invalid \(what): \(message) at character \(position)")
    }
}
