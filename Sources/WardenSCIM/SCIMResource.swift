public import WardenPolicy

/// A stored User or Group: the server-assigned parts (`id`, times, revision) and the
/// client-written attributes as ordered JSON.
public struct SCIMResource: Sendable, Hashable {
    public var type: SCIMResourceType
    public var id: String
    public var created: Timestamp
    public var lastModified: Timestamp
    /// 1 on creation, +1 per change; `meta.version` is `W/"<revision>"`.
    public var revision: Int
    /// Canonical attributes: schema spelling and order, `externalId` first, no `null` or empty
    /// values, the enterprise extension as an object under its URN. Never `id`, `meta`,
    /// `schemas`, `groups` or `password`.
    public var attributes: JSONValue

    public init(type: SCIMResourceType, id: String, created: Timestamp, lastModified: Timestamp, revision: Int,
                attributes: JSONValue) {
        self.type = type
        self.id = id
        self.created = created
        self.lastModified = lastModified
        self.revision = revision
        self.attributes = attributes
    }

    /// The weak entity tag, `W/"3"`: `meta.version` and the `ETag` header.
    public var version: String { "W/\"\(revision)\"" }

    public var userName: String? { attributes["userName"]?.stringValue }
    public var externalId: String? { attributes["externalId"]?.stringValue }
    public var displayName: String? { attributes["displayName"]?.stringValue }

    /// A user's `active`; absent counts as active.
    public var isActive: Bool {
        if case .bool(false)? = attributes["active"] { return false }
        return true
    }

    /// A group's member ids, in order.
    public var memberIds: [String] {
        (attributes["members"]?.arrayItems ?? []).compactMap { $0["value"]?.stringValue }
    }

    /// An attribute read ignoring case: `userName`, `name.givenName`, `emails`,
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
    public subscript(attribute text: String) -> JSONValue? {
        guard case .attribute(let ref) = type.lookup(text) else { return nil }
        let values = AttributeValues(type: type, canonical: attributes)
        guard let value = values[ref.key] else { return nil }
        guard let sub = ref.sub else { return value }
        if case .array(let items) = value {
            let subs = items.compactMap { $0[sub.name] }
            return subs.isEmpty ? nil : .array(subs)
        }
        return value[sub.name]
    }

    var values: AttributeValues { AttributeValues(type: type, canonical: attributes) }
}
