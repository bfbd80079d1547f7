import Testing
import WardenEngine
import WardenPolicy
@testable import WardenSCIM

/// Every Okta request shape of reference/scim.md §2.1, replayed through the service, checking
/// both the resources and the directory changes.
@Suite struct OktaTests {
    static let createBody = #"""
    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"test.user@okta.local",
     "name":{"givenName":"Test","familyName":"User"},"emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],
     "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7","groups":[],"password":"1mz050nq","active":true}
    """#

    static func time(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

    @Test func testConnectorGetsAnEmptyListResponse() async throws {
        let h = SCIMHarness()
        let reply = try await h.send("GET", "/Users", query: [("startIndex", "1"), ("count", "2")])
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/scim+json")
        #expect(reply.json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}
        """#))
        #expect(reply.changes.isEmpty)
    }

    @Test func assignLooksUpTheUserNameThenCreatesWithoutEchoingThePassword() async throws {
        let h = SCIMHarness()
        let lookup = try await h.send("GET", "/Users", query: [("filter", #"userName eq "test.user@okta.local""#),
                                                                ("startIndex", "1"), ("count", "100")])
        #expect(lookup.status == 200 && lookup.json?["totalResults"] == .number(0))

        let created = try await h.send("POST", "/Users", body: Self.createBody)
        #expect(created.status == 201)
        #expect(created.header("Location") == "https://warden.test/scim/v2/Users/id-1")
        #expect(created.header("ETag") == #"W/"1""#)
        #expect(created.json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"id-1","externalId":"00ujl29u0le5T6Aj10h7",
         "userName":"test.user@okta.local","name":{"familyName":"User","givenName":"Test"},"displayName":"Test User",
         "locale":"en-US","active":true,"emails":[{"value":"test.user@okta.local","type":"work","primary":true}],
         "meta":{"resourceType":"User","created":"2026-03-02T09:00:01Z","lastModified":"2026-03-02T09:00:01Z",
                 "location":"https://warden.test/scim/v2/Users/id-1","version":"W/\"1\""}}
        """#))
        #expect(!created.text.contains("1mz050nq"))
        #expect(await !(h.stored(.user, "id-1")?.attributes.compactText.contains("1mz050nq") ?? true))

        let t1 = Self.time("2026-03-02T09:00:01Z")
        #expect(created.changes == [.upsertUser(DirectoryUser(
            id: "id-1", directoryId: "dir_1", idpId: "00ujl29u0le5T6Aj10h7", email: "test.user@okta.local", firstName: "Test",
            lastName: "User", state: .active, attributes: ["user_name": "test.user@okta.local"], createdAt: t1,
            version: Version(time: t1, event: "scim:User/id-1/0000000001")))])
        #expect(created.eventId == "scim:User/id-1/0000000001" && lookup.eventId == nil)

        // Okta's spec test looks the user up upper-cased (Q14).
        let upper = try await h.send("GET", "/Users", query: [("filter", #"userName eq "TEST.USER@OKTA.LOCAL""#)])
        #expect(upper.ids == ["id-1"])

        let duplicate = try await h.send("POST", "/Users", body: Self.createBody.replacingOccurrences("test.user@okta", "Test.User@OKTA"))
        #expect(duplicate.status == 409 && duplicate.scimType == "uniqueness" && duplicate.json?["status"] == .string("409"))
        #expect(duplicate.changes.isEmpty)
    }

    @Test func profileUpdateIsAGetThenAFullPut() async throws {
        let h = SCIMHarness()
        try await h.send("POST", "/Users", body: Self.createBody)
        let current = try #require(try await h.send("GET", "/Users/id-1").json)
        let edited = current.setting("name", to: .parse(#"{"givenName":"Another","familyName":"User"}"#))
            .setting("displayName", to: .string("Another User")).setting("password", to: .string("x")).setting("groups", to: .array([]))
        let put = try await h.send("PUT", "/Users/id-1", body: edited.compactText)
        #expect(put.status == 200)
        #expect(put.json?.at("name.givenName") == .string("Another") && put.json?.at("meta.version") == .string(#"W/"2""#))
        #expect(put.json?.at("meta.created") == .string("2026-03-02T09:00:00Z"))
        #expect(put.json?.at("meta.lastModified") == .string("2026-03-02T09:00:02Z"))
        #expect(put.header("ETag") == #"W/"2""#)
        #expect(put.changes.map(\.summary) == ["upsertUser id-1 active"])
        #expect(put.changes.first?.user?.firstName == "Another")
        #expect(put.changes.first?.user?.version == Version(time: Self.time("2026-03-02T09:00:02Z"), event: "scim:User/id-1/0000000002"))

        // The same PUT again changes nothing: no new revision, no change for the engine.
        let again = try await h.send("PUT", "/Users/id-1", body: edited.compactText)
        #expect(again.status == 200 && again.header("ETag") == #"W/"2""# && again.changes.isEmpty && again.eventId == nil)
        #expect(put.eventId == "scim:User/id-1/0000000002")
    }

    @Test func deactivationByPatchKeepsTheUserVisible() async throws {
        let h = SCIMHarness()
        try await h.send("POST", "/Users", body: Self.createBody)
        let deactivate = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#
        let patched = try await h.send("PATCH", "/Users/id-1", body: deactivate)
        #expect(patched.status == 200 && patched.json?["active"] == .bool(false))
        #expect(patched.changes.map(\.summary) == ["upsertUser id-1 inactive"])

        // Q11: still there for GET and for filters, so Okta does not re-POST.
        #expect(try await h.send("GET", "/Users/id-1").json?["active"] == .bool(false))
        #expect(try await h.send("GET", "/Users", query: [("filter", #"userName eq "test.user@okta.local""#)]).ids == ["id-1"])

        // Re-sent: nothing changes.
        #expect(try await h.send("PATCH", "/Users/id-1", body: deactivate).changes.isEmpty)

        let reactivate = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#
        #expect(try await h.send("PATCH", "/Users/id-1", body: reactivate).changes.map(\.summary) == ["upsertUser id-1 active"])

        let password = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"password":"n3w"}}]}"#
        let sync = try await h.send("PATCH", "/Users/id-1", body: password)
        #expect(sync.status == 200 && sync.changes.isEmpty && !sync.text.contains("n3w"))
    }

    @Test func appWizardDeactivatesByPutAndAPutWithoutActiveNeverReactivates() async throws {
        let h = SCIMHarness()
        try await h.send("POST", "/Users", body: Self.createBody)
        let inactive = Self.createBody.replacingOccurrences(#""active":true"#, #""active":false"#)
        let put = try await h.send("PUT", "/Users/id-1", body: inactive)
        #expect(put.status == 200 && put.changes.map(\.summary) == ["upsertUser id-1 inactive"])

        let withoutActive = Self.createBody.replacingOccurrences(#","active":true"#, "").replacingOccurrences("Test User", "T. User")
        let later = try await h.send("PUT", "/Users/id-1", body: withoutActive)
        #expect(later.json?["active"] == .bool(false) && later.changes.map(\.summary) == ["upsertUser id-1 inactive"])
    }

    @Test func importPagesByHundredsInAStableOrder() async throws {
        let h = SCIMHarness()
        var ids: [String] = []
        for i in 1...150 { ids.append(try await h.createUser("user\(i)@okta.local")) }
        let first = try await h.send("GET", "/Users", query: [("startIndex", "1"), ("count", "100")])
        let second = try await h.send("GET", "/Users", query: [("startIndex", "101"), ("count", "100")])
        #expect(first.json?["totalResults"] == .number(150) && first.json?["itemsPerPage"] == .number(100))
        #expect(second.json?["startIndex"] == .number(101) && second.json?["itemsPerPage"] == .number(50))
        #expect(first.ids + second.ids == ids)
    }

    @Test func groupPushRenameMembershipAndUnlink() async throws {
        let h = SCIMHarness()
        let u1 = try await h.createUser("u1@okta.local"), u2 = try await h.createUser("u2@okta.local")
        let pushed = try await h.send("POST", "/Groups", body: #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Test SCIMv2","members":[]}
        """#)
        #expect(pushed.status == 201 && pushed.header("Location") == "https://warden.test/scim/v2/Groups/id-3")
        #expect(pushed.json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"id-3","displayName":"Test SCIMv2",
         "meta":{"resourceType":"Group","created":"2026-03-02T09:00:02Z","lastModified":"2026-03-02T09:00:02Z",
                 "location":"https://warden.test/scim/v2/Groups/id-3","version":"W/\"1\""}}
        """#))
        #expect(pushed.changes.map(\.summary) == ["upsertGroup id-3 Test SCIMv2"])

        let rename = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"id-3","displayName":"Renamed"}}]}"#
        let renamed = try await h.send("PATCH", "/Groups/id-3", body: rename)
        #expect(renamed.status == 200 && renamed.json?["displayName"] == .string("Renamed"))
        #expect(renamed.changes.map(\.summary) == ["upsertGroup id-3 Renamed"])

        let add = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(u1)","display":"u1@okta.local"}]}]}"#
        #expect(try await h.send("PATCH", "/Groups/id-3", body: add).changes.map(\.summary) == ["membership +id-1 id-3"])

        // Q12: the rename is re-sent with every membership update and changes nothing by itself.
        #expect(try await h.send("PATCH", "/Groups/id-3", body: rename).changes.isEmpty)

        let swap = #"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
         {"op":"remove","path":"members[value eq \"\#(u1)\"]"},{"op":"add","path":"members","value":[{"value":"\#(u2)","display":"u2@okta.local"}]}]}
        """#
        let swapped = try await h.send("PATCH", "/Groups/id-3", body: swap)
        #expect(swapped.json?["members"] == .parse(#"[{"value":"id-2","display":"u2@okta.local"}]"#))
        #expect(swapped.changes.map(\.summary) == ["membership -id-1 id-3", "membership +id-2 id-3"])
        if case let .membership(user, group, _, version)? = swapped.changes.last {
            #expect(user.email == "u2@okta.local" && group.name == "Renamed")
            #expect(version == Version(time: Self.time("2026-03-02T09:00:06Z"), event: "scim:Group/id-3/0000000004"))
        }

        // A user's groups follow membership.
        #expect(try await h.send("GET", "/Users/\(u2)").json?["groups"] == .parse(#"""
        [{"value":"id-3","$ref":"https://warden.test/scim/v2/Groups/id-3","display":"Renamed","type":"direct"}]
        """#))
        #expect(try await h.send("GET", "/Users/\(u1)").json?["groups"] == nil)

        // replace with the full list, then the app wizard's PUT with all members
        let replace = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"\#(u1)"},{"value":"\#(u2)"}]}]}"#
        #expect(try await h.send("PATCH", "/Groups/id-3", body: replace).changes.map(\.summary) == ["membership +id-1 id-3"])
        let put = try await h.send("PUT", "/Groups/id-3", body: #"{"displayName":"Renamed","members":[{"value":"\#(u1)"}]}"#)
        #expect(put.changes.map(\.summary) == ["membership -id-2 id-3"])

        let unlinked = try await h.send("DELETE", "/Groups/id-3")
        #expect(unlinked.status == 204 && unlinked.text.isEmpty && unlinked.changes.map(\.summary) == ["deleteGroup id-3"])
        #expect(try await h.send("GET", "/Groups/id-3").status == 404)
        #expect(try await h.send("GET", "/Users/\(u1)").json?["groups"] == nil)
    }

    @Test func membersThatAreNotUsersOfTheDirectoryAreDropped() async throws {
        let h = SCIMHarness()
        let u1 = try await h.createUser("u1@okta.local")
        let group = try await h.createGroup("G")
        let reply = try await h.send("PATCH", "/Groups/\(group)", body: #"""
        {"Operations":[{"op":"add","path":"members","value":[{"value":"nobody"},{"value":"\#(group)"},{"value":"\#(u1)"},{"value":"\#(u1)"}]}]}
        """#)
        #expect(reply.status == 200 && reply.json?["members"] == .parse(#"[{"value":"\#(u1)"}]"#))
        #expect(reply.changes.map(\.summary) == ["membership +id-1 id-2"])
        let none = try await h.send("PATCH", "/Groups/\(group)", body: #"{"Operations":[{"op":"add","path":"members","value":[{"value":"ghost"}]}]}"#)
        #expect(none.status == 200 && none.changes.isEmpty && none.header("ETag") == #"W/"2""#)
        let post = try await h.send("POST", "/Groups", body: #"{"displayName":"H","members":[{"value":"nobody"}]}"#)
        #expect(post.status == 201 && post.json?["members"] == nil && post.changes.map(\.summary) == ["upsertGroup id-3 H"])
        let nameless = try await h.send("POST", "/Groups", body: #"{"displayName":"I","members":[{"display":"no value"}]}"#)
        #expect(nameless.status == 400 && nameless.scimType == "invalidValue" && nameless.detail == "each member needs a `value`: the id of a user")
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var out = "", rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
