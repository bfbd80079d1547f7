import WardenEngine
import WardenPolicy

/// How engine values are laid out in rows: the user's extra data and targets as compact JSON.
enum Codecs {
    /// The user fields without columns, plus memberships as `[group id, present, time ms, event]`.
    static func userData(_ user: DirectoryUser, everActive: Bool, memberships: [(group: String, record: Directory.MembershipRecord)]) -> String {
        var pairs: [(String, JSONValue)] = [("ever_active", .bool(everActive))]
        func add(_ key: String, _ value: String?) { pairs.append((key, value.map(JSONValue.string) ?? .null)) }
        add("organization_id", user.organizationId)
        add("idp_id", user.idpId)
        add("first_name", user.firstName)
        add("last_name", user.lastName)
        add("role", user.role)
        pairs.append(("created_at", user.createdAt.map { .number(Double($0.milliseconds)) } ?? .null))
        pairs.append(("attributes", .object(user.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        pairs.append(("memberships", .array(memberships.map { m in
            .array([.string(m.group), .bool(m.record.present), .number(Double(m.record.version.time.milliseconds)),
                    .string(m.record.version.event)])
        })))
        return JSONValue.object(pairs).compactText
    }

    struct DecodedUser {
        var user: DirectoryUser
        var everActive: Bool
        var memberships: [(group: String, present: Bool, version: Version)]
    }

    static func decodeUser(id: String, directoryId: String, email: String?, state: String, versionTime: Int64,
                           versionEvent: String, data: String) throws(StoreError) -> DecodedUser {
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            throw StoreError("corrupt user row `\(id)`: \(error)")
        }
        var attributes: [String: String] = [:]
        if case .object(let pairs)? = json["attributes"] {
            for (k, v) in pairs { if let s = v.stringValue { attributes[k] = s } }
        }
        let created: Timestamp?
        if case .number(let n)? = json["created_at"] { created = Timestamp(milliseconds: Int64(n)) } else { created = nil }
        let user = DirectoryUser(
            id: id, directoryId: directoryId, organizationId: json["organization_id"]?.stringValue,
            idpId: json["idp_id"]?.stringValue ?? "", email: email, firstName: json["first_name"]?.stringValue,
            lastName: json["last_name"]?.stringValue, state: UserState(rawValue: state) ?? .active, role: json["role"]?.stringValue,
            attributes: attributes, createdAt: created,
            version: Version(time: Timestamp(milliseconds: versionTime), event: versionEvent))
        var memberships: [(String, Bool, Version)] = []
        if case .array(let items)? = json["memberships"] {
            for item in items {
                guard case .array(let f) = item, f.count == 4, case .string(let g) = f[0], case .bool(let present) = f[1],
                      case .number(let t) = f[2], case .string(let e) = f[3] else { continue }
                memberships.append((g, present, Version(time: Timestamp(milliseconds: Int64(t)), event: e)))
            }
        }
        var everActive = user.state == .active
        if case .bool(let b)? = json["ever_active"] { everActive = b }
        return DecodedUser(user: user, everActive: everActive, memberships: memberships)
    }

    static func evidenceData(_ evidence: [String: String]) -> String {
        JSONValue.object(evidence.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compactText
    }

    static func decodeEvidence(_ data: String) -> [String: String] {
        guard case .object(let pairs)? = try? JSONParser.parse(data) else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in pairs { out[k] = v.stringValue ?? v.compactText }
        return out
    }
}

/// A storage failure, with a message for people (never statement arguments).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
