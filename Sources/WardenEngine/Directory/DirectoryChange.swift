public import WardenPolicy

/// One change to the directory, decoded from a WorkOS event, a SCIM request, a snapshot or a test step.
public enum DirectoryChange: Sendable, Hashable {
    /// Create or update a user (last writer wins on `user.version`).
    case upsertUser(DirectoryUser)
    /// The user was removed from the directory.
    case deleteUser(DirectoryUser)
    case upsertGroup(DirectoryGroup)
    case deleteGroup(DirectoryGroup)
    /// Membership added or removed at `version`; the embedded objects create the user or group if unknown.
    case membership(user: DirectoryUser, group: DirectoryGroup, added: Bool, version: Version)
    /// Every user of the directory becomes deleted; later changes of that directory are ignored.
    case deleteDirectory(id: String, version: Version)
    /// Several changes applied as one (a join with its groups, a snapshot): users are re-planned once.
    case batch([DirectoryChange])
    /// Recorded, changes nothing (directory activated, token created/revoked, unknown types).
    case none(reason: String)
}

/// A directory change with where it came from and when it takes effect.
public struct ChangeEnvelope: Sendable, Hashable {
    /// The event id (or another stable id) of this change; actions derive their ids from it.
    public var id: String
    /// Effective time: deadlines count from here.
    public var time: Timestamp
    public var change: DirectoryChange
    /// What kind of input it came from, which decides the cause kind for `drift`.
    public var origin: Origin

    public enum Origin: String, Sendable, Hashable, Codable {
        case event, scim, snapshot, test
    }

    public init(id: String, time: Timestamp, change: DirectoryChange, origin: Origin = .event) {
        self.id = id
        self.time = time
        self.change = change
        self.origin = origin
    }
}
