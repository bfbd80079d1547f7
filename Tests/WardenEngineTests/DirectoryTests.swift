import Testing
import WardenEngine
import WardenPolicy

@Suite struct DirectoryTests {
    static func t(_ s: String) -> Timestamp { Timestamp(iso8601: s)! }

    static func user(_ state: UserState = .active, at time: String, event: String, dept: String = "Eng") -> DirectoryUser {
        DirectoryUser(id: "u1", directoryId: "d1", email: "ada@example.com", state: state, attributes: ["department": dept],
                      version: Version(time: t(time), event: event))
    }

    static let group = DirectoryGroup(id: "g1", directoryId: "d1", name: "Engineering", version: Version(time: t("2026-01-01T00:00:00Z"), event: "g"))

    @Test func staleUpdateNeverRegressesNewerState() {
        var d = Directory()
        _ = d.apply(.upsertUser(Self.user(at: "2026-01-01T00:00:00Z", event: "e1")))
        _ = d.apply(.upsertUser(Self.user(.inactive, at: "2026-01-03T00:00:00Z", event: "e3")))
        let r = d.apply(.upsertUser(Self.user(.active, at: "2026-01-02T00:00:00Z", event: "e2")))
        #expect(r.outcome == .stale)
        #expect(d.user(0).state == .inactive)
    }

    @Test func duplicateIsANoOpAndTiesBreakByEventId() {
        var d = Directory()
        _ = d.apply(.upsertUser(Self.user(at: "2026-01-01T00:00:00Z", event: "e1", dept: "A")))
        let dup = d.apply(.upsertUser(Self.user(at: "2026-01-01T00:00:00Z", event: "e1", dept: "A")))
        #expect(dup.affected.isEmpty)
        _ = d.apply(.upsertUser(Self.user(at: "2026-01-02T00:00:00Z", event: "e9", dept: "B")))
        _ = d.apply(.upsertUser(Self.user(at: "2026-01-02T00:00:00Z", event: "e5", dept: "C")))
        #expect(d.user(0).attributes["department"] == "B")
    }

    @Test func membershipBeforeUserCreatesBothAndLateAddCannotUndoNewerRemove() {
        var d = Directory()
        let u = Self.user(at: "2026-01-01T00:00:00Z", event: "e1")
        let add = d.apply(.membership(user: u, group: Self.group, added: true, version: Version(time: Self.t("2026-01-01T00:00:01Z"), event: "e2")))
        #expect(add.affected.map(\.detail).contains("added to group `Engineering`"))
        #expect(d.groupNames(of: 0) == ["Engineering"])
        _ = d.apply(.membership(user: u, group: Self.group, added: false, version: Version(time: Self.t("2026-01-05T00:00:00Z"), event: "e4")))
        let late = d.apply(.membership(user: u, group: Self.group, added: true, version: Version(time: Self.t("2026-01-03T00:00:00Z"), event: "e3")))
        #expect(late.outcome == .stale)
        #expect(d.groupNames(of: 0).isEmpty)
    }

    @Test func renameAndDeleteAffectMembers() {
        var d = Directory()
        let u = Self.user(at: "2026-01-01T00:00:00Z", event: "e1")
        _ = d.apply(.membership(user: u, group: Self.group, added: true, version: Version(time: Self.t("2026-01-01T00:00:01Z"), event: "e2")))
        var renamed = Self.group
        renamed.name = "Platform"
        renamed.version = Version(time: Self.t("2026-02-01T00:00:00Z"), event: "e3")
        let r = d.apply(.upsertGroup(renamed))
        #expect(r.groupsChanged)
        #expect(r.affected.map(\.detail) == ["group `Engineering` renamed to `Platform`"])
        renamed.version = Version(time: Self.t("2026-03-01T00:00:00Z"), event: "e4")
        let del = d.apply(.deleteGroup(renamed))
        #expect(del.affected.map(\.detail) == ["group `Platform` deleted"])
        #expect(d.memberships[0].isEmpty)
    }

    @Test func deletedDirectoryIgnoresLaterEvents() {
        var d = Directory()
        _ = d.apply(.upsertUser(Self.user(at: "2026-01-01T00:00:00Z", event: "e1")))
        let r = d.apply(.deleteDirectory(id: "d1", version: Version(time: Self.t("2026-02-01T00:00:00Z"), event: "e2")))
        #expect(r.affected.map(\.detail) == ["directory deleted"])
        #expect(d.user(0).state == .deleted)
        let late = d.apply(.upsertUser(Self.user(at: "2026-03-01T00:00:00Z", event: "e3")))
        #expect(late.outcome == .ignored("directory `d1` was deleted"))
        #expect(d.user(0).state == .deleted)
    }
}
