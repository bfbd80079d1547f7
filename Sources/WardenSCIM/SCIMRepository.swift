public import WardenEngine

/// Where SCIM resources live. Every call is scoped to one directory (each bearer token names
/// one); ids are unique across directories because the service assigns them.
///
/// Contract:
/// - `list` returns matches in a stable order (creation order is what `InMemorySCIMRepository`
///   uses) so that paging with `startIndex` neither skips nor repeats.
/// - `commit` applies all its writes or none. It throws `SCIMRepositoryError.conflict` when a
///   replaced or deleted resource's stored revision is not the one the write expects (another
///   request got there first; the service then retries the whole request), and
///   `SCIMRepositoryError.userNameTaken` when a created or replaced user's `userName` equals
///   another user's of the same directory, ignoring case.
/// - `changes` are the directory changes these writes produce, in order; a store that keeps a
///   journal or applies them to the engine can do so in the same transaction. The service also
///   returns them in `SCIMResponse.changes`.
public protocol SCIMRepository: Sendable {
    func resource(_ type: SCIMResourceType, id: String, directoryId: String) async throws -> SCIMResource?

    /// One page of the resources `query` matches, and how many match in all.
    func list(_ query: SCIMListQuery) async throws -> SCIMPage

    /// The user whose `userName` equals `userName` ignoring case.
    func user(userName: String, directoryId: String) async throws -> SCIMResource?

    /// The groups whose `members` include `userId`, in stable order.
    func groups(withMember userId: String, directoryId: String) async throws -> [SCIMResource]

    func commit(_ writes: [SCIMWrite], changes: [DirectoryChange], directoryId: String) async throws

    /// The id a resource about to be created should take instead of a fresh one: the id of the
    /// same user or group already known to Warden from another source (a WorkOS directory with
    /// this `directoryId`), so that both sources feed one identity. Nil: use a fresh id.
    func existingIdentity(for resource: SCIMResource, directoryId: String) async throws -> String?
}

extension SCIMRepository {
    /// No other source: every created resource gets a fresh id.
    public func existingIdentity(for resource: SCIMResource, directoryId: String) async throws -> String? { nil }
}

/// A list request: type, directory, optional filter and the page wanted.
public struct SCIMListQuery: Sendable {
    public var type: SCIMResourceType
    public var directoryId: String
    public var filter: SCIMFilter?
    /// 1-based index of the first match to return (≥ 1).
    public var startIndex: Int
    /// How many matches to return at most (≥ 0; 0 asks only for the total).
    public var count: Int

    public init(type: SCIMResourceType, directoryId: String, filter: SCIMFilter?, startIndex: Int, count: Int) {
        self.type = type
        self.directoryId = directoryId
        self.filter = filter
        self.startIndex = startIndex
        self.count = count
    }

    public func matches(_ resource: SCIMResource) -> Bool {
        resource.type == type && (filter?.matches(resource) ?? true)
    }

    /// The page of `candidates` (in their order) that this query asks for.
    public func page(of candidates: [SCIMResource]) -> SCIMPage {
        let matches = candidates.filter(matches)
        let start = min(max(startIndex, 1) - 1, matches.count)
        return SCIMPage(totalResults: matches.count, resources: Array(matches[start...].prefix(max(count, 0))))
    }
}

/// A page of matches and the total number of matches.
public struct SCIMPage: Sendable, Hashable {
    public var totalResults: Int
    public var resources: [SCIMResource]

    public init(totalResults: Int, resources: [SCIMResource]) {
        self.totalResults = totalResults
        self.resources = resources
    }
}

/// One write of a `commit`.
public enum SCIMWrite: Sendable, Hashable {
    case create(SCIMResource)
    /// Replaces the stored resource with the same type and id, whose revision must be
    /// `previousRevision`.
    case replace(SCIMResource, previousRevision: Int)
    /// Deletes the stored resource, whose revision must be `revision`.
    case delete(SCIMResourceType, id: String, revision: Int)
}

public enum SCIMRepositoryError: Error, Sendable, Hashable {
    /// The resource changed or disappeared since it was read.
    case conflict(SCIMResourceType, id: String)
    /// Another user of the directory has this `userName` (ignoring case).
    case userNameTaken
}
