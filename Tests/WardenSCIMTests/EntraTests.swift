import Testing
import WardenEngine
import WardenPolicy
@testable import WardenSCIM

/// Every Entra ID request shape of reference/scim.md §2.2 (both PATCH dialects: the default one
/// and the `aadOptscim062020` one), replayed through the service.
@Suite struct EntraTests {
    static let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let createBody = #"""
    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
     "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com","active":true,
     "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b@testuser.com"}],"meta":{"resourceType":"User"},
     "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[],
     "nickName":null,"title":null,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":null,"employeeNumber":"E42"}}
    """#

    static func patch(_ operations: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#
    }

    @Test func testConnectionWithRandomGUIDsFindsNothing() async throws {
        let h = SCIMHarness()
        try await h.createUser("someone@contoso.com")
        let users = try await h.send("GET", "/Users", query: [("filter", #"userName eq "6b3c0e8e-3a9b-4c41-9f8a-0d5c2c1e7f00""#)])
        let groups = try await h.send("GET", "/Groups", query: [("excludedAttributes", "members"),
                                                                 ("filter", #"displayName eq "0f6d8b8a-1e0c-4c49-8a8e-1b2a3c4d5e6f""#)])
        for reply in [users, groups] {
            #expect(reply.status == 200 && reply.json?["totalResults"] == .number(0) && reply.json?["Resources"] == .array([]))
        }
        let schemas = try await h.send("GET", "/Schemas")
        #expect(schemas.ids == [SCIMSchema.coreUserURN, Self.ent, SCIMSchema.coreGroupURN])
    }

    @Test func provisionWithNullsRolesAndMetaThenUpdateByPatch() async throws {
        let h = SCIMHarness()
        #expect(try await h.send("GET", "/Users", query: [("filter", #"userName eq "Test_User_ab6490ee@contoso.com""#)]).ids.isEmpty)
        let created = try await h.send("POST", "/Users", body: Self.createBody)
        #expect(created.status == 201)
        #expect(created.json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id":"id-1","externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com",
         "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"active":true,
         "emails":[{"value":"Test_User_fd0ea19b@testuser.com","type":"work","primary":true}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E42"},
         "meta":{"resourceType":"User","created":"2026-03-02T09:00:01Z","lastModified":"2026-03-02T09:00:01Z",
                 "location":"https://warden.test/scim/v2/Users/id-1","version":"W/\"1\""}}
        """#))
        #expect(created.changes.first?.user?.attributes == ["user_name": "Test_User_ab6490ee@contoso.com", "employee_number": "E42"])
        #expect(created.changes.first?.user?.idpId == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")

        let update = try await h.send("PATCH", "/Users/id-1", body: Self.patch(#"""
        [{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},
         {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
         {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Finance"},
         {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-7"},
         {"op":"Add","path":"title","value":"Analyst"}]
        """#))
        #expect(update.status == 200)
        #expect(update.json?.at("emails.0") == .parse(#"{"value":"updatedEmail@microsoft.com","type":"work","primary":true}"#))
        #expect(update.json?[Self.ent] == .parse(#"{"employeeNumber":"E42","department":"Finance","manager":{"value":"mgr-7"}}"#))
        let user = try #require(update.changes.first?.user)
        #expect(update.changes.count == 1)
        #expect(user.email == "updatedEmail@microsoft.com" && user.lastName == "updatedFamilyName")
        #expect(user.attributes == ["user_name": "Test_User_ab6490ee@contoso.com", "employee_number": "E42", "department": "Finance",
                                    "manager_id": "mgr-7", "job_title": "Analyst"])
    }

    @Test func workEmailIsCreatedWhenThereIsNone() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("no.mail")
        let reply = try await h.send("PATCH", "/Users/\(id)", body: Self.patch(#"""
        [{"op":"Add","path":"emails[type eq \"work\"].value","value":"found@contoso.com"},
         {"op":"Replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+33 6 12"}]
        """#))
        #expect(reply.json?["emails"] == .parse(#"[{"value":"found@contoso.com","type":"work"}]"#))
        #expect(reply.json?["phoneNumbers"] == .parse(#"[{"value":"+33 6 12","type":"mobile"}]"#))
        #expect(reply.changes.first?.user?.email == "found@contoso.com")
    }

    @Test(arguments: [
        #"[{"op":"Replace","path":"active","value":"False"}]"#,
        #"[{"op":"replace","path":"active","value":false}]"#,
        #"[{"op":"replace","value":{"active":false}}]"#,
    ])
    func disableInEitherDialect(_ operations: String) async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("leaver@contoso.com")
        let reply = try await h.send("PATCH", "/Users/\(id)", body: Self.patch(operations))
        #expect(reply.status == 200 && reply.json?["active"] == .bool(false))
        #expect(reply.changes.map(\.summary) == ["upsertUser id-1 inactive"])
        #expect(try await h.send("GET", "/Users", query: [("filter", #"userName eq "leaver@contoso.com""#)]).ids == [id])
    }

    @Test func flagDialectReplacesSeveralAttributesWithDottedAndURNKeys() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("dotted@contoso.com")
        let reply = try await h.send("PATCH", "/Users/\(id)", body: Self.patch(#"""
        [{"op":"replace","value":{"displayName":"Dot Ted","name.givenName":"Dot","name.familyName":"Ted",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42","active":true}}]
        """#))
        #expect(reply.json?["name"] == .parse(#"{"familyName":"Ted","givenName":"Dot"}"#))
        #expect(reply.json?[Self.ent]?["employeeNumber"] == .string("42") && reply.json?["displayName"] == .string("Dot Ted"))
        #expect(reply.changes.first?.user?.firstName == "Dot")
    }

    @Test func matchingAndReferenceFilters() async throws {
        let h = SCIMHarness()
        try await h.send("POST", "/Users", body: Self.createBody)
        try await h.send("PATCH", "/Users/id-1", body: Self.patch(#"[{"op":"Add","path":"\#(Self.ent):manager","value":"mgr-7"}]"#))
        for filter in [#"externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef""#,
                       #"emails[type eq "work"].value eq "test_user_fd0ea19b@TESTUSER.com""#,
                       #"id eq "id-1" and manager eq "mgr-7""#] {
            #expect(try await h.send("GET", "/Users", query: [("filter", filter)]).ids == ["id-1"], "\(filter)")
        }
        #expect(try await h.send("GET", "/Users", query: [("filter", #"externalId eq "0A21F0F2-8D2A-4F8E-BF98-7363C4AED4EF""#)]).ids.isEmpty)
        #expect(try await h.send("GET", "/Users", query: [("filter", #"id eq "id-1" and manager eq "mgr-8""#)]).ids.isEmpty)
    }

    @Test func groupsWithMicrosoftSchemaMembersAndLegacyRemoval() async throws {
        let h = SCIMHarness()
        let u1 = try await h.createUser("u1@contoso.com"), u2 = try await h.createUser("u2@contoso.com")
        let created = try await h.send("POST", "/Groups", body: #"""
        {"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Sales","meta":{"resourceType":"Group"},
         "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]}
        """#)
        #expect(created.status == 201 && created.json?["schemas"] == .parse(#"["urn:ietf:params:scim:schemas:core:2.0:Group"]"#))
        let gid = try #require(created.json?["id"]?.stringValue)
        #expect(created.changes == [.upsertGroup(DirectoryGroup(
            id: gid, directoryId: "dir_1", name: "Sales", idpId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            version: Version(time: Timestamp(iso8601: "2026-03-02T09:00:02Z")!, event: "scim:Group/\(gid)/0000000001")))])

        let add = try await h.send("PATCH", "/Groups/\(gid)", query: [("excludedAttributes", "members")], body: Self.patch(#"""
        [{"op":"Add","path":"members","value":[{"$ref":null,"value":"\#(u1)"},{"$ref":null,"value":"\#(u2)"}]}]
        """#))
        #expect(add.status == 200 && add.json?["members"] == nil && add.json?["displayName"] == .string("Sales"))
        #expect(add.changes.map(\.summary) == ["membership +id-1 id-3", "membership +id-2 id-3"])

        let read = try await h.send("GET", "/Groups/\(gid)", query: [("excludedAttributes", "members")])
        #expect(read.json?["members"] == nil && read.json?["externalId"] == .string("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"))
        let found = try await h.send("GET", "/Groups", query: [("excludedAttributes", "members"), ("filter", #"displayName eq "sales""#)])
        #expect(found.ids == [gid] && found.resources.first?["members"] == nil)

        // Q3: the default dialect's removal names the member in `value`; only that member goes.
        let legacy = try await h.send("PATCH", "/Groups/\(gid)", body: Self.patch(#"""
        [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"\#(u1)"}]}]
        """#))
        #expect(legacy.json?["members"] == .parse(#"[{"value":"\#(u2)"}]"#))
        #expect(legacy.changes.map(\.summary) == ["membership -id-1 id-3"])

        // The flag dialect's removal.
        let flagged = try await h.send("PATCH", "/Groups/\(gid)", body: Self.patch(#"[{"op":"remove","path":"members[value eq \"\#(u2)\"]"}]"#))
        #expect(flagged.json?["members"] == nil && flagged.changes.map(\.summary) == ["membership -id-2 id-3"])
    }

    @Test func hardDeleteRemovesTheUserAndItsMemberships() async throws {
        let h = SCIMHarness()
        let u1 = try await h.createUser("u1@contoso.com"), u2 = try await h.createUser("u2@contoso.com")
        let gid = try await h.createGroup("Sales", members: [u1, u2])
        let deleted = try await h.send("DELETE", "/Users/\(u1)")
        #expect(deleted.status == 204 && deleted.text.isEmpty)
        #expect(deleted.changes.map(\.summary) == ["deleteUser id-1", "membership -id-1 id-3"])
        #expect(deleted.eventId == "scim:User/id-1/0000000002")
        #expect(deleted.changes.first?.user?.version == Version(time: Timestamp(iso8601: "2026-03-02T09:00:03Z")!,
                                                                event: "scim:User/id-1/0000000002"))
        for method in ["GET", "PUT", "PATCH", "DELETE"] {
            let body: String? = method == "PUT" ? #"{"userName":"u1@contoso.com"}"# : method == "PATCH" ? Self.patch(#"[{"op":"add","path":"title","value":"x"}]"#) : nil
            let reply = try await h.send(method, "/Users/\(u1)", body: body)
            #expect(reply.status == 404 && reply.json?["status"] == .string("404") && reply.detail == "User `id-1` not found", "\(method)")
        }
        #expect(await h.stored(.group, gid)?.memberIds == [u2])
        // The userName is free again.
        #expect(try await h.send("POST", "/Users", body: #"{"userName":"U1@contoso.com"}"#).status == 201)
    }

    @Test func microsoftValidatorPascalCaseBody() async throws {
        let h = SCIMHarness()
        let reply = try await h.send("POST", "/Users", body: #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"UserName":"Pascal@contoso.com","Active":"True",
         "DisplayName":"Pascal Case","Emails":[{"Primary":"true","Type":"work","Value":"pascal@contoso.com"}],
         "Name":{"GivenName":"Pascal","FamilyName":"Case"},"ExternalId":"pc-1"}
        """#)
        #expect(reply.status == 201)
        #expect(reply.json?["userName"] == .string("Pascal@contoso.com") && reply.json?["active"] == .bool(true))
        #expect(reply.json?["emails"] == .parse(#"[{"value":"pascal@contoso.com","type":"work","primary":true}]"#))
        #expect(reply.json?["name"] == .parse(#"{"familyName":"Case","givenName":"Pascal"}"#) && reply.json?["externalId"] == .string("pc-1"))
    }
}
