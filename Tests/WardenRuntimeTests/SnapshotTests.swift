import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

@Suite struct SnapshotTests {
    static let okta = "directory_01HALCYONOKTA00000000000000"

    /// The Okta directory as the mirror holds it, as a snapshot.
    static func snapshot(of d: Directory) -> DirectorySnapshot {
        let users = d.users.filter { $0.directoryId == okta && $0.state != .deleted }
        let groups = d.groups.filter { $0.directoryId == okta && !$0.deleted }
        var memberships: [(user: String, group: String)] = []
        for u in users {
            let i = d.userIndex(id: u.id)!
            for g in d.memberships[Int(i)] { memberships.append((u.id, d.group(g).id)) }
        }
        return DirectorySnapshot(users: users, groups: groups, memberships: memberships)
    }

    @Test func differencesBecomeDriftFindingsAndArePlannedAsOneChange() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try RuntimeIngestTests.runtime(dir)
        _ = try r.ingest(RuntimeIngestTests.examples, source: "file")
        var snap = Self.snapshot(of: r.state.directory)
        let same = try r.apply(snapshot: snap, raw: Array("same".utf8), at: Timestamp(iso8601: "2026-10-20T00:00:00Z")!)
        #expect(same.violations.filter { $0.kind == .directoryDrift }.isEmpty, "a snapshot equal to the mirror is not drift")
        #expect(same.createdActions.isEmpty)

        // Missed events: grace leaves, alan changes department, barbara leaves GitHub Admins, a new hire appears.
        let grace = try #require(snap.users.first { $0.email == "grace.hopper@example.com" })
        snap.users.removeAll { $0.id == grace.id }
        snap.memberships.removeAll { $0.user == grace.id }
        let alanIndex = try #require(snap.users.firstIndex { $0.email == "alan.turing@example.com" })
        snap.users[alanIndex].attributes["department"] = "Finance"
        let barbara = try #require(snap.users.first { $0.email == "barbara.liskov@example.com" })
        let admins = try #require(snap.groups.first { $0.name == "GitHub Admins" })
        snap.memberships.removeAll { $0.user == barbara.id && $0.group == admins.id }
        let engineering = try #require(snap.groups.first { $0.name == "Engineering" })
        let newHire = DirectoryUser(id: "directory_user_new", directoryId: Self.okta, email: "new.hire@example.com", state: .active,
                                    attributes: ["department": "Engineering", "employment_type": "employee"], version: .origin)
        snap.users.append(newHire)
        snap.memberships.append((newHire.id, engineering.id))

        let time = Timestamp(iso8601: "2026-10-21T08:00:00Z")!
        let delta = try r.apply(snapshot: snap, raw: Array("changed".utf8), at: time)
        let drift = delta.violations.filter { $0.kind == .directoryDrift }
        #expect(Set(drift.compactMap { $0.user?.email }) == ["grace.hopper@example.com", "alan.turing@example.com",
                                                                "barbara.liskov@example.com", "new.hire@example.com"])
        #expect(drift.allSatisfy { $0.owner.id == "security" && $0.severity == .medium && $0.status == .open })
        #expect(drift.first { $0.user?.email == "grace.hopper@example.com" }?.summary.contains("absent from the snapshot") == true)
        #expect(drift.first { $0.user?.email == "barbara.liskov@example.com" }?.summary.contains("no longer member of `GitHub Admins`") == true)
        let created = delta.createdActions
        #expect(created.allSatisfy { $0.cause.kind == .drift && $0.createdAt == time })
        #expect(created.contains { $0.user.email == "grace.hopper@example.com" && $0.type == .deprovision && $0.app == "aws" })
        #expect(created.contains { $0.user.email == "new.hire@example.com" && $0.type == .provision && $0.app == "github" })
        #expect(created.contains { $0.user.email == "barbara.liskov@example.com" && $0.type == .revoke && $0.role == "admin" })
        let stored = try r.store.violations(ViolationQuery(statuses: [.open])).filter { $0.kind == .directoryDrift }
        #expect(stored.count == drift.count)

        // A deleted user's drift deprovision has the leaver deadline, and explain names it so.
        var state = r.state
        let arithmetic = state.explain(user: "grace.hopper@example.com", app: "aws", at: time)?.apps.first?.openActions.map(\.arithmetic)
        #expect(arithmetic == ["user deleted from the directory at 2026-10-21 08:00 UTC + deprovision deadline 1h = due 09:00 UTC"])
        let missed = try r.check(at: time + .hours(2)).violations.first { $0.kind == .deadlineMissed && $0.user?.email == "grace.hopper@example.com" }
        #expect(missed?.summary.hasPrefix("grace.hopper@example.com left on 2026-10-21 08:00 UTC; AWS (IAM Identity Center) access was due to be removed by 09:00 UTC") == true,
                "\(missed?.summary ?? "no deadline_missed")")
    }

    @Test func baselineAdoptsTheDirectoryWithoutActionsAndOnlyOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let source = try RuntimeIngestTests.runtime(dir, "source.db")
        _ = try source.ingest(RuntimeIngestTests.examples, source: "file")
        let snap = Self.snapshot(of: source.state.directory)
        let r = try RuntimeIngestTests.runtime(dir, "fresh.db")
        let delta = try r.apply(snapshot: snap, raw: [], at: Timestamp(iso8601: "2026-10-21T00:00:00Z")!, baseline: true)
        #expect(delta.createdActions.isEmpty && delta.violations.isEmpty)
        #expect(delta.targets.count > 50)
        #expect(try r.store.actions(ActionQuery()).isEmpty)
        let ada = try #require(r.state.directory.userIndex(idOrEmail: "ada.lovelace@example.com"))
        let slack = try #require(r.state.program.appIndexById["slack"])
        #expect(r.state.plannedTarget(user: ada, app: slack) == .active(["member"]))
        #expect(throws: EngineError.self) { _ = try r.apply(snapshot: snap, raw: [], at: Timestamp(iso8601: "2026-10-22T00:00:00Z")!, baseline: true) }
    }

    @Test func decodesWorkOSListResponsesWithEmbeddedGroups() throws {
        let users = try JSONParser.parse("""
        {"object":"list","data":[{"object":"directory_user","id":"u1","directory_id":"d1","idp_id":"x","email":"a@example.com",
          "state":"active","custom_attributes":{"department":"Eng"},"updated_at":"2026-01-01T00:00:00Z",
          "groups":[{"object":"directory_group","id":"g1","directory_id":"d1","name":"Engineering","updated_at":"2026-01-01T00:00:00Z"}]}],
         "list_metadata":{"after":null}}
        """)
        let snap = try SnapshotDecoder.decode([users])
        #expect(snap.users.map(\.id) == ["u1"] && snap.groups.map(\.name) == ["Engineering"])
        #expect(snap.memberships.map { "\($0.user)>\($0.group)" } == ["u1>g1"])
        #expect(snap.directories == ["d1"])
        #expect(throws: IngestError.self) { try SnapshotDecoder.decode([.object([("nope", .null)])]) }
    }
}
