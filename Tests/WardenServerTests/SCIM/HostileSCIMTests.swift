import Foundation
import Testing
import WardenPolicy

/// SCIM requests built to hurt, through the server onto SQLite: deep bodies, huge PATCHes,
/// absurd paging, deep filters, SQL-looking values, NUL. Each gets its exact status and
/// `scimType`; refused requests change nothing; odd values are stored and returned verbatim.
@Suite(.timeLimit(.minutes(1))) struct HostileSCIMTests {
    static func dump(_ server: SCIMServer) throws -> String {
        try server.store().dump(directories: [SCIMServer.okta, SCIMServer.entra])
    }

    @Test(arguments: [33, 10_000])
    func aBodyNestedTooDeepIs400InvalidSyntaxAndChangesNothing(_ depth: Int) async throws {
        let server = try SCIMServer()
        let body = #"{"userName":"deep@example.com","x":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        try await server.run { c in
            let reply = try await c.send(.post, "/Users", body)
            #expect(reply.status == 400 && reply.scimType == "invalidSyntax")
            #expect(reply.json["detail"] == .string("malformed JSON at line 1, column 67: nested deeper than 32 levels"))
        }
        #expect(try server.store().eventCount() == 0)
    }

    @Test func aPatchOf100000OperationsIs413AndChangesNothing() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let id = try await c.create("/Users", #"{"userName":"ada@example.com"}"#)
            let before = try Self.dump(server)
            let op = #"{"op":"replace","path":"title","value":"x"}"#
            let reply = try await c.send(.patch, "/Users/\(id)", Patch.ops("[" + Array(repeating: op, count: 100_000).joined(separator: ",") + "]"))
            #expect(reply.status == 413 && reply.json["status"] == .string("413"))
            #expect(try Self.dump(server) == before)
        }
    }

    /// A 1 MiB body holds 16,000 one-member adds, which took minutes to apply (each walks the
    /// members): at most 1,000 operations are taken, and those are applied promptly.
    @Test(arguments: [(1_001, 413), (1_000, 200)])
    func aPatchOfManyOperationsIsCappedAndTheCapIsAppliedPromptly(_ count: Int, _ status: Int) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let user = try await c.create("/Users", #"{"userName":"ada@example.com"}"#)
            let group = try await c.create("/Groups", #"{"displayName":"Big"}"#)
            let before = try Self.dump(server)
            let ops = (1..<count).map { #"{"op":"add","path":"members","value":[{"value":"m\#($0)"}]}"# }
                + [#"{"op":"add","path":"members","value":[{"value":"\#(user)"}]}"#]
            let reply = try await c.send(.patch, "/Groups/\(group)", Patch.ops("[" + ops.joined(separator: ",") + "]"))
            #expect(reply.status == status, "\(reply.text.prefix(300))")
            if status == 413 {
                #expect(reply.json["detail"] == .string("a PATCH may hold at most 1000 operations, not 1001; send the rest in another request"))
                #expect(try Self.dump(server) == before)
            } else {
                #expect(reply.json["members"]?.items?.compactMap { $0["value"]?.stringValue } == [user], "unknown members are dropped")
            }
        }
    }

    @Test(arguments: [
        ("count=1000000000", 200, "3 1 3"), ("count=-1", 200, "3 1 0"), ("startIndex=-5&count=2", 200, "3 1 2"),
        ("startIndex=1000000", 200, "3 1000000 0"),
    ])
    func pagingOutOfRangeIsClamped(_ query: String, _ status: Int, _ page: String) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            for name in ["a", "b", "c"] { _ = try await c.create("/Users", #"{"userName":"\#(name)@example.com"}"#) }
            let reply = try await c.send(.get, "/Users?\(query)")
            #expect(reply.status == status)
            #expect(["totalResults", "startIndex"].map { reply.json[$0]?.compactText ?? "-" }.joined(separator: " ") + " \(reply.ids.count)" == page)
        }
    }

    @Test(arguments: ["count=99999999999999999999", "startIndex=1e3", "count=%00"])
    func pagingThatIsNotAnIntegerIs400InvalidValue(_ query: String) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let reply = try await c.send(.get, "/Users?\(query)")
            #expect(reply.status == 400 && reply.scimType == "invalidValue", "\(reply.text)")
        }
    }

    @Test(arguments: [
        (10_000, "invalid filter: longer than 4096 characters"),
        (2_000, "invalid filter: nested more than 32 levels deep at character 33"),
    ])
    func filtersNestedDeepAre400InvalidFilter(_ depth: Int, _ detail: String) async throws {
        let server = try SCIMServer()
        let filter = String(repeating: "(", count: depth) + "userName pr" + String(repeating: ")", count: depth)
        try await server.run { c in
            let reply = try await c.send(.get, "/Users?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(reply.status == 400 && reply.scimType == "invalidFilter" && reply.json["detail"] == .string(detail))
        }
    }

    static let injections = [
        "' OR 1=1 --", #""; DROP TABLE scim_resources; --"#, "Robert'); DROP TABLE users;--", "%", "_", "*", #"\"#, "u1",
    ]

    /// Filters are parsed by Warden and only their values reach SQL, as bound parameters.
    @Test func injectionLookingUserNamesAreStoredReturnedAndFoundVerbatim() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            var ids: [String: String] = [:]
            for name in Self.injections {
                let body = JSONValue.object([("userName", .string(name)), ("externalId", .string(name))]).compactText
                ids[name] = try await c.create("/Users", body)
            }
            for name in Self.injections {
                let id = try #require(ids[name])
                #expect(try await c.send(.get, "/Users/\(id)").json["userName"] == .string(name))
                for attribute in ["userName", "externalId"] {
                    let filter = "\(attribute) eq \(JSONValue.string(name).compactText)"
                    let found = try await c.send(.get, "/Users?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                    #expect(found.status == 200 && found.ids == [id], "\(filter)")
                }
            }
            let starts = try await c.send(.get, "/Users?filter=" + #"userName sw "%""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(starts.ids == [ids["%"]!], "`%` is a character, not a wildcard")
            #expect(try await c.send(.get, "/Users").ids.count == Self.injections.count)
        }
        #expect(try server.store().eventCount() == Self.injections.count)
    }

    @Test(arguments: [#"userName eq "x" or 1=1"#, #"userName eq "x"; DROP TABLE events"#, "userName eq x' OR '1'='1"])
    func sqlInAFilterIs400InvalidFilter(_ filter: String) async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let reply = try await c.send(.get, "/Users?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(reply.status == 400 && reply.scimType == "invalidFilter", "\(reply.text)")
        }
    }

    /// SQLite would store `ada\u0000x` as `ada` (taking `ada`'s place), and look `u1%00x` up as `u1`.
    @Test func aNULInABodyIsRefusedAndInAPathNamesNoResource() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let nul = try await c.send(.post, "/Users", #"{"userName":"ada\u0000x"}"#)
            #expect(nul.status == 400 && nul.scimType == "invalidSyntax")
            let id = try await c.create("/Users", #"{"userName":"ada"}"#)
            let before = try Self.dump(server)
            #expect(try await c.send(.get, "/Users/\(id)%00x").status == 404)
            #expect(try await c.send(.delete, "/Users/\(id)%00x").status == 404)
            let filter = try await c.send(.get, "/Users?filter=" + #"id eq "\#(id)\u0000x""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(filter.status == 400 && filter.scimType == "invalidFilter")
            #expect(try Self.dump(server) == before)
        }
    }
}
