import WardenEngine
import WardenPolicy

extension SCIMService {
    /// POST `/Users` or `/Groups`: 201 with the full resource, `Location` and `ETag`.
    func create(_ type: SCIMResourceType, _ request: SCIMRequest) async throws -> SCIMResponse {
        var values = try ResourceBody.attributes(body(request), type: type)
        try await validate(&values, replacing: nil, request)
        var resource = SCIMResource(type: type, id: configuration.makeId(), created: request.now, lastModified: request.now,
                                    revision: 1, attributes: values.canonical)
        if let known = try await repository.existingIdentity(for: resource, directoryId: request.directoryId) { resource.id = known }
        let changes = try await changes(from: nil, to: resource, request)
        try await repository.commit([.create(resource)], changes: changes, directoryId: request.directoryId)
        return try await resourceResponse(resource, status: 201, selection: ListParameters.selection(request), request: request,
                                          changes: changes)
    }

    /// PUT: a full replace that never creates. An omitted `active` keeps its value, so a PUT
    /// never silently re-activates a user.
    func replace(_ type: SCIMResourceType, _ id: String, _ request: SCIMRequest) async throws -> SCIMResponse {
        let old = try await existing(type, id, request)
        try checkIfMatch(request, old)
        var values = try ResourceBody.attributes(body(request), type: type)
        if type == .user, values[core: "active"] == nil { values[core: "active"] = old.values[core: "active"] }
        return try await save(old, values, request)
    }

    /// PATCH: the operations applied in order to a copy; any failure leaves the resource as it
    /// was. 200 with the resource (honouring `attributes`/`excludedAttributes`).
    func patch(_ type: SCIMResourceType, _ id: String, _ request: SCIMRequest) async throws -> SCIMResponse {
        let old = try await existing(type, id, request)
        try checkIfMatch(request, old)
        let operations = try PatchOperation.list(body(request))
        var applier = PatchApplier(id: old.id, values: old.values)
        for operation in operations { try applier.apply(operation) }
        return try await save(old, applier.values, request)
    }

    /// DELETE: 204. Deleting a user also takes it out of its groups.
    func delete(_ type: SCIMResourceType, _ id: String, _ request: SCIMRequest) async throws -> SCIMResponse {
        let old = try await existing(type, id, request)
        try checkIfMatch(request, old)
        let directoryId = request.directoryId
        var writes: [SCIMWrite] = [.delete(type, id: id, revision: old.revision)]
        var changes: [DirectoryChange] = []
        let gone = old.nextRevision(at: request.now)
        switch type {
        case .user:
            var user = gone.directoryUser(directoryId: directoryId)
            user.state = .deleted
            changes.append(.deleteUser(user))
            for group in try await repository.groups(withMember: id, directoryId: directoryId) {
                var values = group.values
                values[core: "members"] = .array((values[core: "members"]?.arrayItems ?? []).filter { $0["value"] != .string(id) })
                var updated = group.nextRevision(at: request.now)
                updated.attributes = values.canonical
                writes.append(.replace(updated, previousRevision: group.revision))
                let directoryGroup = updated.directoryGroup(directoryId: directoryId)
                changes.append(.membership(user: user, group: directoryGroup, added: false, version: directoryGroup.version))
            }
        case .group:
            changes.append(.deleteGroup(gone.directoryGroup(directoryId: directoryId)))
        }
        try await repository.commit(writes, changes: changes, directoryId: directoryId)
        return SCIMResponse(status: 204, changes: changes, eventId: gone.eventId)
    }

    /// Stores `values` as the next revision of `old`, unless nothing changed (then nothing is
    /// written and no change produced).
    private func save(_ old: SCIMResource, _ values: AttributeValues, _ request: SCIMRequest) async throws -> SCIMResponse {
        var values = values
        try await validate(&values, replacing: old, request)
        let selection = try ListParameters.selection(request)
        let attributes = values.canonical
        guard attributes != old.attributes else {
            return try await resourceResponse(old, status: 200, selection: selection, request: request)
        }
        var new = old.nextRevision(at: request.now)
        new.attributes = attributes
        let changes = try await changes(from: old, to: new, request)
        try await repository.commit([.replace(new, previousRevision: old.revision)], changes: changes, directoryId: request.directoryId)
        return try await resourceResponse(new, status: 200, selection: selection, request: request, changes: changes)
    }

    /// Required attributes; a user's `userName` unique in the directory (ignoring case); a
    /// group's members named by `value`. Members that are not users of this directory (unknown
    /// ids, groups: nesting is not supported) are dropped, as are duplicates: the store only
    /// holds memberships the engine can mirror, and clients such as scim-sanity expect a 200
    /// for them.
    private func validate(_ values: inout AttributeValues, replacing old: SCIMResource?, _ request: SCIMRequest) async throws {
        switch values.type {
        case .user:
            guard case .string(let userName)? = values[core: "userName"], !userName.isEmpty else {
                throw SCIMError(400, .invalidValue, "`userName` is required")
            }
            if old?.userName?.lowercased() != userName.lowercased(),
               let other = try await repository.user(userName: userName, directoryId: request.directoryId), other.id != old?.id {
                throw Self.userNameTaken
            }
        case .group:
            guard case .string(let name)? = values[core: "displayName"], !name.isEmpty else {
                throw SCIMError(400, .invalidValue, "`displayName` is required")
            }
            let before = Set(old?.memberIds ?? [])
            var seen: Set<String> = []
            var kept: [JSONValue] = []
            for member in values[core: "members"]?.arrayItems ?? [] {
                guard case .string(let id)? = member["value"], !id.isEmpty else {
                    throw SCIMError(400, .invalidValue, "each member needs a `value`: the id of a user")
                }
                guard seen.insert(id).inserted else { continue }
                if !before.contains(id), try await repository.resource(.user, id: id, directoryId: request.directoryId) == nil {
                    continue
                }
                kept.append(member)
            }
            values[core: "members"] = .array(kept)
        }
    }

    /// The directory changes from `old` (nil: created) to `new`: a user is upserted; a group is
    /// upserted when created or renamed, then each removed and each added member is a membership
    /// change at the group's new version.
    private func changes(from old: SCIMResource?, to new: SCIMResource, _ request: SCIMRequest) async throws -> [DirectoryChange] {
        let directoryId = request.directoryId
        guard new.type == .group else { return [.upsertUser(new.directoryUser(directoryId: directoryId))] }
        let group = new.directoryGroup(directoryId: directoryId)
        var changes: [DirectoryChange] = []
        if old?.displayName != new.displayName || old?.externalId != new.externalId || old == nil {
            changes.append(.upsertGroup(group))
        }
        let before = old?.memberIds ?? [], after = new.memberIds
        let beforeSet = Set(before), afterSet = Set(after)
        let moves = before.filter { !afterSet.contains($0) }.map { ($0, false) } + after.filter { !beforeSet.contains($0) }.map { ($0, true) }
        for (id, added) in moves {
            // A removed member whose user is gone was already taken out by the user's deletion.
            guard let user = try await repository.resource(.user, id: id, directoryId: directoryId) else { continue }
            changes.append(.membership(user: user.directoryUser(directoryId: directoryId), group: group, added: added, version: group.version))
        }
        return changes
    }
}

extension SCIMResource {
    /// This resource at its next revision, modified at `now` (never before its last change, so
    /// versions only grow).
    func nextRevision(at now: Timestamp) -> SCIMResource {
        var next = self
        next.revision += 1
        next.lastModified = max(now, lastModified)
        return next
    }
}
