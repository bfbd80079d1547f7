public import WardenPolicy

extension SCIMResource {
    /// `https://host/scim/v2/Users/<id>`: `meta.location` and the `Location` header.
    public func location(baseURL: String) -> String { "\(baseURL)\(type.endpoint)/\(id)" }

    /// The full representation: `schemas` (core, plus the enterprise URN when the extension has
    /// values), `id`, the attributes, a user's derived `groups`, then `meta`.
    public func json(baseURL: String, groups: [SCIMResource] = []) -> JSONValue {
        let stored = attributes.objectPairs ?? []
        var schemas: [JSONValue] = [.string(type.schema.id)]
        for ext in type.extensions where stored.contains(where: { $0.0 == ext.id }) { schemas.append(.string(ext.id)) }
        var pairs: [(String, JSONValue)] = [("schemas", .array(schemas)), ("id", .string(id))]
        pairs += stored.filter { type.extensionSchema($0.0) == nil }
        if !groups.isEmpty {
            pairs.append(("groups", .array(groups.map { group in
                .object([("value", .string(group.id)), ("$ref", .string(group.location(baseURL: baseURL))),
                         ("display", .string(group.displayName ?? "")), ("type", .string("direct"))])
            })))
        }
        pairs += stored.filter { type.extensionSchema($0.0) != nil }
        pairs.append(("meta", .object([
            ("resourceType", .string(type.rawValue)), ("created", .string(created.iso8601)),
            ("lastModified", .string(lastModified.iso8601)), ("location", .string(location(baseURL: baseURL))),
            ("version", .string(version)),
        ])))
        return .object(pairs)
    }
}
