public import WardenEngine
import WardenPolicy

/// How a SCIM resource becomes Warden's directory model: the same shapes a WorkOS event yields.
extension SCIMResource {
    /// `scim:User/<id>/0000000003`: names this revision; sorts in revision order.
    public var eventId: String { Self.eventId(type, id: id, revision: revision) }

    /// The `eventId` of revision `revision` of the resource `type`/`id`.
    public static func eventId(_ type: SCIMResourceType, id: String, revision: Int) -> String {
        let digits = String(revision)
        return "scim:\(type.rawValue)/\(id)/" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// The last-writer-wins version of this revision: `lastModified` and `eventId`.
    public var directoryVersion: Version { Version(time: lastModified, event: eventId) }

    /// The user as Warden mirrors it. `idpId` is `externalId` (else the SCIM id); `email` is the
    /// primary email, else the work one, else the first, else `userName` when it looks like an
    /// address; `state` follows `active`. Custom attributes: `user_name`, `job_title` (`title`),
    /// `user_type`, and from the enterprise extension `employee_number`, `cost_center`,
    /// `organization`, `division`, `department`, `manager_id` (`manager.value`).
    public func directoryUser(directoryId: String) -> DirectoryUser {
        let core = attributes
        let ext = attributes[SCIMSchema.enterpriseUserURN]
        var custom: [String: String] = [:]
        let sources: [(String, JSONValue?)] = [
            ("user_name", core["userName"]), ("job_title", core["title"]), ("user_type", core["userType"]),
            ("employee_number", ext?["employeeNumber"]), ("cost_center", ext?["costCenter"]),
            ("organization", ext?["organization"]), ("division", ext?["division"]), ("department", ext?["department"]),
            ("manager_id", ext?["manager"]?["value"]),
        ]
        for case let (name, .string(value)?) in sources where !value.isEmpty { custom[name] = value }
        return DirectoryUser(
            id: id, directoryId: directoryId, idpId: externalId ?? id, email: primaryEmail,
            firstName: core["name"]?["givenName"]?.stringValue, lastName: core["name"]?["familyName"]?.stringValue,
            state: isActive ? .active : .inactive, attributes: custom, createdAt: created, version: directoryVersion)
    }

    /// The group as Warden mirrors it: `name` is `displayName`, `idpId` is `externalId`.
    public func directoryGroup(directoryId: String) -> DirectoryGroup {
        DirectoryGroup(id: id, directoryId: directoryId, name: displayName ?? "", idpId: externalId, version: directoryVersion)
    }

    private var primaryEmail: String? {
        let emails = (attributes["emails"]?.arrayItems ?? []).filter { !($0["value"]?.stringValue ?? "").isEmpty }
        let chosen = emails.first { $0["primary"] == .bool(true) }
            ?? emails.first { $0["type"]?.stringValue.map { sameName($0, "work") } ?? false }
            ?? emails.first
        if let email = chosen?["value"]?.stringValue { return email }
        guard let userName, let at = userName.firstIndex(of: "@"), at != userName.startIndex,
              userName.index(after: at) != userName.endIndex else { return nil }
        return userName
    }
}
