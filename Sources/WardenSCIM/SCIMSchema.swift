public import WardenPolicy

/// A SCIM schema (RFC 7643 §7): a URN and its attribute definitions.
public struct SCIMSchema: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var attributes: [SCIMAttribute]

    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The attribute named `name`, ignoring case.
    public func attribute(_ name: String) -> SCIMAttribute? {
        attributes.first { sameName($0.name, name) }
    }

    /// The `/Schemas/{id}` representation; `baseURL` is the service root (`https://host/scim/v2`).
    public func json(baseURL: String) -> JSONValue {
        .object([
            ("schemas", .array([.string("urn:ietf:params:scim:schemas:core:2.0:Schema")])),
            ("id", .string(id)), ("name", .string(name)), ("description", .string(description)),
            ("attributes", .array(attributes.map(\.json))),
            ("meta", .object([("resourceType", .string("Schema")), ("location", .string("\(baseURL)/Schemas/\(id)"))])),
        ])
    }
}
