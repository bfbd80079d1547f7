public import WardenPolicy

/// A SCIM resource as stored (`scim_resources`): the server-assigned parts, the keys it is
/// looked up by, and its attributes as JSON text. The store knows nothing else of SCIM.
public struct SCIMRow: Sendable, Hashable {
    /// `User` or `Group`.
    public var type: String
    public var id: String
    public var directoryId: String
    public var revision: Int
    public var created: Timestamp
    public var lastModified: Timestamp
    /// Lowercased `userName` (users): unique per directory.
    public var userNameKey: String?
    public var externalId: String?
    /// Lowercased `displayName`.
    public var displayNameKey: String?
    /// Lowercased email the user is mirrored with (identity linking).
    public var emailKey: String?
    /// The attributes, as canonical JSON text.
    public var attributes: String
    /// A group's member ids, in order.
    public var members: [String]
    /// Whether the resource is joined with an identity of another source (its id was that
    /// identity's, or that identity was linked to it); only unjoined ones take new links.
    public var linked: Bool

    public init(type: String, id: String, directoryId: String, revision: Int, created: Timestamp, lastModified: Timestamp,
                userNameKey: String?, externalId: String?, displayNameKey: String?, emailKey: String?, attributes: String,
                members: [String], linked: Bool = false) {
        self.type = type
        self.id = id
        self.directoryId = directoryId
        self.revision = revision
        self.created = created
        self.lastModified = lastModified
        self.userNameKey = userNameKey
        self.externalId = externalId
        self.displayNameKey = displayNameKey
        self.emailKey = emailKey
        self.attributes = attributes
        self.members = members
        self.linked = linked
    }
}

/// One change to the SCIM tables, committed with the engine's batch.
public enum SCIMRowWrite: Sendable, Hashable {
    case create(SCIMRow)
    /// Replaces the row of the same type and id, whose revision must be `previousRevision`.
    case replace(SCIMRow, previousRevision: Int)
    /// Deletes the row, whose revision must be `revision`.
    case delete(type: String, id: String, revision: Int)
    /// An identity of another source (`sourceId`, a WorkOS user or group id) is from now on
    /// read as the SCIM resource `scimId`.
    case link(directoryId: String, type: String, sourceId: String, scimId: String)
}

/// Why a SCIM commit cannot apply.
public enum SCIMWriteConflict: Error, Sendable, Hashable {
    /// The resource is not at the revision the write expects (or exists / is gone).
    case revision(type: String, id: String)
    /// Another user of the directory has this `userName` (ignoring case).
    case userNameTaken
}

/// Which column a narrowed SCIM lookup reads.
public enum SCIMRowKey: Sendable, Hashable {
    case id(String)
    case externalId(String)
    case userNameKey(String)
    case displayNameKey(String)
}
