import WardenEngine
import WardenPolicy

/// How engine values are laid out in rows: the user's extra fields and memberships in a compact
/// binary form (`ByteWriter`), evidence as JSON.
enum Codecs {
    /// Row format version, the first byte of `users.data`.
    static let userFormat: UInt8 = 1

    /// The user fields without columns, then memberships as (group id, present, time ms, event).
    static func userData(_ user: DirectoryUser, everActive: Bool, memberships: [(group: String, record: Directory.MembershipRecord)]) -> [UInt8] {
        var w = ByteWriter(capacity: 96 + memberships.count * 48)
        w.uint(UInt64(userFormat))
        w.bool(everActive)
        w.optional(user.organizationId)
        w.string(user.idpId)
        w.optional(user.firstName)
        w.optional(user.lastName)
        w.optional(user.role)
        w.optional(user.createdAt)
        w.uint(UInt64(user.attributes.count))
        for (k, v) in user.attributes.sorted(by: { $0.key < $1.key }) {
            w.string(k)
            w.string(v)
        }
        w.uint(UInt64(memberships.count))
        for m in memberships {
            w.string(m.group)
            w.bool(m.record.present)
            w.int(m.record.version.time.milliseconds)
            w.string(m.record.version.event)
        }
        return w.bytes
    }

    struct DecodedUser {
        var user: DirectoryUser
        var everActive: Bool
        var memberships: [(group: String, present: Bool, version: Version)]
    }

    static func decodeUser(id: String, directoryId: String, email: String?, state: String, versionTime: Int64,
                           versionEvent: String, data: UnsafeRawBufferPointer) throws(StoreError) -> DecodedUser {
        do {
            var r = ByteReader(data)
            guard try r.uint() == UInt64(userFormat) else { throw ByteReader.Malformed() }
            let everActive = try r.bool()
            let organization = try r.optionalString()
            let idp = try r.string()
            let first = try r.optionalString()
            let last = try r.optionalString()
            let role = try r.optionalString()
            let created = try r.optionalTimestamp()
            var attributes: [String: String] = [:]
            let attributeCount = try r.count()
            attributes.reserveCapacity(attributeCount)
            for _ in 0..<attributeCount { attributes[try r.string()] = try r.string() }
            let membershipCount = try r.count()
            var memberships: [(group: String, present: Bool, version: Version)] = []
            memberships.reserveCapacity(membershipCount)
            for _ in 0..<membershipCount {
                let group = try r.string()
                let present = try r.bool()
                let time = try r.int()
                memberships.append((group, present, Version(time: Timestamp(milliseconds: time), event: try r.string())))
            }
            let user = DirectoryUser(
                id: id, directoryId: directoryId, organizationId: organization, idpId: idp, email: email, firstName: first,
                lastName: last, state: UserState(rawValue: state) ?? .active, role: role, attributes: attributes, createdAt: created,
                version: Version(time: Timestamp(milliseconds: versionTime), event: versionEvent))
            return DecodedUser(user: user, everActive: everActive, memberships: memberships)
        } catch {
            throw StoreError("corrupt user row `\(id)`")
        }
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
