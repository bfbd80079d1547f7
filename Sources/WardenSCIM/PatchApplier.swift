import WardenPolicy

/// Applies PATCH operations (RFC 7644 §3.5.2) to a copy of a resource's attributes; the caller
/// keeps the original, so a failing operation leaves the resource unchanged.
///
/// Beyond the RFC, for what Okta and Entra send: no-path values may use dotted and
/// URN-qualified keys (Q4); `remove` of `members` with a `value` list removes only the listed
/// members (Q3); `add`/`replace` on `emails[type eq "work"].value` (or any filter made of `eq`
/// joined by `and`) creates the element when none matches (Q6); an `id` equal to the current one
/// is accepted and ignored (Q12); `password` is accepted and dropped. Unknown attributes in
/// no-path values are ignored as in POST bodies; an unknown attribute in a `path` is an error.
struct PatchApplier {
    let id: String
    private(set) var values: AttributeValues

    init(id: String, values: AttributeValues) {
        self.id = id
        self.values = values
    }

    private var type: SCIMResourceType { values.type }

    /// Where an operation writes.
    private struct Target {
        var ref: AttributeReference
        /// Element-relative filter of `attr[filter]`.
        var filter: FilterNode?
        /// The `sub eq value` pairs of an `eq`/`and`-only filter: a new element's starting point.
        var seed: [(String, JSONValue)]?
        var label: String
    }

    private enum Resolution {
        case target(Target)
        case schema(SCIMSchema)
        case ignored
        case unknown(String)
    }

    mutating func apply(_ operation: PatchOperation) throws(SCIMError) {
        let n = operation.number
        guard let path = operation.path else {
            guard operation.kind != .remove else {
                throw SCIMError(400, .noTarget, "operation \(n): `remove` needs a `path`")
            }
            guard let value = operation.value, case .object = value else {
                throw SCIMError(400, .invalidValue, "operation \(n): without a `path`, `value` must be an object of attributes")
            }
            try applyObject(value, schema: nil, replace: operation.kind == .replace, n)
            return
        }
        switch try resolve(path, n) {
        case .ignored: return
        case .unknown(let name):
            throw SCIMError(400, .invalidPath, "operation \(n): unknown attribute `\(name)` for \(type.rawValue) resources")
        case .schema(let schema):
            if operation.kind == .remove {
                guard schema.id != type.schema.id else {
                    throw SCIMError(400, .invalidPath, "operation \(n): the core schema cannot be removed")
                }
                for attribute in schema.attributes { values[AttributeKey(schema: schema.id, name: attribute.name)] = nil }
                return
            }
            guard let value = operation.value, case .object = value else {
                throw SCIMError(400, .invalidValue, "operation \(n): `value` for `\(schema.id)` must be an object of attributes")
            }
            try applyObject(value, schema: schema, replace: operation.kind == .replace, n)
        case .target(let target):
            switch operation.kind {
            case .remove: try remove(target, operation.value, n)
            case .add, .replace:
                guard let value = operation.value else {
                    if operation.kind == .replace { try remove(target, nil, n) }
                    return
                }
                try write(target, value, replace: operation.kind == .replace, n)
            }
        }
    }

    /// A no-path value (or the value of a schema-URN path): each key is a path of its own.
    private mutating func applyObject(_ object: JSONValue, schema: SCIMSchema?, replace: Bool, _ n: Int) throws(SCIMError) {
        for (key, value) in object.objectPairs ?? [] {
            if schema == nil, sameName(key, "schemas") || sameName(key, "meta") { continue }
            let path = schema.map { "\($0.id):\(key)" } ?? key
            let resolution: Resolution
            do {
                resolution = try resolve(path, n)
            } catch {
                continue
            }
            switch resolution {
            case .ignored, .unknown: continue
            case .schema(let inner):
                guard inner.id != schema?.id, case .object = value else { continue }
                try applyObject(value, schema: inner, replace: replace, n)
            case .target(let target):
                if target.ref.key.name == "groups", target.ref.attribute.mutability == .readOnly,
                   value.isNull || value == .array([]) {
                    continue
                }
                if value.isNull {
                    if replace { try remove(target, nil, n) }
                    continue
                }
                try write(target, value, replace: replace, n)
            }
        }
    }

    private func resolve(_ path: String, _ n: Int) throws(SCIMError) -> Resolution {
        let syntax = try FilterParser.patchPath(path)
        let name = syntax.attribute.name
        switch type.lookup(name.text) {
        case .schema(let schema):
            return syntax.filter == nil && syntax.sub == nil ? .schema(schema) : .unknown(path)
        case .unknownSchema:
            return .ignored
        case .unknownAttribute:
            return sameName(name.name, "password") && name.sub == nil ? .ignored : .unknown(name.text)
        case .attribute(var ref):
            var target = Target(ref: ref, label: path)
            guard let filterSyntax = syntax.filter else { return .target(target) }
            guard ref.sub == nil, ref.attribute.multiValued, ref.attribute.type == .complex else {
                throw SCIMError(400, .invalidPath,
                                "operation \(n): `\(name.text)` is not a multi-valued complex attribute, so it cannot take `[...]`")
            }
            var compiler = FilterCompiler(type: type)
            compiler.scimType = .invalidPath
            compiler.what = "path"
            let filter = try compiler.node(filterSyntax, element: (ref.key, ref.attribute))
            if let subName = syntax.sub {
                guard let sub = ref.attribute.subAttribute(subName) else {
                    throw SCIMError(400, .invalidPath, "operation \(n): `\(ref.attribute.name)` has no sub-attribute `\(subName)`")
                }
                ref.sub = sub
                target.ref = ref
            }
            target.filter = filter
            target.seed = Self.seed(filter)
            return .target(target)
        }
    }

