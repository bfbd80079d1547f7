import Testing
import WardenEngine
import WardenPolicy
@testable import WardenSCIM

/// RFC 7644 protocol behaviour: routing, status codes, bodies, paging, attribute selection,
/// ETags, atomic PATCH and directory scoping.
@Suite struct ServiceProtocolTests {
    @Test(arguments: ["/", "/Foo", "/Users/id-1/extra", "/Schemas/a/b", "/scim/v2/Users"])
    func unknownPathsAre404(_ path: String) async throws {
        let reply = try await SCIMHarness().send("GET", path)
        #expect(reply.status == 404 && reply.json?["status"] == .string("404"))
        #expect(reply.json?["schemas"] == .parse(#"["urn:ietf:params:scim:api:messages:2.0:Error"]"#))
    }

    @Test(arguments: ["/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas",
                      "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"])
    func discoveryWritesAre405(_ path: String) async throws {
        let h = SCIMHarness()
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let reply = try await h.send(method, path, body: "{}")
            #expect(reply.status == 405 && reply.header("Allow") == "GET" && reply.json?["status"] == .string("405"), "\(method) \(path)")
        }
    }

    @Test func methodsTheRouteDoesNotTakeAre405() async throws {
        let h = SCIMHarness()
        #expect(try await h.send("PUT", "/Users", body: "{}").header("Allow") == "GET, POST")
        #expect(try await h.send("POST", "/Users/id-1", body: "{}").header("Allow") == "GET, PUT, PATCH, DELETE")
        #expect(try await h.send("GET", "/.search").header("Allow") == "POST")
    }

    @Test func bulkAndMeAreNotImplemented() async throws {
        let h = SCIMHarness()
        #expect(try await h.send("POST", "/Bulk", body: "{}").status == 501)
        #expect(try await h.send("GET", "/Me").status == 501)
    }

    @Test func serviceProviderConfig() async throws {
        let reply = try await SCIMHarness().send("GET", "/ServiceProviderConfig")
        #expect(reply.status == 200 && reply.header("Content-Type") == "application/scim+json")
        #expect(reply.json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"documentationUri":"https://www.rfc-editor.org/info/rfc7644",
         "patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},
         "filter":{"supported":true,"maxResults":200},"changePassword":{"supported":false},"sort":{"supported":false},
         "etag":{"supported":true},"authenticationSchemes":[{"type":"oauthbearertoken","name":"OAuth Bearer Token",
         "description":"Bearer token in the Authorization header","specUri":"https://www.rfc-editor.org/info/rfc6750","primary":true}],
         "meta":{"resourceType":"ServiceProviderConfig","location":"https://warden.test/scim/v2/ServiceProviderConfig"}}
        """#))
    }

    @Test func resourceTypesAndSchemas() async throws {
        let h = SCIMHarness()
        let types = try await h.send("GET", "/ResourceTypes")
        #expect(types.ids == ["User", "Group"] && types.json?["totalResults"] == .number(2))
        #expect(try await h.send("GET", "/ResourceTypes/User").json == .parse(#"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"id":"User","name":"User","endpoint":"/Users",
         "description":"User Account","schema":"urn:ietf:params:scim:schemas:core:2.0:User",
         "schemaExtensions":[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":false}],
         "meta":{"resourceType":"ResourceType","location":"https://warden.test/scim/v2/ResourceTypes/User"}}
        """#))
        #expect(try await h.send("GET", "/ResourceTypes/Group").json?["endpoint"] == .string("/Groups"))
        #expect(try await h.send("GET", "/ResourceTypes/Device").status == 404)

        let enterprise = try await h.send("GET", "/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Aenterprise%3A2.0%3AUser")
        #expect(enterprise.json?["attributes"]?.arrayItems?.compactMap { $0["name"]?.stringValue }
                == ["employeeNumber", "costCenter", "organization", "division", "department", "manager"])
        let user = try #require(try await h.send("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json)
        let names = user["attributes"]?.arrayItems?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(!names.contains("password") && names.contains("groups") && names.first == "userName")
        #expect(user["attributes"]?.arrayItems?.first == .parse(#"""
        {"name":"userName","type":"string","multiValued":false,
         "description":"Unique identifier for the user, used to sign in; compared without regard to case.","required":true,
         "caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"}
        """#))
        #expect(user["meta"] == .parse(#"""
        {"resourceType":"Schema","location":"https://warden.test/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"}
        """#))
        #expect(try await h.send("GET", "/Schemas/urn:example:nope").status == 404)
    }

    @Test func malformedAndOversizedBodies() async throws {
        let h = SCIMHarness(maxBodyBytes: 64)
        let broken = try await h.send("POST", "/Users", body: "{\"userName\": \"a\",\n \"active\": tru }")
        #expect(broken.status == 400 && broken.scimType == "invalidSyntax")
        #expect(broken.detail == "malformed JSON at line 2, column 12: invalid literal")
        #expect(try await h.send("POST", "/Users", body: "[1]").detail == "the body must be a JSON object, found a list")
        #expect(try await h.send("POST", "/Users", body: "").detail == "the request body is empty")
        let big = try await h.send("POST", "/Users", body: #"{"userName":"\#(String(repeating: "x", count: 64))"}"#)
        #expect(big.status == 413 && big.json?["status"] == .string("413"))
        let form = try await h.send("POST", "/Users", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "userName=a")
        #expect(form.status == 415)
        let json = try await h.send("POST", "/Users", headers: [("content-type", "application/json; charset=utf-8")], body: #"{"userName":"a"}"#)
        #expect(json.status == 201)
        let scim = try await h.send("POST", "/Users", headers: [("Content-Type", "application/scim+json; charset=utf-8")], body: #"{"userName":"b"}"#)
        #expect(scim.status == 201)
    }

    @Test(arguments: [
        (#"{"name":{"givenName":"No"}}"#, "`userName` is required"),
        (#"{"userName":""}"#, "`userName` is required"),
        (#"{"userName":null}"#, "`userName` is required"),
        (#"{"userName":"a","active":"yes"}"#, "`active` must be a boolean, found a string"),
        (#"{"userName":"a","emails":[{"value":"a@x","primary":1}]}"#, "`emails.primary` must be a boolean, found a number"),
        (#"{"userName":"a","name":"Ada"}"#, "`name` must be an object, found a string"),
        (#"{"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"x"}"#,
         "`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` must be an object, found a string"),
    ])
    func invalidUserBodies(_ body: String, _ detail: String) async throws {
        let reply = try await SCIMHarness().send("POST", "/Users", body: body)
        #expect(reply.status == 400 && reply.scimType == "invalidValue" && reply.detail == detail)
    }

    @Test func groupsNeedADisplayName() async throws {
        let reply = try await SCIMHarness().send("POST", "/Groups", body: #"{"members":[]}"#)
        #expect(reply.status == 400 && reply.scimType == "invalidValue" && reply.detail == "`displayName` is required")
    }

    @Test func putNeverCreatesAndIgnoresReadOnlyValues() async throws {
        let h = SCIMHarness()
        #expect(try await h.send("PUT", "/Users/ghost", body: #"{"userName":"g"}"#).status == 404)
        let id = try await h.createUser("a@x.com", extra: #","title":"T","nickName":"N""#)
        let put = try await h.send("PUT", "/Users/\(id)", body: #"""
        {"id":"other","userName":"a@x.com","title":"T2","meta":{"created":"1999-01-01T00:00:00Z"},"groups":[{"value":"g"}]}
        """#)
        #expect(put.json?["id"] == .string(id) && put.json?.at("meta.created") == .string("2026-03-02T09:00:01Z"))
        #expect(put.json?["nickName"] == nil && put.json?["title"] == .string("T2") && put.json?["groups"] == nil)
    }

    @Test func patchIsAtomic() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("a@x.com", extra: #","title":"Before""#)
        let reply = try await h.send("PATCH", "/Users/\(id)", body: #"""
        {"Operations":[{"op":"replace","path":"title","value":"After"},{"op":"add","path":"active","value":"sometimes"}]}
        """#)
        #expect(reply.status == 400 && reply.scimType == "invalidValue" && reply.changes.isEmpty)
        let stored = try #require(await h.stored(.user, id))
        #expect(stored.revision == 1 && stored.attributes["title"] == .string("Before"))
        #expect(await h.repository.journal.map(\.summary) == ["upsertUser id-1 active"])
    }

    @Test func userNameChangesKeepUniqueness() async throws {
        let h = SCIMHarness()
        let a = try await h.createUser("a@x.com"), b = try await h.createUser("b@x.com")
        let clash = try await h.send("PATCH", "/Users/\(b)", body: #"{"Operations":[{"op":"replace","path":"userName","value":"A@X.COM"}]}"#)
        #expect(clash.status == 409 && clash.scimType == "uniqueness")
        let recase = try await h.send("PATCH", "/Users/\(a)", body: #"{"Operations":[{"op":"replace","path":"userName","value":"A@X.COM"}]}"#)
        #expect(recase.status == 200 && recase.json?["userName"] == .string("A@X.COM"))
        let removal = try await h.send("PATCH", "/Users/\(a)", body: #"{"Operations":[{"op":"remove","path":"userName"}]}"#)
        #expect(removal.status == 400 && removal.detail == "`userName` is required")
    }

    @Test func pagingParameters() async throws {
        let h = SCIMHarness(maxResults: 3)
        for i in 1...5 { try await h.createUser("u\(i)") }
        func page(_ query: [(String, String)]) async throws -> (Int?, Int?, [String]) {
            let reply = try await h.send("GET", "/Users", query: query)
            guard case .number(let total)? = reply.json?["totalResults"], case .number(let start)? = reply.json?["startIndex"] else {
                return (nil, nil, [])
            }
            return (Int(total), Int(start), reply.ids)
        }
        #expect(try await page([]) == (5, 1, ["id-1", "id-2", "id-3"]))
        #expect(try await page([("startIndex", "0"), ("count", "2")]) == (5, 1, ["id-1", "id-2"]))
        #expect(try await page([("startIndex", "-4"), ("count", "-1")]) == (5, 1, []))
        #expect(try await page([("startIndex", "4"), ("count", "1000")]) == (5, 4, ["id-4", "id-5"]))
        #expect(try await page([("startIndex", "9")]) == (5, 9, []))
        #expect(try await page([("count", "0")]) == (5, 1, []))
        let bad = try await h.send("GET", "/Users", query: [("count", "ten")])
        #expect(bad.status == 400 && bad.detail == "`count` must be an integer, found `ten`")
    }

    @Test func invalidFiltersAreNeverIgnored() async throws {
        let h = SCIMHarness()
        try await h.createUser("a@x.com")
        let reply = try await h.send("GET", "/Users", query: [("filter", #"userName eq "a@x.com" and"#)])
        #expect(reply.status == 400 && reply.scimType == "invalidFilter")
        #expect(reply.detail == "invalid filter: expected an attribute name, found the end at character 26")
        #expect(try await h.send("GET", "/Users", query: [("filter", #"nickname sw "A""#)]).status == 200)
        #expect(try await h.send("GET", "/Groups", query: [("filter", #"userName eq "a@x.com""#)]).scimType == "invalidFilter")
    }

    @Test func attributesAndExcludedAttributes() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("a@x.com", extra: #"""
        ,"name":{"givenName":"Ada","familyName":"L"},"emails":[{"value":"a@x.com","type":"work"}],"title":"T",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"D","division":"V"}
        """#)
        func get(_ name: String, _ value: String) async throws -> JSONValue? {
            try await h.send("GET", "/Users/\(id)", query: [(name, value)]).json
        }
        let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        #expect(try await get("attributes", "userName").map(Self.keys) == ["schemas", "id", "userName"])
        #expect(try await get("attributes", "NAME.givenName,emails.value")?["name"] == .parse(#"{"givenName":"Ada"}"#))
        #expect(try await get("attributes", "emails.value")?["emails"] == .parse(#"[{"value":"a@x.com"}]"#))
        #expect(try await get("attributes", "\(ent):department")?[ent] == .parse(#"{"department":"D"}"#))
        #expect(try await get("attributes", ent).map(Self.keys) == ["schemas", "id", ent])
        #expect(try await get("attributes", "meta.version,id")?["meta"] == .parse(#"{"version":"W/\"1\""}"#))
        let excluded = try #require(try await get("excludedAttributes", "emails, name.givenName ,\(ent):division,id,schemas"))
        #expect(Self.keys(excluded) == ["schemas", "id", "userName", "name", "title", ent, "meta"])
        #expect(excluded["name"] == .parse(#"{"familyName":"L"}"#) && excluded[ent] == .parse(#"{"department":"D"}"#))
        #expect(try await get("excludedAttributes", ent).map(Self.keys) == ["schemas", "id", "userName", "name", "title", "emails", "meta"])
        let both = try await h.send("GET", "/Users/\(id)", query: [("attributes", "userName"), ("excludedAttributes", "title")])
        #expect(both.status == 400 && both.scimType == "invalidSyntax")
        let listed = try await h.send("GET", "/Users", query: [("attributes", "userName")])
        #expect(listed.resources.map(Self.keys) == [["schemas", "id", "userName"]])
    }

    @Test func searchEndpoints() async throws {
        let h = SCIMHarness()
        let a = try await h.createUser("a@x.com"), b = try await h.createUser("b@x.com")
        let g = try await h.createGroup("Admins", members: [a])
        let typed = try await h.send("POST", "/Users/.search", body: #"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \"B\"","attributes":["userName"],"startIndex":1,"count":10}
        """#)
        #expect(typed.status == 200 && typed.ids == [b] && typed.resources.first.map(Self.keys) == ["schemas", "id", "userName"])

        let root = try await h.send("POST", "/.search", body: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]}"#)
        #expect(root.ids == [a, b, g] && root.json?["totalResults"] == .number(3))
        let window = try await h.send("POST", "/.search", body: #"{"startIndex":2,"count":2,"excludedAttributes":["members","groups"]}"#)
        #expect(window.ids == [b, g] && window.json?["totalResults"] == .number(3) && window.resources.last?["members"] == nil)
        let groupsOnly = try await h.send("POST", "/.search", body: #"{"filter":"displayName eq \"admins\" and members[value eq \"\#(a)\"]"}"#)
        #expect(groupsOnly.ids == [g] && groupsOnly.json?["totalResults"] == .number(1))
        let neither = try await h.send("POST", "/.search", body: #"{"filter":"bogus pr"}"#)
        #expect(neither.status == 400 && neither.detail == "invalid filter: unknown attribute `bogus` for User resources at character 1")
        #expect(try await h.send("POST", "/.search", body: #"{"filter":7}"#).scimType == "invalidFilter")
    }

    @Test func entityTags() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("a@x.com")
        let unchanged = try await h.send("GET", "/Users/\(id)", headers: [("If-None-Match", #"W/"1""#)])
        #expect(unchanged.status == 304 && unchanged.text.isEmpty && unchanged.header("ETag") == #"W/"1""#)
        #expect(try await h.send("GET", "/Users/\(id)", headers: [("If-None-Match", #"W/"0""#)]).status == 200)

        let title = #"{"Operations":[{"op":"add","path":"title","value":"T"}]}"#
        let stale = try await h.send("PATCH", "/Users/\(id)", headers: [("If-Match", #"W/"7""#)], body: title)
        #expect(stale.status == 412 && stale.changes.isEmpty && stale.detail == #"the resource has changed; its version is now W/"1""#)
        #expect(await h.stored(.user, id)?.revision == 1)
        #expect(try await h.send("PATCH", "/Users/\(id)", headers: [("If-Match", #""0", W/"1""#)], body: title).status == 200)
        #expect(try await h.send("PUT", "/Users/\(id)", headers: [("If-Match", #"W/"1""#)], body: #"{"userName":"a@x.com"}"#).status == 412)
        #expect(try await h.send("DELETE", "/Users/\(id)", headers: [("If-Match", "*")]).status == 204)
    }

    @Test func directoriesDoNotSeeEachOther() async throws {
        let h = SCIMHarness()
        let id = try await h.createUser("a@x.com")
        #expect(try await h.send("GET", "/Users/\(id)", directory: "dir_2").status == 404)
        #expect(try await h.send("GET", "/Users", directory: "dir_2").ids.isEmpty)
        let same = try await h.send("POST", "/Users", body: #"{"userName":"a@x.com"}"#, directory: "dir_2")
        #expect(same.status == 201 && same.changes.first?.user?.directoryId == "dir_2")
        let member = try await h.send("POST", "/Groups", body: #"{"displayName":"G","members":[{"value":"\#(id)"}]}"#, directory: "dir_2")
        #expect(member.status == 201 && member.json?["members"] == nil && member.changes.map(\.summary) == ["upsertGroup id-3 G"])
    }

    @Test func concurrentChangesAreRetried() async throws {
        let repository = ConflictingOnce(InMemorySCIMRepository())
        let service = SCIMService(repository: repository, configuration: .init(baseURL: SCIMHarness.baseURL, makeId: { "u" }))
        func send(_ method: String, _ path: String, _ body: String) async throws -> SCIMResponse {
            try await service.handle(SCIMRequest(method: method, path: path, body: Array(body.utf8), directoryId: "d", now: SCIMHarness.start))
        }
        #expect(try await send("POST", "/Users", #"{"userName":"a"}"#).status == 201)
        let reply = try await send("PATCH", "/Users/u", #"{"Operations":[{"op":"add","path":"title","value":"T"}]}"#)
        #expect(reply.status == 200 && repository.commits.withLock { $0 } == 3)
    }

    static func keys(_ value: JSONValue) -> [String] { value.objectPairs?.map(\.0) ?? [] }
}

import Synchronization

/// Fails the second commit with a conflict, as if another request had got there first.
final class ConflictingOnce: SCIMRepository {
    let base: InMemorySCIMRepository
    let commits = Mutex(0)

    init(_ base: InMemorySCIMRepository) { self.base = base }

    func resource(_ type: SCIMResourceType, id: String, directoryId: String) async throws -> SCIMResource? {
        await base.resource(type, id: id, directoryId: directoryId)
    }

    func list(_ query: SCIMListQuery) async throws -> SCIMPage { await base.list(query) }

    func user(userName: String, directoryId: String) async throws -> SCIMResource? {
        await base.user(userName: userName, directoryId: directoryId)
    }

    func groups(withMember userId: String, directoryId: String) async throws -> [SCIMResource] {
        await base.groups(withMember: userId, directoryId: directoryId)
    }

    func commit(_ writes: [SCIMWrite], changes: [DirectoryChange], directoryId: String) async throws {
        let n = commits.withLock { $0 += 1; return $0 }
        if n == 2, case .replace(let resource, _)? = writes.first { throw SCIMRepositoryError.conflict(resource.type, id: resource.id) }
        try await base.commit(writes, changes: changes, directoryId: directoryId)
    }
}
