public import WardenEngine
public import WardenPolicy

/// A decoded WorkOS Directory Sync event (reference: workos-dsync.md §1–3).
public struct WorkOSEvent: Sendable, Hashable {
    public var id: String
    /// `dsync.user.created`, ... (unknown types are kept as written).
    public var type: String
    /// The event's `created_at`: the change's effective time.
    public var createdAt: Timestamp
    public var change: DirectoryChange

    /// The twelve Directory Sync event types.
    public static let knownTypes: [String] = [
        "dsync.activated", "dsync.deleted",
        "dsync.user.created", "dsync.user.updated", "dsync.user.deleted",
        "dsync.group.created", "dsync.group.updated", "dsync.group.deleted",
        "dsync.group.user_added", "dsync.group.user_removed",
        "dsync.token.created", "dsync.token.revoked",
    ]

    public var envelope: ChangeEnvelope {
        ChangeEnvelope(id: id, time: createdAt, change: change, origin: .event)
    }
}

/// Decodes WorkOS event JSON into directory changes, strictly on what matters and leniently on
/// the rest (unknown fields are fine; a missing or mistyped required field is an error).
public enum WorkOSDecoder {
    public static func decode(_ json: JSONValue) throws(IngestError) -> WorkOSEvent {
        let root = try FieldReader(json, path: "")
        if let object = try root.optionalString("object"), object != "event" {
            throw IngestError("expected `event`, found `\(object.prefix(40))`", field: "object")
        }
        let id = try root.string("id")
        let type = try root.string("event")
        let createdAt = try root.time("created_at")
        let version = Version(time: createdAt, event: id)
        let change: DirectoryChange
        switch type {
        case "dsync.user.created", "dsync.user.updated":
            change = .upsertUser(try user(root.object("data"), event: version))
        case "dsync.user.deleted":
            change = .deleteUser(try user(root.object("data"), event: version))
        case "dsync.group.created", "dsync.group.updated":
            change = .upsertGroup(try group(root.object("data"), event: version))
        case "dsync.group.deleted":
            change = .deleteGroup(try group(root.object("data"), event: version))
        case "dsync.group.user_added", "dsync.group.user_removed":
            let data = try root.object("data")
            let u = try user(data.object("user"), event: version)
            let g = try group(data.object("group"), event: version)
            change = .membership(user: u, group: g, added: type == "dsync.group.user_added", version: version)
        case "dsync.deleted":
            change = .deleteDirectory(id: try root.object("data").string("id"), version: version)
        case "dsync.activated":
            _ = try root.object("data").string("id")
            change = .none(reason: "directory activated")
        case "dsync.token.created", "dsync.token.revoked":
            _ = try root.object("data").string("directory_id")
            change = .none(reason: type == "dsync.token.created" ? "directory token created" : "directory token revoked")
        default:
            change = .none(reason: "unknown event type `\(type.prefix(60))`")
        }
        return WorkOSEvent(id: id, type: type, createdAt: createdAt, change: change)
    }

    /// A `directory_user` object. `suspended` is read as `inactive`.
    static func user(_ d: FieldReader, event: Version) throws(IngestError) -> DirectoryUser {
        let stateText = try d.string("state")
        let state: UserState
        switch stateText {
        case "active": state = .active
        case "inactive", "suspended": state = .inactive
        default:
            throw IngestError("expected `active` or `inactive`, found `\(stateText.prefix(40))`", field: d.fieldPath("state"))
        }
        var attributes: [String: String] = [:]
        if let custom = try d.optionalObject("custom_attributes"), case .object(let pairs) = custom.value {
            for (key, value) in pairs {
                switch value {
                case .string(let s): attributes[key] = s
                case .bool(let b): attributes[key] = b ? "true" : "false"
                case .number(let n): attributes[key] = n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                default: break
                }
            }
        }
        for legacy in ["job_title", "username"] where attributes[legacy] == nil {
            if let v = try? d.optionalString(legacy) { attributes[legacy] = v }
        }
        let updated = try d.optionalTime("updated_at") ?? event.time
        return DirectoryUser(
            id: try d.string("id"), directoryId: try d.string("directory_id"),
            organizationId: try d.optionalString("organization_id"), idpId: try d.optionalString("idp_id") ?? "",
            email: try d.optionalString("email").flatMap { $0.isEmpty ? nil : $0 },
            firstName: try d.optionalString("first_name"), lastName: try d.optionalString("last_name"),
            state: state, role: try d.optionalObject("role")?.optionalString("slug"), attributes: attributes,
            createdAt: try d.optionalTime("created_at"), version: Version(time: updated, event: event.event))
    }

    /// A `directory_group` object.
    static func group(_ d: FieldReader, event: Version) throws(IngestError) -> DirectoryGroup {
        let updated = try d.optionalTime("updated_at") ?? event.time
        return DirectoryGroup(id: try d.string("id"), directoryId: try d.string("directory_id"), name: try d.string("name"),
                              idpId: try d.optionalString("idp_id"), version: Version(time: updated, event: event.event))
    }
}