    /// The pairs an element must have to match an `eq`/`and`-only filter, or nil.
    private static func seed(_ filter: FilterNode) -> [(String, JSONValue)]? {
        switch filter {
        case let .compare(operand, .eq, value):
            guard let sub = operand.sub else { return nil }
            switch value {
            case .string(let s): return [(sub, .string(s))]
            case .bool(let b): return [(sub, .bool(b))]
            case .number(let d): return [(sub, .number(d))]
            case .time, .null: return nil
            }
        case .and(let terms):
            var pairs: [(String, JSONValue)] = []
            for term in terms {
                guard let more = seed(term) else { return nil }
                pairs += more
            }
            return pairs
        default:
            return nil
        }
    }

    // MARK: add and replace

    private mutating func write(_ target: Target, _ raw: JSONValue, replace: Bool, _ n: Int) throws(SCIMError) {
        let attribute = target.ref.attribute, key = target.ref.key
        if attribute.mutability == .readOnly {
            if key.name == "id", raw == .string(id) { return }
            throw SCIMError(400, .mutability, "operation \(n): `\(target.ref.displayName)` is read-only")
        }
        if let sub = target.ref.sub, sub.mutability == .readOnly {
            throw SCIMError(400, .mutability, "operation \(n): `\(target.ref.displayName)` is read-only")
        }
        if attribute.multiValued {
            values[key] = .array(try writeElements(target, raw, replace: replace, n))
        } else if attribute.type == .complex {
            var object = values[key] ?? .object([])
            if let sub = target.ref.sub {
                object = try Self.setting(sub, try ValueCoercion.single(raw, sub, target.label), in: object, n)
            } else if let value = try ValueCoercion.single(raw, attribute, target.label) {
                for (name, v) in value.objectPairs ?? [] { object = object.setting(name, to: v) }
            }
            values[key] = AttributeValues.ordered(object, attribute)
        } else {
            guard target.ref.sub == nil else {
                throw SCIMError(400, .invalidPath, "operation \(n): `\(attribute.name)` has no sub-attributes")
            }
            values[key] = try ValueCoercion.single(raw, attribute, target.label)
        }
    }

    private func writeElements(_ target: Target, _ raw: JSONValue, replace: Bool, _ n: Int) throws(SCIMError) -> [JSONValue] {
        let attribute = target.ref.attribute
        var items = values[target.ref.key]?.arrayItems ?? []
        switch (target.filter, target.ref.sub) {
        case (nil, nil):
            let incoming = try ValueCoercion.coerce(raw, to: attribute, at: target.label)?.arrayItems ?? []
            if replace {
                items = incoming
            } else {
                // Large groups get members added one PATCH at a time: look candidates up by value.
                var values = Set(items.compactMap { Self.comparableValue($0, attribute) })
                for item in incoming {
                    let value = Self.comparableValue(item, attribute)
                    let mayExist = value.map(values.contains) ?? true
                    if mayExist, items.contains(where: { Self.isDuplicate(item, of: $0, attribute) }) { continue }
                    items.append(item)
                    if let value { values.insert(value) }
                    Self.keepSinglePrimary(&items, at: items.count - 1)
                }
            }
        case (nil, let sub?):
            let value = try ValueCoercion.single(raw, sub, target.label)
            if items.isEmpty, let value {
                items = [.object([(sub.name, value)])]
            } else {
                for i in items.indices { items[i] = try Self.setting(sub, value, in: items[i], n) }
            }
        case (let filter?, let sub):
            let matched = items.indices.filter { FilterEvaluator(resource: nil).evaluate(filter, element: items[$0]) }
            if matched.isEmpty {
                guard let seed = target.seed else {
                    throw SCIMError(400, .noTarget, "operation \(n): no value matches `\(target.label)`")
                }
                var element = JSONValue.object(seed)
                if let sub {
                    guard let value = try ValueCoercion.single(raw, sub, target.label) else { return items }
                    element = element.setting(sub.name, to: value)
                } else {
                    guard let value = try ValueCoercion.single(raw, attribute, target.label) else { return items }
                    for (name, v) in value.objectPairs ?? [] { element = element.setting(name, to: v) }
                }
                items.append(AttributeValues.ordered(element, attribute))
                Self.keepSinglePrimary(&items, at: items.count - 1)
            } else {
                for i in matched {
                    if let sub {
                        items[i] = try Self.setting(sub, try ValueCoercion.single(raw, sub, target.label), in: items[i], n)
                    } else if let value = try ValueCoercion.single(raw, attribute, target.label) {
                        var element = replace ? JSONValue.object(target.seed ?? []) : items[i]
                        for (name, v) in value.objectPairs ?? [] { element = element.setting(name, to: v) }
                        items[i] = AttributeValues.ordered(element, attribute)
                    }
                    Self.keepSinglePrimary(&items, at: i)
                }
            }
        }
        return items.filter { $0 != .object([]) }
    }

