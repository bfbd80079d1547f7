/// Where an attribute lives in a resource: its schema URN and canonical name. Core and common
/// attributes use the core schema's URN.
struct AttributeKey: Hashable, Sendable {
    var schema: String
    var name: String
}

/// An attribute name from a request (`userName`, `name.givenName`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`), resolved against
/// a resource type's schemas.
struct AttributeReference: Hashable, Sendable {
    var key: AttributeKey
    var attribute: SCIMAttribute
    var sub: SCIMAttribute?

    /// `name.givenName`, for messages.
    var displayName: String { sub.map { "\(attribute.name).\($0.name)" } ?? attribute.name }
}

/// The outcome of resolving a name.
enum AttributeLookup: Sendable {
    case attribute(AttributeReference)
    /// The name is a schema URN itself (`urn:...:enterprise:2.0:User`).
    case schema(SCIMSchema)
    /// A URN-qualified name whose schema this server does not serve: ignored by writes (Q7).
    case unknownSchema(String)
    case unknownAttribute(String)
}

/// A name split into its optional URN prefix, attribute and optional sub-attribute.
struct AttributeName: Hashable, Sendable {
    var urn: String?
    var name: String
    var sub: String?

    /// Splits `text`: a leading `urn:` runs to the last `:`; the rest is `attr` or `attr.sub`.
    /// Returns nil when the rest has more than one `.`, or an empty part.
    init?(_ text: String) {
        var rest = Substring(text)
        if hasPrefixIgnoringCase(text, "urn:"), let colon = text.lastIndex(of: ":") {
            urn = String(text[..<colon])
            rest = text[text.index(after: colon)...]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        name = String(parts[0])
        sub = parts.count == 2 ? String(parts[1]) : nil
    }

    init(urn: String?, name: String, sub: String?) {
        self.urn = urn
        self.name = name
        self.sub = sub
    }

    var text: String { (urn.map { $0 + ":" } ?? "") + name + (sub.map { "." + $0 } ?? "") }
}

extension SCIMResourceType {
    /// Resolves a name as written in a body key, PATCH path, filter or `attributes` list.
    /// Without a URN, core and common attributes come first, then extension attributes.
    func lookup(_ text: String) -> AttributeLookup {
        guard let name = AttributeName(text) else { return .unknownAttribute(text) }
        return lookup(name)
    }

    func lookup(_ name: AttributeName) -> AttributeLookup {
        if let urn = name.urn, name.sub == nil, let schema = allSchemas.first(where: { sameName($0.id, "\(urn):\(name.name)") }) {
            return .schema(schema)
        }
        var candidates: [(SCIMSchema, [SCIMAttribute])]
        if let urn = name.urn {
            guard let schema = allSchemas.first(where: { sameName($0.id, urn) }) else { return .unknownSchema(urn) }
            candidates = [(schema, schema.id == self.schema.id ? schema.attributes + SCIMSchema.commonAttributes : schema.attributes)]
        } else {
            candidates = [(schema, schema.attributes + SCIMSchema.commonAttributes)] + extensions.map { ($0, $0.attributes) }
        }
        for (schema, attributes) in candidates {
            guard let attribute = attributes.first(where: { sameName($0.name, name.name) }) else { continue }
            var sub: SCIMAttribute?
            if let subName = name.sub {
                guard let found = attribute.subAttribute(subName) else { return .unknownAttribute(name.text) }
                sub = found
            }
            return .attribute(AttributeReference(key: AttributeKey(schema: schema.id, name: attribute.name), attribute: attribute, sub: sub))
        }
        return .unknownAttribute(name.text)
    }
}
