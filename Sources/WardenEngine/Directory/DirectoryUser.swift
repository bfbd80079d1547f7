public import WardenPolicy

/// `active`, `inactive` (deactivated or suspended in the IdP), `deleted` (removed from the directory).
public enum UserState: String, Sendable, Hashable, Codable, CaseIterable {
    case active, inactive, deleted
}

/// A directory user as Warden mirrors it. Custom attributes are flattened to strings.
public struct DirectoryUser: Sendable, Hashable, Codable {
    public var id: String
    public var directoryId: String
    public var organizationId: String?
    public var idpId: String
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var state: UserState
    /// WorkOS role slug.
    public var role: String?
    public var attributes: [String: String]
    public var createdAt: Timestamp?
    /// Last-writer-wins version: the object's `updated_at` and the id of the event that set it.
    public var version: Version

    public init(id: String, directoryId: String, organizationId: String? = nil, idpId: String = "", email: String?,
                firstName: String? = nil, lastName: String? = nil, state: UserState, role: String? = nil,
                attributes: [String: String] = [:], createdAt: Timestamp? = nil, version: Version) {
        self.id = id
        self.directoryId = directoryId
        self.organizationId = organizationId
        self.idpId = idpId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.state = state
        self.role = role
        self.attributes = attributes
        self.createdAt = createdAt
        self.version = version
    }

    /// The part of the email after `@`, lowercased.
    public var emailDomain: String? {
        guard let email, let at = email.lastIndex(of: "@") else { return nil }
        return String(email[email.index(after: at)...]).lowercased()
    }

    /// The value an `attribute` condition reads for `name` (SPEC §2.1).
    public func attribute(_ name: String) -> String? {
        switch name {
        case "email": return email
        case "email_domain": return emailDomain
        case "first_name": return firstName
        case "last_name": return lastName
        case "idp_id": return idpId
        case "directory_id": return directoryId
        case "role": return role
        default: return attributes[name]
        }
    }

    /// Email when known, else the id: how people recognise the user in output.
    public var displayName: String { email ?? id }
}

/// A directory group.
public struct DirectoryGroup: Sendable, Hashable, Codable {
    public var id: String
    public var directoryId: String
    public var name: String
    public var idpId: String?
    /// True once the group was deleted (kept as a tombstone so stale events cannot bring it back).
    public var deleted: Bool
    public var version: Version

    public init(id: String, directoryId: String, name: String, idpId: String? = nil, deleted: Bool = false, version: Version) {
        self.id = id
        self.directoryId = directoryId
        self.name = name
        self.idpId = idpId
        self.deleted = deleted
        self.version = version
    }
}

/// Orders changes to one object: by time, then by event id, so any delivery order converges.
public struct Version: Sendable, Hashable, Comparable, Codable {
    public var time: Timestamp
    public var event: String

    public init(time: Timestamp, event: String) {
        self.time = time
        self.event = event
    }

    public static func < (lhs: Version, rhs: Version) -> Bool { (lhs.time, lhs.event) < (rhs.time, rhs.event) }

    public static let origin = Version(time: Timestamp(milliseconds: .min), event: "")
}
