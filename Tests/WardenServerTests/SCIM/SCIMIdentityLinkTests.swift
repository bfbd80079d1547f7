import Foundation
import Testing
import WardenEngine
import WardenPolicy
import WardenServer
import WardenStore

/// Okta pushing SCIM to Warden while the same Okta also feeds a WorkOS directory with the same
/// id (`directory_okta`): whichever source comes first, each person and group is one identity,
/// planned once (docs/scim.md, "Identity mapping").
@Suite struct SCIMIdentityLinkTests {
    static let userId = "directory_user_01ADA", groupId = "directory_group_01GHADMINS"

    static func userEvent(_ id: String, _ type: String = "dsync.user.created", state: String = "active", at time: String) -> String {
        #"""
        {"object":"event","id":"\#(id)","event":"\#(type)","data":{"object":"directory_user","id":"\#(userId)","directory_id":"directory_okta","organization_id":"org_1","idp_id":"00u1adaLovelace","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","state":"\#(state)","custom_attributes":{},"created_at":"2026-10-01T00:00:00.000Z","updated_at":"\#(time)"},"created_at":"\#(time)"}
        """#
    }

    static let groupObject = #"{"object":"directory_group","id":"directory_group_01GHADMINS","idp_id":"00g1ghAdmins","directory_id":"directory_okta","organization_id":"org_1","name":"GitHub Admins","created_at":"2026-10-01T00:00:00.000Z","updated_at":"2026-10-01T00:00:00.000Z"}"#

    static let groupCreated = #"{"object":"event","id":"event_g1","event":"dsync.group.created","data":\#(groupObject),"created_at":"2026-10-01T00:00:00.000Z"}"#

    static func userAdded(at time: String) -> String {
        let user = userEvent("x", at: time).components(separatedBy: #""data":"#)[1].dropLast(#","created_at":"\#(time)"}"#.count)
        return #"{"object":"event","id":"event_added","event":"dsync.group.user_added","data":{"directory_id":"directory_okta","user":\#(user),"group":\#(groupObject)},"created_at":"\#(time)"}"#
    }

    static func scimAdmin(_ c: SCIMClient) async throws -> (user: String, group: String) {
        let user = try await c.create("/Users", SCIMOktaRouteTests.user)
        let group = try await c.create("/Groups", #"{"displayName":"GitHub Admins","members":[]}"#)
        let add = try await c.send(.patch, "/Groups/\(group)", Patch.ops(#"[{"op":"add","path":"members","value":[{"value":"\#(user)"}]}]"#))
        #expect(add.status == 200)
        return (user, group)
    }

    @Test func scimAfterWorkOSJoinsTheExistingUserAndGroup() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await c.webhook(Self.groupCreated)
            try await c.webhook(Self.userEvent("event_u1", at: "2026-10-02T00:00:00.000Z"))
            try await c.webhook(Self.userAdded(at: "2026-10-02T00:00:01.000Z"))
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])

            let (user, group) = try await Self.scimAdmin(c)
            #expect(user == Self.userId && group == Self.groupId)
            #expect(try await c.send(.get, "/Users/\(Self.userId)").json["groups"]?.at(0, "value") == .string(Self.groupId))
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])

            try await c.send(.patch, "/Users/\(user)", Patch.ops(#"[{"op":"replace","value":{"active":false}}]"#))
            let actions = try server.actions(app: "github")
            #expect(actions.map(\.summary) == ["deprovision github"] && actions.first?.user.id == Self.userId)
        }
        let directory = try server.store().loadState().directory
        #expect(directory.users.map(\.id) == [Self.userId] && directory.groups.map(\.id) == [Self.groupId])
    }

    @Test func workOSAfterSCIMIsReadAsTheSCIMUserAndGroupAcrossRestarts() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let (user, group) = try await Self.scimAdmin(c)
            #expect((user, group) == ("u1", "u2"))
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])
            try await c.webhook(Self.groupCreated)
            try await c.webhook(Self.userEvent("event_u1", at: "2026-10-02T00:00:00.000Z"))
            try await c.webhook(Self.userAdded(at: "2026-10-02T00:00:01.000Z"))
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])
        }
        // A new server process reads the links back from the database.
        try await server.run { c in
            try await c.webhook(Self.userEvent("event_u2", "dsync.user.updated", state: "suspended", at: "2026-10-22T00:00:00.000Z"))
            let actions = try server.actions(app: "github")
            #expect(actions.map(\.summary) == ["deprovision github"] && actions.first?.user.id == "u1")
            #expect(try await c.send(.get, "/Users/u1").json["active"] == .bool(true))
        }
        let directory = try server.store().loadState().directory
        #expect(directory.users.map(\.id) == ["u1"] && directory.groups.map(\.id) == ["u2"])
        #expect(directory.users.first?.state == .inactive)
    }

    @Test func withoutAMatchingExternalIdTheEmailLinksIgnoringCase() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await c.webhook(Self.userEvent("event_u1", at: "2026-10-02T00:00:00.000Z"))
            // Entra's default externalId is the mailNickname, not the id WorkOS reports.
            let id = try await c.create("/Users", #"{"userName":"ada","externalId":"alovelace","emails":[{"value":"ADA@example.com","type":"work"}]}"#)
            #expect(id == Self.userId)
        }
        #expect(try server.store().loadState().directory.users.map(\.id) == [Self.userId])
    }

    @Test func anotherDirectoryOrAnAmbiguousMatchIsNeverLinked() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await c.webhook(Self.userEvent("event_u1", at: "2026-10-02T00:00:00.000Z"))
            // Entra's token writes to another directory: a separate identity.
            #expect(try await c.create("/Users", SCIMOktaRouteTests.user, token: SCIMServer.entraToken) == "u1")
            // Two Okta SCIM users share the email the next WorkOS user has: neither is taken.
            try await c.create("/Users", #"{"userName":"one","emails":[{"value":"grace@example.com"}]}"#)
            try await c.create("/Users", #"{"userName":"two","emails":[{"value":"grace@example.com"}]}"#)
            try await c.webhook(Self.userEvent("event_g", at: "2026-10-02T00:00:00.000Z")
                .replacingOccurrences(of: Self.userId, with: "directory_user_01GRACE")
                .replacingOccurrences(of: "00u1adaLovelace", with: "00u2grace").replacingOccurrences(of: "ada@", with: "grace@"))
        }
        let ids = try server.store().loadState().directory.users.map(\.id)
        #expect(ids == [Self.userId, "u1", "u2", "u3", "directory_user_01GRACE"])
    }
}
