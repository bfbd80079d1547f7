import WardenEngine
import WardenPolicy
import WardenRuntime
import WardenSCIM
import WardenStore

/// The server's `SCIMRepository`: resources in the SQLite store (`scim_resources`), read
/// directly; commits go through the engine host, so that each request's resource writes, the
/// directory changes they make, the planned actions, the input event (source `scim`) and their
/// audit entries land in one transaction.
struct SQLiteSCIMRepository: SCIMRepository {
    let host: EngineHost
    /// When the request was received: the input event's effective time.
    let receivedAt: Timestamp

    private var store: SQLiteStore { host.store }

    func resource(_ type: SCIMResourceType, id: String, directoryId: String) async throws -> SCIMResource? {
        try store.scimRow(type: type.rawValue, id: id, directoryId: directoryId).map(Self.resource)
    }

    /// Without a filter one SQL page; with one, the candidates its implied equality narrows to
    /// through an index (all of the type otherwise), each then checked with the filter.
    func list(_ query: SCIMListQuery) async throws -> SCIMPage {
        guard let filter = query.filter else {
            let page = try store.scimPage(type: query.type.rawValue, directoryId: query.directoryId, offset: max(query.startIndex, 1) - 1,
                                          limit: query.count)
            return SCIMPage(totalResults: page.total, resources: try page.rows.map(Self.resource))
        }
        let key: SCIMRowKey? = switch filter.lookup {
        case .id(let v)?: .id(v)
        case .externalId(let v)?: .externalId(v)
        case .userName(let v)?: .userNameKey(v)
        case .displayName(let v)?: .displayNameKey(v)
        case nil: nil
        }
        let rows = try store.scimRows(type: query.type.rawValue, directoryId: query.directoryId, key: key)
        return query.page(of: try rows.map(Self.resource))
    }

    func user(userName: String, directoryId: String) async throws -> SCIMResource? {
        try store.scimRows(type: SCIMResourceType.user.rawValue, directoryId: directoryId, key: .userNameKey(userName.lowercased()))
            .first.map(Self.resource)
    }

    func groups(withMember userId: String, directoryId: String) async throws -> [SCIMResource] {
        try store.scimGroups(withMember: userId, directoryId: directoryId).map(Self.resource)
    }

    func commit(_ writes: [SCIMWrite], changes: [DirectoryChange], directoryId: String) async throws {
        guard let first = writes.first else { return }
        let (eventId, verb): (String, String) = switch first {
        case .create(let r): (r.eventId, "created")
        case .replace(let r, _): (r.eventId, "updated")
        case let .delete(type, id, revision): (SCIMResource.eventId(type, id: id, revision: revision + 1), "deleted")
        }
        let type = switch first {
        case .create(let r), .replace(let r, _): r.type
        case .delete(let t, _, _): t
        }
        let input = SCIMInput(id: eventId, type: "scim.\(type.rawValue.lowercased()).\(verb)", directoryId: directoryId,
                              receivedAt: receivedAt, payload: Self.payload(writes).compactBytes)
        do {
            _ = try await host.commitSCIM(writes.map { Self.row($0, directoryId: directoryId) }, changes: changes, input: input)
        } catch SCIMWriteConflict.userNameTaken {
            throw SCIMRepositoryError.userNameTaken
        } catch SCIMWriteConflict.revision(let t, let id) {
            throw SCIMRepositoryError.conflict(SCIMResourceType(rawValue: t) ?? type, id: id)
        }
    }

    /// An existing user of the directory with the same `idp_id` as the `externalId` (else the
    /// same email), or group with the same `idp_id` (else the same name): see docs/scim.md.
    func existingIdentity(for resource: SCIMResource, directoryId: String) async throws -> String? {
        let second = resource.type == .user ? resource.directoryUser(directoryId: directoryId).email : resource.displayName
        return try await host.scimIdentity(type: resource.type.rawValue, directoryId: directoryId, externalId: resource.externalId,
                                           second: second)
    }

    static func row(_ write: SCIMWrite, directoryId: String) -> SCIMRowWrite {
        switch write {
        case .create(let r): return .create(row(r, directoryId: directoryId))
        case let .replace(r, previous): return .replace(row(r, directoryId: directoryId), previousRevision: previous)
        case let .delete(type, id, revision): return .delete(type: type.rawValue, id: id, revision: revision)
        }
    }

    static func row(_ r: SCIMResource, directoryId: String) -> SCIMRow {
        SCIMRow(type: r.type.rawValue, id: r.id, directoryId: directoryId, revision: r.revision, created: r.created,
                lastModified: r.lastModified, userNameKey: r.type == .user ? r.userName?.lowercased() : nil, externalId: r.externalId,
                displayNameKey: r.displayName?.lowercased(),
                emailKey: r.type == .user ? r.directoryUser(directoryId: directoryId).email?.lowercased() : nil,
                attributes: r.attributes.compactText, members: r.memberIds)
    }

    static func resource(_ row: SCIMRow) throws -> SCIMResource {
        guard let type = SCIMResourceType(rawValue: row.type) else { throw StoreError("unknown SCIM resource type `\(row.type)`") }
        return SCIMResource(type: type, id: row.id, created: row.created, lastModified: row.lastModified, revision: row.revision,
                            attributes: try JSONParser.parse(Array(row.attributes.utf8)))
    }

    /// The input event's payload: what was written (attributes never hold a password).
    static func payload(_ writes: [SCIMWrite]) -> JSONValue {
        .array(writes.map { write in
            switch write {
            case .create(let r), .replace(let r, _):
                return .object([("op", .string(write.isCreate ? "create" : "replace")), ("type", .string(r.type.rawValue)),
                                ("id", .string(r.id)), ("revision", .number(Double(r.revision))), ("attributes", r.attributes)])
            case let .delete(type, id, revision):
                return .object([("op", .string("delete")), ("type", .string(type.rawValue)), ("id", .string(id)),
                                ("revision", .number(Double(revision)))])
            }
        })
    }
}

private extension SCIMWrite {
    var isCreate: Bool {
        if case .create = self { return true }
        return false
    }
}
