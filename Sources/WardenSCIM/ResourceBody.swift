import WardenPolicy

/// Reads a POST or PUT body into canonical attributes. Keys match ignoring case (Q10); `schemas`,
/// `id`, `meta` and other readOnly attributes are ignored (Q8); so are unknown attributes,
/// `password` and attributes under schema URNs this server does not serve (Q7); `null` is
/// absent (Q9). An extension may come as an object under its URN or as URN-qualified keys;
/// dotted keys (`name.givenName`) are only read in PATCH values.
enum ResourceBody {
    static func attributes(_ body: JSONValue, type: SCIMResourceType) throws(SCIMError) -> AttributeValues {
        guard case .object(let pairs) = body else {
            throw SCIMError(400, .invalidSyntax, "the body must be a JSON object, found \(body.kindName)")
        }
        var values = AttributeValues(type: type)
        for (key, value) in pairs {
            switch type.lookup(key) {
            case .schema(let schema) where schema.id != type.schema.id:
                if case .null = value { continue }
                guard case .object(let inner) = value else {
                    throw SCIMError(400, .invalidValue, "`\(schema.id)` must be an object, found \(value.kindName)")
                }
                for (name, v) in inner {
                    guard let attribute = schema.attribute(name) else { continue }
                    try set(&values, AttributeKey(schema: schema.id, name: attribute.name), attribute, v)
                }
            case .attribute(let ref) where ref.sub == nil:
                try set(&values, ref.key, ref.attribute, value)
            case .attribute, .schema, .unknownSchema, .unknownAttribute:
                continue
            }
        }
        return values
    }

    private static func set(_ values: inout AttributeValues, _ key: AttributeKey, _ attribute: SCIMAttribute,
                            _ value: JSONValue) throws(SCIMError) {
        guard attribute.isWritable else { return }
        values[key] = try ValueCoercion.coerce(value, to: attribute, at: attribute.name)
    }
}
