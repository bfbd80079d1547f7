public import WardenEngine
public import WardenPolicy
public import WardenStore

/// One SCIM write request as an input event.
public struct SCIMInput: Sendable {
    /// The event id: names the resource revision written (`scim:User/<id>/0000000002`).
    public var id: String
    /// `scim.user.created`, `scim.group.updated`, `scim.user.deleted`, ...
    public var type: String
    /// The directory of the bearer token.
    public var directoryId: String
    /// When the request was received: the effective time, from which deadlines count.
    public var receivedAt: Timestamp
    /// What is recorded as the event's payload (the writes, never a password).
    public var payload: [UInt8]

    public init(id: String, type: String, directoryId: String, receivedAt: Timestamp, payload: [UInt8]) {
        self.id = id
        self.type = type
        self.directoryId = directoryId
        self.receivedAt = receivedAt
        self.payload = payload
    }
}

extension Runtime {
    /// Applies one SCIM request: its resource writes and the directory changes they make go
    /// through the engine like a WorkOS event (mirror, re-evaluation, actions, guard) and are
    /// committed in ONE transaction with the SCIM tables and the input event (source `scim`,
    /// effective at `receivedAt`) and their audit entries. Throws `SCIMWriteConflict`, changing
    /// nothing, when a resource is not at the expected revision or a `userName` is taken.
    public func commitSCIM(_ writes: [SCIMRowWrite], changes: [DirectoryChange], input: SCIMInput) throws -> EngineDelta {
        try loadSCIMIdentities()
        if let conflict = try store.scimConflict(in: writes, directoryId: input.directoryId) { throw conflict }
        // A resource created with the id of an identity the mirror already has is joined with it.
        let writes = writes.map { write -> SCIMRowWrite in
            guard case .create(var row) = write else { return write }
            row.linked = row.type == "User" ? state.directory.userIndex(id: row.id) != nil : state.directory.groupIndex(id: row.id) != nil
            return .create(row)
        }
        var delta = EngineDelta()
        if !changes.isEmpty {
            delta = state.apply(ChangeEnvelope(id: input.id, time: input.receivedAt, change: changes.count == 1 ? changes[0] : .batch(changes),
                                               origin: .scim))
            pending.record(delta)
        }
        let outcome: (EventRecord.Outcome, String?)
        switch delta.outcome {
        case .applied: outcome = (.applied, nil)
        case .stale: outcome = (.stale, "older than the mirror")
        case .ignored(let why): outcome = (.ignored, why)
        }
        pending.scim += writes
        pending.events.append(EventRecord(id: input.id, type: input.type, source: "scim", receivedAt: input.receivedAt,
                                          effectiveAt: input.receivedAt, outcome: outcome.0, reason: outcome.1, payload: input.payload))
        try flush()
        for write in writes {
            switch write {
            case .create(let row), .replace(let row, _): scimIdentities.record(row)
            case .delete(_, let id, _): scimIdentities.remove(id)
            case .link: break
            }
        }
        return delta
    }

    /// The id a SCIM resource about to be created in `directoryId` should take: the live user
    /// (or group) of that directory, known from another source and held by no SCIM resource,
    /// whose `idp_id` is `externalId`, else the one whose email (group: name) is `second`,
    /// ignoring case; nil when none or several match.
    public func scimIdentity(type: String, directoryId: String, externalId: String?, second: String?) throws(StoreError) -> String? {
        try loadSCIMIdentities()
        scimIdentities.mirror.catchUp(with: state.directory)
        let directory = state.directory
        let isUser = type == "User"
        // The index only grows; each candidate is checked against the mirror as it is now.
        func live(_ i: Int32, idp: String?, key: String?) -> String? {
            let (id, dir, deleted, idpId, other): (String, String, Bool, String?, String?) = isUser
                ? { let u = directory.user(i); return (u.id, u.directoryId, u.state == .deleted, u.idpId, u.email?.lowercased()) }()
                : { let g = directory.group(i); return (g.id, g.directoryId, g.deleted, g.idpId, g.name.lowercased()) }()
            guard dir == directoryId, !deleted, !scimIdentities.ids.contains(id) else { return nil }
            if let idp { return idpId == idp ? id : nil }
            return other == key ? id : nil
        }
        for (field, value) in [("idp", externalId), (isUser ? "email" : "name", second?.lowercased())] {
            guard let value else { continue }
            let found = Set(scimIdentities.mirror.candidates(type: type, directoryId: directoryId, field: field, value: value).compactMap {
                live($0, idp: field == "idp" ? value : nil, key: value)
            })
            if !found.isEmpty { return found.count == 1 ? found.first : nil }
        }
        return nil
    }

    /// Reads the identity links once per runtime.
    func loadSCIMIdentities() throws(StoreError) {
        guard !scimIdentities.loaded else { return }
        let stored = try store.scimIdentities()
        scimIdentities.load(rows: stored.rows, links: stored.links)
    }

    /// A WorkOS change with its users and groups read as the SCIM resources they are linked
    /// to. A user or group the mirror does not know yet is linked (and the link committed with
    /// the change) when one unjoined SCIM resource of its directory matches it.
    func linkedToSCIM(_ envelope: ChangeEnvelope) -> ChangeEnvelope {
        guard !scimIdentities.isEmpty else { return envelope }
        var linked = envelope
        linked.change = link(envelope.change)
        return linked
    }

    private func link(_ change: DirectoryChange) -> DirectoryChange {
        switch change {
        case .upsertUser(let u): return .upsertUser(link(u))
        case .deleteUser(let u): return .deleteUser(link(u))
        case .upsertGroup(let g): return .upsertGroup(link(g))
        case .deleteGroup(let g): return .deleteGroup(link(g))
        case let .membership(u, g, added, version): return .membership(user: link(u), group: link(g), added: added, version: version)
        case .batch(let changes): return .batch(changes.map(link))
        case .deleteDirectory, .none: return change
        }
    }

    private func link(_ user: DirectoryUser) -> DirectoryUser {
        var user = user
        user.id = linkedId(user.id, type: "User", directoryId: user.directoryId, idpId: user.idpId, second: user.email,
                           known: state.directory.userIndex(id: user.id) != nil)
        return user
    }

    private func link(_ group: DirectoryGroup) -> DirectoryGroup {
        var group = group
        group.id = linkedId(group.id, type: "Group", directoryId: group.directoryId, idpId: group.idpId, second: group.name,
                            known: state.directory.groupIndex(id: group.id) != nil)
        return group
    }

    private func linkedId(_ id: String, type: String, directoryId: String, idpId: String?, second: String?, known: Bool) -> String {
        if let to = scimIdentities.links[id] { return to }
        guard !known, !scimIdentities.ids.contains(id),
              let to = scimIdentities.candidate(directoryId: directoryId, type: type, idpId: idpId, second: second) else { return id }
        scimIdentities.link(id, to: to)
        pending.scim.append(.link(directoryId: directoryId, type: type, sourceId: id, scimId: to))
        return to
    }
}