    /// `object` with `sub` set to `value` (or removed when nil); an immutable sub-attribute
    /// that already holds a different value cannot change.
    private static func setting(_ sub: SCIMAttribute, _ value: JSONValue?, in object: JSONValue, _ n: Int) throws(SCIMError) -> JSONValue {
        if sub.mutability == .immutable, let current = object[sub.name], current != value {
            throw SCIMError(400, .mutability, "operation \(n): `\(sub.name)` is immutable")
        }
        guard let value else { return object.removing(sub.name) }
        return object.setting(sub.name, to: value)
    }

    /// Whether `item` is already present as `existing`: the same `value` (and `type` when both
    /// have one), or equal as a whole when either has no `value`.
    private static func isDuplicate(_ item: JSONValue, of existing: JSONValue, _ attribute: SCIMAttribute) -> Bool {
        guard let a = comparableValue(item, attribute), let b = comparableValue(existing, attribute) else { return item == existing }
        guard a == b else { return false }
        if case .string(let t1)? = item["type"], case .string(let t2)? = existing["type"] { return sameName(t1, t2) }
        return true
    }

    /// An element's `value` as compared: JSON text, lowercased when the sub-attribute ignores case.
    private static func comparableValue(_ item: JSONValue, _ attribute: SCIMAttribute) -> String? {
        guard let sub = attribute.subAttribute("value"), let value = item["value"] else { return nil }
        if !sub.caseExact, case .string(let s) = value { return s.lowercased() }
        return value.compactText
    }

    private static func sameValue(_ a: JSONValue, _ b: JSONValue, caseExact: Bool) -> Bool {
        if !caseExact, case .string(let x) = a, case .string(let y) = b { return x.lowercased() == y.lowercased() }
        return a == b
    }

    /// RFC 7643 §2.4: at most one `primary: true`. When the element at `index` is primary, the
    /// others stop being.
    private static func keepSinglePrimary(_ items: inout [JSONValue], at index: Int) {
        guard case .bool(true)? = items[index]["primary"] else { return }
        for i in items.indices where i != index {
            if case .bool(true)? = items[i]["primary"] { items[i] = items[i].setting("primary", to: .bool(false)) }
        }
    }

    // MARK: remove

    private mutating func remove(_ target: Target, _ value: JSONValue?, _ n: Int) throws(SCIMError) {
        let attribute = target.ref.attribute, key = target.ref.key
        if attribute.mutability == .readOnly || target.ref.sub?.mutability == .readOnly {
            throw SCIMError(400, .mutability, "operation \(n): `\(target.ref.displayName)` is read-only")
        }
        guard attribute.multiValued else {
            if let sub = target.ref.sub {
                if let current = values[key] { values[key] = try Self.setting(sub, nil, in: current, n) }
            } else {
                values[key] = nil
            }
            return
        }
        var items = values[key]?.arrayItems ?? []
        switch (target.filter, target.ref.sub) {
        case (nil, nil):
            if let value {
                // Entra's legacy member removal (Q3): only the listed values go.
                let listed = try ValueCoercion.coerce(value, to: attribute, at: target.label)?.arrayItems ?? []
                guard !listed.isEmpty else {
                    throw SCIMError(400, .invalidValue, "operation \(n): `value` lists nothing to remove from `\(attribute.name)`")
                }
                items.removeAll { item in listed.contains { Self.selects($0, item, attribute) } }
            } else {
                items = []
            }
        case (nil, let sub?):
            for i in items.indices { items[i] = try Self.setting(sub, nil, in: items[i], n) }
        case (let filter?, let sub):
            let evaluator = FilterEvaluator(resource: nil)
            if let sub {
                for i in items.indices where evaluator.evaluate(filter, element: items[i]) {
                    items[i] = try Self.setting(sub, nil, in: items[i], n)
                }
            } else {
                items.removeAll { evaluator.evaluate(filter, element: $0) }
            }
        }
        values[key] = .array(items.filter { $0 != .object([]) })
    }

    /// Whether every sub-attribute given in `listed` has the same value in `item`.
    private static func selects(_ listed: JSONValue, _ item: JSONValue, _ attribute: SCIMAttribute) -> Bool {
        (listed.objectPairs ?? []).allSatisfy { name, v in
            guard let actual = item[name] else { return false }
            return sameValue(actual, v, caseExact: attribute.subAttribute(name)?.caseExact ?? true)
        }
    }
}
