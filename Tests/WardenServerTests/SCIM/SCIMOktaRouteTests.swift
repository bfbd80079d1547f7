import Foundation
import HTTPTypes
import Testing
import WardenEngine
import WardenPolicy
import WardenServer
import WardenStore

/// Every Okta request shape of reference/scim.md §2.1 through the real `/scim/v2` routes and
/// the SQLite store: the resources served back, and the actions Warden plans from them with
/// the bundled policies (`GitHub Admins` → GitHub `admin`; GitHub deprovisions leavers in 4h).
@Suite struct SCIMOktaRouteTests {
    static let user = #"""
    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com",
     "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@example.com","type":"work"}],
     "displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1adaLovelace","groups":[],"password":"Sup3r-s3cret!","active":true}
    """#

    static func user(_ name: String, active: Bool = true, displayName: String = "Someone") -> String {
        #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"ignored","userName":"\#(name)@example.com",
         "name":{"givenName":"Some","familyName":"One"},"emails":[{"primary":true,"value":"\#(name)@example.com","type":"work"}],
         "displayName":"\#(displayName)","externalId":"00u-\#(name)","active":\#(active)}
        """#
    }

    /// A GitHub admin: user `u1` (ada) in the group `u2` (`GitHub Admins`) pushed the Okta way.
    static func gitHubAdmin(_ c: SCIMClient) async throws {
        try await c.create("/Users", user)
        let group = try await c.create("/Groups", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"GitHub Admins","members":[]}"#)
        let added = try await c.send(.patch, "/Groups/\(group)", Patch.ops(#"""
        [{"op":"replace","value":{"id":"\#(group)","displayName":"GitHub Admins"}},
         {"op":"add","path":"members","value":[{"value":"u1","display":"ada@example.com"}]}]
        """#))
        #expect(added.status == 200 && added.json["members"] == .parse(#"[{"value":"u1","display":"ada@example.com"}]"#))
    }

    @Test func testConnectorThenAssignLooksUpCreatesOnceAndNeverStoresThePassword() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let probe = try await c.send(.get, "/Users?startIndex=1&count=2")
            #expect(probe.status == 200 && probe.contentType == "application/scim+json")
            #expect(probe.json == .parse(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#))
            let lookup = try await c.send(.get, "/Users?filter=userName+eq+%22ada%40example.com%22&startIndex=1&count=100")
            #expect(lookup.status == 200 && lookup.json["totalResults"] == .number(0))

            let created = try await c.send(.post, "/Users", Self.user)
            #expect(created.status == 201 && created.contentType == "application/scim+json")
            #expect(created.headers[.location] == "https://warden.test/scim/v2/Users/u1")
            #expect(created.json["meta"]?["location"]?.stringValue == created.headers[.location])
            #expect(created.headers[.eTag] == #"W/"1""#)
            #expect(created.json["groups"] == nil && created.json["password"] == nil && !created.text.contains("Sup3r"))
            #expect(created.json["externalId"]?.stringValue == "00u1adaLovelace" && created.json["active"] == .bool(true))

            // Okta's spec test looks the user up upper-cased (Q14).
            let upper = try await c.send(.get, "/Users?filter=" + "userName eq \"ADA@EXAMPLE.COM\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(upper.ids == ["u1"])
            let duplicate = try await c.send(.post, "/Users", Self.user.replacingOccurrences(of: "\"ada@example.com\",", with: "\"Ada@Example.COM\","))
            #expect(duplicate.status == 409 && duplicate.scimType == "uniqueness" && duplicate.json["status"] == .string("409"))
            #expect(duplicate.json["schemas"] == .parse(#"["urn:ietf:params:scim:api:messages:2.0:Error"]"#))
        }
        let store = try server.store()
        let user = try #require(try store.loadState().directory.users.first { $0.id == "u1" })
        #expect(user.directoryId == SCIMServer.okta && user.idpId == "00u1adaLovelace" && user.email == "ada@example.com")
        #expect(user.state == .active && user.firstName == "Ada" && user.attributes["user_name"] == "ada@example.com")
        let events = try store.events()
        #expect(events.map(\.type) == ["scim.user.created"] && events.map(\.source) == ["scim"])
        #expect(events.first?.id == "scim:User/u1/0000000001" && events.first?.effectiveAt == ServerFixture.now)
        #expect(try store.verifyAudit().ok)
        for file in ["w.db", "w.db-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: server.fixture.dir.path(file)))) ?? Data()
            #expect(bytes.range(of: Data("Sup3r-s3cret!".utf8)) == nil, "password found in \(file)")
        }
    }

    @Test(arguments: ["oin", "aiw"])
    func profileUpdateThenDeactivationDeprovisionsAGitHubAdminWithinTheLeaverDeadline(_ app: String) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])

            let read = try await c.send(.get, "/Users/u1")
            #expect(read.status == 200 && read.json["groups"]?.at(0, "display") == .string("GitHub Admins"))
            let profile = Self.user.replacingOccurrences(of: "\"familyName\":\"Lovelace\"", with: "\"familyName\":\"King\"")
            let put = try await c.send(.put, "/Users/u1", profile.replacingOccurrences(of: "{\"schemas\"", with: "{\"id\":\"u1\",\"schemas\""))
            #expect(put.status == 200 && put.json["name"]?["familyName"] == .string("King") && put.headers[.eTag] == #"W/"2""#)

            server.advance(3600)
            let before = server.now
            let off = app == "oin"
                ? try await c.send(.patch, "/Users/u1", Patch.ops(#"[{"op":"replace","value":{"active":false}}]"#))
                : try await c.send(.put, "/Users/u1", profile.replacingOccurrences(of: "\"active\":true", with: "\"active\":false"))
            #expect(off.status == 200 && off.json["active"] == .bool(false) && off.json["userName"] == .string("ada@example.com"))

            let deprovision = try #require(try server.actions(app: "github").first)
            #expect(try server.actions(app: "github").map(\.summary) == ["deprovision github"])
            #expect(deprovision.cause.kind == .leaver && deprovision.cause.event == "scim:User/u1/0000000003")
            #expect(deprovision.createdAt == before && deprovision.dueAt == before + PolicyDuration(seconds: 4 * 3600))
            #expect(deprovision.user.id == "u1" && deprovision.user.email == "ada@example.com")

            // Deactivated users stay visible (Q11): by id and through the userName filter.
            #expect(try await c.send(.get, "/Users/u1").json["active"] == .bool(false))
            #expect(try await c.send(.get, "/Users?filter=userName%20eq%20%22ada%40example.com%22").ids == ["u1"])

            let on = try await c.send(.patch, "/Users/u1", Patch.ops(#"[{"op":"replace","value":{"active":true}}]"#))
            #expect(on.status == 200 && on.json["active"] == .bool(true))
            #expect(try server.actions(app: "github").map(\.summary) == ["provision github [admin]"])
        }
        let user = try #require(try server.store().loadState().directory.users.first { $0.id == "u1" })
        #expect(user.lastName == "King" && user.state == .active)
    }

    @Test func passwordSyncAndRepeatedRenamesWriteNothing() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            let events = try server.store().eventCount()
            let sync = try await c.send(.patch, "/Users/u1", Patch.ops(#"[{"op":"replace","value":{"password":"N3w-s3cret!"}}]"#))
            #expect(sync.status == 200 && sync.json["password"] == nil && sync.headers[.eTag] == #"W/"1""#)
            // Okta re-sends the group rename, with the group's id, on every membership update (Q12).
            let rename = try await c.send(.patch, "/Groups/u2", Patch.ops(#"[{"op":"replace","value":{"id":"u2","displayName":"GitHub Admins"}}]"#))
            #expect(rename.status == 200 && rename.headers[.eTag] == #"W/"2""#)
            #expect(try server.store().eventCount() == events)
        }
    }

    @Test func importPagesUsersAndGroupsInAStableOrder() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            for name in ["a", "b", "c", "d", "e"] { try await c.create("/Users", Self.user(name)) }
            // A replaced user keeps its place.
            try await c.send(.put, "/Users/u2", Self.user("b", displayName: "Changed"))
            var pages: [[String]] = []
            for start in [1, 3, 5] {
                let page = try await c.send(.get, "/Users?startIndex=\(start)&count=2")
                #expect(page.json["totalResults"] == .number(5) && page.json["startIndex"] == .number(Double(start)))
                pages.append(page.ids)
            }
            #expect(pages == [["u1", "u2"], ["u3", "u4"], ["u5"]])
            for name in ["G1", "G2", "G3"] { try await c.create("/Groups", #"{"displayName":"\#(name)","members":[]}"#) }
            #expect(try await c.send(.get, "/Groups?startIndex=2&count=100").ids == ["u7", "u8"])
        }
    }

    @Test func groupPushMembershipChangesFullListsAndUnlinkMoveRoles() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            try await c.create("/Users", Self.user("grace"))
            let swap = try await c.send(.patch, "/Groups/u2", Patch.ops(#"""
            [{"op":"remove","path":"members[value eq \"u1\"]"},{"op":"add","path":"members","value":[{"value":"u3","display":"grace"}]}]
            """#))
            #expect(swap.status == 200 && swap.json["members"] == .parse(#"[{"value":"u3","display":"grace"}]"#))
            #expect(try server.actions(app: "github", user: "u3").map(\.summary) == ["provision github [admin]"])
            // Ada lost her only GitHub role while active: a mover deprovision after the 72h grace.
            let moved = try #require(try server.actions(app: "github", user: "u1").first)
            #expect(moved.summary == "deprovision github" && moved.status == .scheduled && moved.cause.kind == .mover)

            let full = try await c.send(.patch, "/Groups/u2", Patch.ops(#"[{"op":"replace","path":"members","value":[{"value":"u1"},{"value":"u3"}]}]"#))
            #expect(full.status == 200 && full.json["members"]?.items?.count == 2)
            #expect(try server.actions(app: "github", user: "u1").map(\.summary) == [])

            // App Integration Wizard apps PUT the group with all its members.
            let put = try await c.send(.put, "/Groups/u2", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"u2","displayName":"GitHub Admins","members":[{"value":"u3"}]}"#)
            #expect(put.status == 200 && put.json["members"] == .parse(#"[{"value":"u3"}]"#))
            #expect(try server.actions(app: "github", user: "u1").map(\.status) == [.scheduled])

            let unlink = try await c.send(.delete, "/Groups/u2")
            #expect(unlink.status == 204 && unlink.text.isEmpty)
            #expect(try await c.send(.get, "/Groups/u2").status == 404)
            #expect(try server.actions(app: "github", user: "u3").map(\.summary) == ["deprovision github"])
            #expect(try await c.send(.get, "/Users/u3").json["groups"] == nil)
        }
    }
}

extension JSONValue {
    /// The items of a list.
    var items: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The member `key` of the list item at `index`.
    func at(_ index: Int, _ key: String) -> JSONValue? {
        guard let items, index < items.count else { return nil }
        return items[index][key]
    }
}
