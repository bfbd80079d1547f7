import Testing
import WardenEngine
import WardenPolicy
import WardenSCIM
@testable import WardenServer
import WardenTesting

/// The `SCIMRepository` contract, checked on the in-memory reference and on the server's
/// SQLite store (through the engine host, on a fresh database).
@Suite struct SCIMRepositoryContractTests {
    enum Kind: CaseIterable { case memory, sqlite }

    /// A fresh repository of the kind, and the folder to remove afterwards (SQLite).
    static func make(_ kind: Kind) throws -> (any SCIMRepository, TemporaryDirectory?) {
        switch kind {
        case .memory:
            return (InMemorySCIMRepository(), nil)
        case .sqlite:
            let dir = try TemporaryDirectory("warden-scim-contract")
            let host = try EngineHost(databasePath: dir.path("w.db"), policies: ServerFixture.policies, clock: { ServerFixture.now })
            return (SQLiteSCIMRepository(host: host, receivedAt: ServerFixture.now), dir)
        }
    }

    static func resource(_ type: SCIMResourceType, _ id: String, _ attributes: String, revision: Int = 1) -> SCIMResource {
        SCIMResource(type: type, id: id, created: Timestamp(seconds: 1), lastModified: Timestamp(seconds: 1), revision: revision,
                     attributes: .parse(attributes))
    }

    static func seeded(_ kind: Kind) async throws -> (any SCIMRepository, TemporaryDirectory?) {
        let (repository, dir) = try make(kind)
        try await repository.commit([
            .create(resource(.user, "u1", #"{"userName":"Ada@Example.com"}"#)),
            .create(resource(.user, "u2", #"{"userName":"grace"}"#)),
            .create(resource(.group, "g1", #"{"displayName":"A","members":[{"value":"u2"}]}"#)),
            .create(resource(.user, "u3", #"{"userName":"alan"}"#)),
        ], changes: [], directoryId: "d")
        try await repository.commit([.create(resource(.user, "x1", #"{"userName":"ada@example.com"}"#))], changes: [], directoryId: "other")
        return (repository, dir)
    }

    @Test(arguments: Kind.allCases) func readsAreScopedAndUserNamesIgnoreCase(_ kind: Kind) async throws {
        let (repository, dir) = try await Self.seeded(kind)
        defer { dir?.remove() }
        #expect(try await repository.resource(.user, id: "u1", directoryId: "d")?.userName == "Ada@Example.com")
        #expect(try await repository.resource(.group, id: "u1", directoryId: "d") == nil)
        #expect(try await repository.resource(.user, id: "u1", directoryId: "other") == nil)
        #expect(try await repository.user(userName: "ADA@EXAMPLE.COM", directoryId: "d")?.id == "u1")
        #expect(try await repository.user(userName: "ADA@EXAMPLE.COM", directoryId: "other")?.id == "x1")
        #expect(try await repository.groups(withMember: "u2", directoryId: "d").map(\.id) == ["g1"])
        #expect(try await repository.groups(withMember: "u1", directoryId: "d").isEmpty)
    }

    @Test(arguments: Kind.allCases) func listsPageInCreationOrderWithTheFilter(_ kind: Kind) async throws {
        let (repository, dir) = try await Self.seeded(kind)
        defer { dir?.remove() }
        func ids(_ filter: String?, _ start: Int, _ count: Int) async throws -> (Int, [String]) {
            let page = try await repository.list(SCIMListQuery(type: .user, directoryId: "d", filter: filter.map { try SCIMFilter($0, for: .user) },
                                                               startIndex: start, count: count))
            return (page.totalResults, page.resources.map(\.id))
        }
        #expect(try await ids(nil, 1, 10) == (3, ["u1", "u2", "u3"]))
        #expect(try await ids(nil, 2, 1) == (3, ["u2"]))
        #expect(try await ids(nil, 5, 1) == (3, []))
        #expect(try await ids(nil, 1, 0) == (3, []))
        #expect(try await ids(#"userName sw "a""#, 1, 10) == (2, ["u1", "u3"]))
    }

    @Test(arguments: Kind.allCases) func commitsAreAllOrNothing(_ kind: Kind) async throws {
        let (repository, dir) = try await Self.seeded(kind)
        defer { dir?.remove() }
        await #expect(throws: SCIMRepositoryError.conflict(.user, id: "u2")) {
            try await repository.commit([
                .replace(Self.resource(.user, "u1", #"{"userName":"changed"}"#, revision: 2), previousRevision: 1),
                .delete(.user, id: "u2", revision: 7),
            ], changes: [.none(reason: "x")], directoryId: "d")
        }
        #expect(try await repository.resource(.user, id: "u1", directoryId: "d")?.userName == "Ada@Example.com")
        await #expect(throws: SCIMRepositoryError.userNameTaken) {
            try await repository.commit([.create(Self.resource(.user, "u4", #"{"userName":"GRACE"}"#))], changes: [], directoryId: "d")
        }
        await #expect(throws: SCIMRepositoryError.userNameTaken) {
            try await repository.commit([.replace(Self.resource(.user, "u3", #"{"userName":"Grace"}"#, revision: 2), previousRevision: 1)],
                                        changes: [], directoryId: "d")
        }
        await #expect(throws: SCIMRepositoryError.conflict(.user, id: "u1")) {
            try await repository.commit([.create(Self.resource(.user, "u1", #"{"userName":"again"}"#))], changes: [], directoryId: "d")
        }
        try await repository.commit([.delete(.user, id: "u2", revision: 1),
                                     .replace(Self.resource(.user, "u3", #"{"userName":"Grace"}"#, revision: 2), previousRevision: 1)],
                                    changes: [], directoryId: "d")
        #expect(try await repository.user(userName: "grace", directoryId: "d")?.id == "u3")
        // a replaced resource keeps its place in the order
        #expect(try await repository.list(SCIMListQuery(type: .user, directoryId: "d", filter: nil, startIndex: 1, count: 9)).resources.map(\.id)
                == ["u1", "u3"])
    }
}
