import Foundation
import HTTPTypes
import Testing
import WardenEngine
import WardenPolicy
import WardenServer
import WardenStore

/// Every Entra ID request shape of reference/scim.md §2.2 — the default PATCH dialect and the
/// `aadOptscim062020` one — and the quirks of §2.3 through the real `/scim/v2` routes and the
/// SQLite store, with the actions Warden plans from them.
@Suite struct SCIMEntraRouteTests {
    static let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let user = #"""
    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
     "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com","active":true,
     "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b@testuser.com"}],"meta":{"resourceType":"User"},
     "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[],
     "nickName":null,"title":null,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":null,"employeeNumber":"E42"}}
    """#
    static let group = #"""
    {"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"GitHub Admins","meta":{"resourceType":"Group"},
     "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]}
    """#
    static let token = SCIMServer.entraToken

    /// Entra provisions user `u1`, the group `u2` (with Microsoft's extra schema URN, Q7) and
    /// adds the user to it with `"$ref": null` (Q9).
    static func gitHubAdmin(_ c: SCIMClient) async throws {
        let lookup = try await c.send(.get, "/Users?filter=userName%20eq%20%22Test_User_ab6490ee%40contoso.com%22", token: token)
        #expect(lookup.status == 200 && lookup.ids.isEmpty)
        let created = try await c.send(.post, "/Users", user, token: token)
        #expect(created.status == 201 && created.json["roles"] == nil && created.json["nickName"] == nil)
        #expect(created.json[ent] == .parse(#"{"employeeNumber":"E42"}"#))
        let group = try await c.send(.post, "/Groups", group, token: token)
        #expect(group.status == 201 && group.json["schemas"] == .parse(#"["urn:ietf:params:scim:schemas:core:2.0:Group"]"#))
        let add = try await c.send(.patch, "/Groups/u2?excludedAttributes=members",
                                   Patch.ops(#"[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"}]}]"#), token: token)
        #expect(add.status == 200 && add.json["members"] == nil && add.json["displayName"] == .string("GitHub Admins"))
    }

    @Test func testConnectionFindsNothingAndSchemaDiscoveryListsWhatIsServed() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            let users = try await c.send(.get, "/Users?filter=userName+eq+%226b3c0e8e-3a9b-4c41-9f8a-0d5c2c1e7f00%22", token: Self.token)
            let groups = try await c.send(.get, "/Groups?excludedAttributes=members&filter=displayName+eq+%220f6d8b8a-1e0c-4c49%22",
                                          token: Self.token)
            for reply in [users, groups] {
                #expect(reply.status == 200 && reply.json["totalResults"] == .number(0) && reply.json["Resources"] == .array([]))
            }
            let schemas = try await c.send(.get, "/Schemas", token: Self.token)
            #expect(schemas.contentType == "application/scim+json")
            #expect(schemas.ids == ["urn:ietf:params:scim:schemas:core:2.0:User", Self.ent, "urn:ietf:params:scim:schemas:core:2.0:Group"])
        }
    }

    @Test(arguments: [
        #"[{"op":"Replace","path":"active","value":"False"}]"#,
        #"[{"op":"replace","path":"active","value":false}]"#,
        #"[{"op":"replace","value":{"active":false,"displayName":"Leaver"}}]"#,
    ])
    func updatesThenDisablingAGitHubAdminYieldsAGitHubDeprovisionWithTheLeaverDeadline(_ disable: String) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            let provision = try #require(try server.actions(app: "github").first)
            #expect(provision.summary == "provision github [admin]" && provision.cause.kind == .joiner)
            #expect(provision.dueAt == ServerFixture.now + PolicyDuration(seconds: 24 * 3600))

            let update = try await c.send(.patch, "/Users/u1", Patch.ops(#"""
            [{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@contoso.com"},
             {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
             {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Engineering"},
             {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-7"}]
            """#), token: Self.token)
            #expect(update.status == 200 && update.json["emails"]?.at(0, "value") == .string("updatedEmail@contoso.com"))
            #expect(update.json[Self.ent] == .parse(#"{"employeeNumber":"E42","department":"Engineering","manager":{"value":"mgr-7"}}"#))
            // The manager reference check Entra makes.
            #expect(try await c.send(.get, "/Users?filter=id+eq+%22u1%22+and+manager+eq+%22mgr-7%22", token: Self.token).ids == ["u1"])

            server.advance(600)
            let disabledAt = server.now
            let off = try await c.send(.patch, "/Users/u1", Patch.ops(disable), token: Self.token)
            #expect(off.status == 200 && off.json["active"] == .bool(false))
            let actions = try server.actions(app: "github")
            #expect(actions.map(\.summary) == ["deprovision github"])
            let deprovision = try #require(actions.first)
            #expect(deprovision.cause.kind == .leaver && deprovision.cause.event == "scim:User/u1/0000000003")
            #expect(deprovision.dueAt == disabledAt + PolicyDuration(seconds: 4 * 3600) && deprovision.owner == "platform")
            #expect(deprovision.user.email == "updatedEmail@contoso.com")
            #expect(try server.actions(app: "github", statuses: [.superseded]).map(\.id) == [provision.id])
            #expect(try await c.send(.get, "/Users?filter=externalId+eq+%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22", token: Self.token).ids
                    == ["u1"])
        }
        let user = try #require(try server.store().loadState().directory.users.first { $0.id == "u1" })
        #expect(user.state == .inactive && user.directoryId == SCIMServer.entra && user.lastName == "updatedFamilyName")
        #expect(user.attributes["department"] == "Engineering" && user.attributes["manager_id"] == "mgr-7")
        #expect(user.attributes["employee_number"] == "E42" && user.idpId == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")
    }

    @Test func hardDeleteAnswers204ThenEveryOperationOnTheId404() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            try await c.send(.patch, "/Users/u1", Patch.ops(#"[{"op":"Replace","path":"active","value":"False"}]"#), token: Self.token)
            let deleted = try await c.send(.delete, "/Users/u1", token: Self.token)
            #expect(deleted.status == 204 && deleted.text.isEmpty)
            for method in [HTTPRequest.Method.get, .put, .patch, .delete] {
                let body: String? = method == .put ? #"{"userName":"x@contoso.com"}"# : method == .patch ? Patch.ops(#"[{"op":"add","path":"title","value":"x"}]"#) : nil
                let reply = try await c.send(method, "/Users/u1", body, token: Self.token)
                #expect(reply.status == 404 && reply.json["status"] == .string("404") && reply.json["detail"] != nil, "\(method)")
            }
            #expect(try await c.send(.get, "/Groups/u2", token: Self.token).json["members"] == nil)
            #expect(try server.actions(app: "github").map(\.summary) == ["deprovision github"])
        }
        let directory = try server.store().loadState().directory
        let user = try #require(directory.users.first { $0.id == "u1" })
        #expect(user.state == .deleted && directory.groupNames(of: directory.userIndex(id: "u1")!).isEmpty)
        #expect(try server.store().events().map { $0.type ?? "" }.last == "scim.user.deleted")
    }

    @Test func groupReadsAndMemberRemovalsInBothDialects() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await Self.gitHubAdmin(c)
            try await c.create("/Users", #"{"userName":"second@contoso.com"}"#, token: Self.token)
            try await c.send(.patch, "/Groups/u2", Patch.ops(#"[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u3"}]}]"#),
                             token: Self.token)
            let read = try await c.send(.get, "/Groups/u2?excludedAttributes=members", token: Self.token)
            #expect(read.status == 200 && read.json["members"] == nil && read.json["externalId"] == .string("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"))
            let found = try await c.send(.get, "/Groups?excludedAttributes=members&filter=displayName+eq+%22github+admins%22", token: Self.token)
            #expect(found.ids == ["u2"] && found.json["Resources"]?.at(0, "members") == nil)

            // Q3: the default dialect names the member to remove in `value`; only that one goes.
            let legacy = try await c.send(.patch, "/Groups/u2", Patch.ops(#"[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"}]}]"#),
                                          token: Self.token)
            #expect(legacy.status == 200 && legacy.json["members"] == .parse(#"[{"value":"u3"}]"#))
            #expect(try server.actions(app: "github", user: "u1").map(\.summary) == ["deprovision github"])
            #expect(try server.actions(app: "github", user: "u3").map(\.summary) == ["provision github [admin]"])

            let flagged = try await c.send(.patch, "/Groups/u2", Patch.ops(#"[{"op":"remove","path":"members[value eq \"u3\"]"}]"#),
                                           token: Self.token)
            #expect(flagged.status == 200 && flagged.json["members"] == nil)
            #expect(try server.actions(app: "github", user: "u3").map(\.summary) == ["deprovision github"])
        }
    }

    @Test func quirksPascalCaseDottedKeysCreateOnAbsentEmailAndStringBooleans() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            // Q10 PascalCase names and Q2 string booleans, as Microsoft's validator sends them.
            let pascal = try await c.send(.post, "/Users", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"UserName":"Pascal@contoso.com","Active":"True",
             "DisplayName":"Pascal Case","Name":{"GivenName":"Pascal","FamilyName":"Case"},"ExternalId":"pc-1"}
            """#, token: Self.token, headers: [.contentType: "application/json; charset=utf-8"])
            #expect(pascal.status == 201 && pascal.json["userName"] == .string("Pascal@contoso.com") && pascal.json["active"] == .bool(true))
            // Q6: a work email that does not exist yet is created; Q4: dotted and URN keys in a no-path replace.
            let patched = try await c.send(.patch, "/Users/u1", Patch.ops(#"""
            [{"op":"Add","path":"emails[type eq \"work\"].value","value":"pascal@contoso.com"},
             {"op":"replace","value":{"name.givenName":"Pasc","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}}]
            """#), token: Self.token)
            #expect(patched.status == 200 && patched.json["emails"] == .parse(#"[{"value":"pascal@contoso.com","type":"work"}]"#))
            #expect(patched.json["name"]?["givenName"] == .string("Pasc") && patched.json[Self.ent]?["employeeNumber"] == .string("7"))
            #expect(try await c.send(.get, "/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22PASCAL%40contoso.com%22", token: Self.token).ids
                    == ["u1"])
        }
        let user = try #require(try server.store().loadState().directory.users.first { $0.id == "u1" })
        #expect(user.email == "pascal@contoso.com" && user.firstName == "Pasc" && user.attributes["employee_number"] == "7")
    }
}
