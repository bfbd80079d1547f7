public import WardenEngine

/// A `SCIMRepository` in memory, for tests and as the reference for other stores: creation
/// order, filters evaluated on every resource, atomic commits, and a journal of the committed
/// directory changes.
public actor InMemorySCIMRepository: SCIMRepository {
    private struct Key: Hashable {
        var directoryId: String
        var type: SCIMResourceType
        var id: String
    }

    private var stored: [Key: (sequence: Int, resource: SCIMResource)] = [:]
    private var nextSequence = 0
    /// Every change handed to `commit`, in order.
    public private(set) var journal: [DirectoryChange] = []

    public init() {}

    public func resource(_ type: SCIMResourceType, id: String, directoryId: String) -> SCIMResource? {
        stored[Key(directoryId: directoryId, type: type, id: id)]?.resource
    }

    public func list(_ query: SCIMListQuery) -> SCIMPage {
        query.page(of: all(query.type, query.directoryId))
    }

    public func user(userName: String, directoryId: String) -> SCIMResource? {
        let wanted = userName.lowercased()
        return all(.user, directoryId).first { $0.userName?.lowercased() == wanted }
    }

    public func groups(withMember userId: String, directoryId: String) -> [SCIMResource] {
        all(.group, directoryId).filter { $0.memberIds.contains(userId) }
    }

    public func commit(_ writes: [SCIMWrite], changes: [DirectoryChange], directoryId: String) throws {
        var next = stored
        var sequence = nextSequence
        for write in writes {
            switch write {
            case .create(let resource):
                let key = Key(directoryId: directoryId, type: resource.type, id: resource.id)
                guard next[key] == nil else { throw SCIMRepositoryError.conflict(resource.type, id: resource.id) }
                next[key] = (sequence, resource)
                sequence += 1
            case let .replace(resource, previousRevision):
                let key = Key(directoryId: directoryId, type: resource.type, id: resource.id)
                guard let current = next[key], current.resource.revision == previousRevision else {
                    throw SCIMRepositoryError.conflict(resource.type, id: resource.id)
                }
                next[key] = (current.sequence, resource)
            case let .delete(type, id, revision):
                let key = Key(directoryId: directoryId, type: type, id: id)
                guard next[key]?.resource.revision == revision else { throw SCIMRepositoryError.conflict(type, id: id) }
                next[key] = nil
            }
        }
        var seen: Set<String> = []
        for (key, entry) in next where key.directoryId == directoryId && key.type == .user {
            guard let name = entry.resource.userName?.lowercased() else { continue }
            guard seen.insert(name).inserted else { throw SCIMRepositoryError.userNameTaken }
        }
        stored = next
        nextSequence = sequence
        journal += changes
    }

    private func all(_ type: SCIMResourceType, _ directoryId: String) -> [SCIMResource] {
        stored.filter { $0.key.directoryId == directoryId && $0.key.type == type }
            .sorted { $0.value.sequence < $1.value.sequence }.map(\.value.resource)
    }
}
