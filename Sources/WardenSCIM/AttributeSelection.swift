import WardenPolicy

/// The `attributes` or `excludedAttributes` of a request (RFC 7644 §3.4.2.5), applied to a
/// rendered resource. `id` and `schemas` are always returned. Names follow the usual forms
/// (`name.givenName`, `urn:...:enterprise:2.0:User:department`, a whole extension URN) and ignore
/// case; names no schema defines select nothing.
struct AttributeSelection: Sendable {
    /// What the names select in one attribute: all of it, or some sub-attributes.
    private struct Selected: Sendable {
        var whole = false
        var subs: Set<String> = []
    }

    /// The names resolved for one resource type.
    private struct Plan: Sendable {
        var core: [String: Selected] = [:]
        var extensions: [String: [String: Selected]] = [:]
        var wholeExtensions: Set<String> = []
    }

    private let include: Bool
    private let plans: [SCIMResourceType: Plan]

    /// nil when neither list is given; both at once is a 400 `invalidSyntax`.
    init?(attributes: [String], excludedAttributes: [String]) throws(SCIMError) {
        let attributes = attributes.filter { !$0.isEmpty }, excluded = excludedAttributes.filter { !$0.isEmpty }
        if !attributes.isEmpty && !excluded.isEmpty {
            throw SCIMError(400, .invalidSyntax, "`attributes` and `excludedAttributes` cannot be used together")
        }
        guard !attributes.isEmpty || !excluded.isEmpty else { return nil }
        include = !attributes.isEmpty
        let names = include ? attributes : excluded
        var plans: [SCIMResourceType: Plan] = [:]
        for type in SCIMResourceType.allCases { plans[type] = Self.plan(names, for: type) }
        self.plans = plans
    }

    /// Splits a comma-separated query parameter value.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0.trimmingSpaces) }
    }

    /// Whether the core attribute `name` is left out entirely (so it need not be computed).
    func omits(_ name: String, for type: SCIMResourceType) -> Bool {
        let selected = plans[type]?.core[name]
        return include ? selected == nil : selected?.whole == true
    }

    func apply(_ resource: JSONValue, type: SCIMResourceType) -> JSONValue {
        let plan = plans[type] ?? Plan()
        var out: [(String, JSONValue)] = []
        for (key, value) in resource.objectPairs ?? [] {
            if key == "id" || key == "schemas" {
                out.append((key, value))
            } else if let ext = type.extensionSchema(key) {
                if plan.wholeExtensions.contains(ext.id) {
                    if include { out.append((key, value)) }
                } else if let kept = keep(value, plan.extensions[ext.id] ?? [:]) {
                    out.append((key, kept))
                }
            } else if let kept = keep(.object([(key, value)]), plan.core)?[key] {
                out.append((key, kept))
            }
        }
        return .object(out)
    }

    private static func plan(_ names: [String], for type: SCIMResourceType) -> Plan {
        var plan = Plan()
        for name in names {
            switch type.lookup(name) {
            case .schema(let schema) where schema.id != type.schema.id:
                plan.wholeExtensions.insert(schema.id)
            case .attribute(let ref):
                let isCore = ref.key.schema == type.schema.id
                var entry = (isCore ? plan.core[ref.key.name] : plan.extensions[ref.key.schema]?[ref.key.name]) ?? Selected()
                if let sub = ref.sub { entry.subs.insert(sub.name) } else { entry.whole = true }
                if isCore { plan.core[ref.key.name] = entry } else { plan.extensions[ref.key.schema, default: [:]][ref.key.name] = entry }
            case .schema, .unknownSchema, .unknownAttribute:
                continue
            }
        }
        return plan
    }

    /// The object's members kept by `level`, or nil when none remain.
    private func keep(_ object: JSONValue, _ level: [String: Selected]) -> JSONValue? {
        var out: [(String, JSONValue)] = []
        for (key, value) in object.objectPairs ?? [] {
            guard let entry = level[key] else {
                if !include { out.append((key, value)) }
                continue
            }
            if entry.whole {
                if include { out.append((key, value)) }
            } else if let kept = keepSubs(value, entry.subs) {
                out.append((key, kept))
            }
        }
        return out.isEmpty ? nil : .object(out)
    }

    /// A complex value (or each element of a multi-valued one) with only, or without, `subs`.
    private func keepSubs(_ value: JSONValue, _ subs: Set<String>) -> JSONValue? {
        switch value {
        case .array(let items):
            let kept = items.compactMap { keepSubs($0, subs) }
            return kept.isEmpty ? nil : .array(kept)
        case .object(let pairs):
            let kept = pairs.filter { subs.contains($0.0) == include }
            return kept.isEmpty ? nil : .object(kept)
        default:
            return include ? nil : value
        }
    }
}
