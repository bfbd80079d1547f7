public import WardenPolicy

/// The two resource types Warden serves (RFC 7643 §6).
public enum SCIMResourceType: String, Sendable, Hashable, CaseIterable {
    case user = "User"
    case group = "Group"

    /// `/Users` or `/Groups`.
    public var endpoint: String { self == .user ? "/Users" : "/Groups" }

    public var schema: SCIMSchema { self == .user ? .user : .group }

    public var extensions: [SCIMSchema] { self == .user ? [.enterpriseUser] : [] }

    /// The core schema, then the extensions.
    var allSchemas: [SCIMSchema] { [schema] + extensions }

    /// The extension whose URN is `urn`, ignoring case.
    func extensionSchema(_ urn: String) -> SCIMSchema? {
        extensions.first { sameName($0.id, urn) }
    }

    /// The `/ResourceTypes/{id}` representation.
    public func json(baseURL: String) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("schemas", .array([.string("urn:ietf:params:scim:schemas:core:2.0:ResourceType")])),
            ("id", .string(rawValue)), ("name", .string(rawValue)), ("endpoint", .string(endpoint)),
            ("description", .string(self == .user ? "User Account" : "Group")), ("schema", .string(schema.id)),
        ]
        if !extensions.isEmpty {
            pairs.append(("schemaExtensions", .array(extensions.map {
                .object([("schema", .string($0.id)), ("required", .bool(false))])
            })))
        }
        pairs.append(("meta", .object([("resourceType", .string("ResourceType")),
                                       ("location", .string("\(baseURL)/ResourceTypes/\(rawValue)"))])))
        return .object(pairs)
    }
}
