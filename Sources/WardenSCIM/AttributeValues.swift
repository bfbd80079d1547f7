import WardenPolicy

/// The client-written attributes of one resource, keyed by schema and canonical name: the working
/// form for bodies and PATCH. `canonical` turns it back into ordered JSON (schema order,
/// `externalId` first, each extension as an object under its URN).
struct AttributeValues: Sendable {
    let type: SCIMResourceType
    private(set) var values: [AttributeKey: JSONValue] = [:]

    init(type: SCIMResourceType) { self.type = type }

    /// Reads a canonical attributes object as stored in `SCIMResource.attributes`.
    init(type: SCIMResourceType, canonical: JSONValue) {
        self.type = type
        for (key, value) in canonical.objectPairs ?? [] {
            if let ext = type.extensionSchema(key) {
                for (name, v) in value.objectPairs ?? [] { values[AttributeKey(schema: ext.id, name: name)] = v }
            } else {
                values[AttributeKey(schema: type.schema.id, name: key)] = value
            }
        }
    }

    /// The value at `key`; setting nil (or an empty list or object) removes it.
    subscript(key: AttributeKey) -> JSONValue? {
        get { values[key] }
        set {
            switch newValue {
            case nil, .null?: values[key] = nil
            case .array(let items)? where items.isEmpty: values[key] = nil
            case .object(let pairs)? where pairs.isEmpty: values[key] = nil
            default: values[key] = newValue
            }
        }
    }

    /// The core attribute named `name` (canonical spelling).
    subscript(core name: String) -> JSONValue? {
        get { self[AttributeKey(schema: type.schema.id, name: name)] }
        set { self[AttributeKey(schema: type.schema.id, name: name)] = newValue }
    }

    /// Ordered JSON: `externalId`, the core attributes in schema order, then each extension.
    var canonical: JSONValue {
        var pairs: [(String, JSONValue)] = []
        for attribute in [SCIMAttribute](SCIMSchema.commonAttributes.filter { $0.isWritable }) + type.schema.attributes {
            if let v = values[AttributeKey(schema: type.schema.id, name: attribute.name)] {
                pairs.append((attribute.name, Self.ordered(v, attribute)))
            }
        }
        for ext in type.extensions {
            let inner: [(String, JSONValue)] = ext.attributes.compactMap { attribute in
                values[AttributeKey(schema: ext.id, name: attribute.name)].map { (attribute.name, Self.ordered($0, attribute)) }
            }
            if !inner.isEmpty { pairs.append((ext.id, .object(inner))) }
        }
        return .object(pairs)
    }

    /// A complex value (or each element of a multi-valued one) with sub-attributes in schema order.
    static func ordered(_ value: JSONValue, _ attribute: SCIMAttribute) -> JSONValue {
        guard attribute.type == .complex else { return value }
        switch value {
        case .array(let items): return .array(items.map { ordered($0, attribute) })
        case .object(let pairs):
            return .object(attribute.subAttributes.compactMap { sub in pairs.last { $0.0 == sub.name }.map { (sub.name, $0.1) } })
        default: return value
        }
    }
}
