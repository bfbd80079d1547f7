import WardenPolicy

/// Turns a client-sent value into the canonical form of an attribute, leniently where the IdPs
/// need it: `null` is absent (Q9), `"True"`/`"False"` are booleans (Q2), a bare string for a
/// complex attribute with a `value` sub-attribute becomes `{"value": ...}` (Q5), a single value
/// for a multi-valued attribute becomes a one-element list and a one-element list for a
/// single-valued one its element, numbers for strings become text.
/// Sub-attribute names are matched ignoring case (Q10); unknown and readOnly ones are dropped.
enum ValueCoercion {
    /// The canonical value, or nil when the value amounts to "absent".
    static func coerce(_ value: JSONValue, to attribute: SCIMAttribute, at path: String) throws(SCIMError) -> JSONValue? {
        guard attribute.multiValued else { return try single(value, attribute, path) }
        switch value {
        case .null: return nil
        case .array(let items):
            var out: [JSONValue] = []
            for item in items {
                if let v = try single(item, attribute, path) { out.append(v) }
            }
            return out.isEmpty ? nil : .array(out)
        default:
            return try single(value, attribute, path).map { .array([$0]) }
        }
    }

    /// One element (or the value of a single-valued attribute).
    static func single(_ value: JSONValue, _ attribute: SCIMAttribute, _ path: String) throws(SCIMError) -> JSONValue? {
        if case .null = value { return nil }
        if !attribute.multiValued, case .array(let items) = value, items.count <= 1 {
            guard let item = items.first else { return nil }
            return try single(item, attribute, path)
        }
        switch attribute.type {
        case .complex:
            if case .string(let s) = value, attribute.subAttribute("value") != nil {
                return .object([("value", .string(s))])
            }
            guard case .object(let pairs) = value else { throw mismatch(path, "an object", value) }
            var fields: [String: JSONValue] = [:]
            for (key, v) in pairs {
                guard let sub = attribute.subAttribute(key), sub.isWritable else { continue }
                fields[sub.name] = try single(v, sub, "\(path).\(sub.name)")
            }
            let ordered = attribute.subAttributes.compactMap { sub in fields[sub.name].map { (sub.name, $0) } }
            return ordered.isEmpty ? nil : .object(ordered)
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let s) where sameName(s, "true"): return .bool(true)
            case .string(let s) where sameName(s, "false"): return .bool(false)
            default: throw mismatch(path, "a boolean", value)
            }
        case .integer:
            guard case .number(let n) = value, n.rounded() == n else { throw mismatch(path, "an integer", value) }
            return value
        case .decimal:
            guard case .number = value else { throw mismatch(path, "a number", value) }
            return value
        case .dateTime:
            guard case .string(let s) = value, Timestamp(iso8601: s) != nil else {
                throw SCIMError(400, .invalidValue, "`\(path)` must be an ISO 8601 date and time")
            }
            return value
        case .string, .reference, .binary:
            switch value {
            case .string: return value
            case .number: return .string(String(decoding: value.compactBytes, as: UTF8.self))
            default: throw mismatch(path, "a string", value)
            }
        }
    }

    private static func mismatch(_ path: String, _ expected: String, _ value: JSONValue) -> SCIMError {
        SCIMError(400, .invalidValue, "`\(path)` must be \(expected), found \(value.kindName)")
    }
}
