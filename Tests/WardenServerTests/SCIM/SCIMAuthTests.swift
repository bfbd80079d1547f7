import Foundation
import HTTPTypes
import Testing
import WardenPolicy
import WardenServer

/// Bearer tokens on `/scim/v2`: one per IdP connection, each naming its directory; refused
/// tokens, unconfigured routes, oversized bodies, and the tokens file.
@Suite struct SCIMAuthTests {
    @Test func missingWrongAndAPITokensAre401WithASCIMErrorAndTheSCIMTokenIsRefusedOnTheAPI() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            for token in [nil, "wrong-token-0123456789", ServerFixture.token, SCIMServer.oktaToken + "x"] {
                let reply = try await c.send(.get, "/Users", token: token)
                #expect(reply.status == 401 && reply.headers[.wwwAuthenticate] == #"Bearer realm="warden-scim""#, "\(token ?? "none")")
                #expect(reply.contentType == "application/scim+json" && reply.json["status"] == .string("401"))
                #expect(reply.json["schemas"] == .parse(#"["urn:ietf:params:scim:api:messages:2.0:Error"]"#))
            }
            let basic = try await c.send(.get, "/Users", token: nil, headers: [.authorization: "Basic b2t0YTpzM2NyM3Q="])
            #expect(basic.status == 401)
            #expect(try await c.send(.get, "/Users", token: nil, headers: [.authorization: "bearer \(SCIMServer.oktaToken)"]).status == 200)
            try await c.client.execute(uri: "/api/v1/actions", method: .get, headers: [.authorization: "Bearer \(SCIMServer.oktaToken)"]) { r in
                #expect(r.status == .unauthorized)
            }
            try await c.client.execute(uri: "/api/v1/actions", method: .get, headers: ServerFixture.bearer) { r in #expect(r.status == .ok) }
        }
    }

    @Test func eachTokenSeesOnlyItsDirectory() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            try await c.create("/Users", #"{"userName":"same@example.com"}"#, token: SCIMServer.oktaToken)
            // The same userName is free in the other directory.
            try await c.create("/Users", #"{"userName":"same@example.com"}"#, token: SCIMServer.entraToken)
            #expect(try await c.send(.get, "/Users", token: SCIMServer.oktaToken).ids == ["u1"])
            #expect(try await c.send(.get, "/Users", token: SCIMServer.entraToken).ids == ["u2"])
            #expect(try await c.send(.get, "/Users/u1", token: SCIMServer.entraToken).status == 404)
            #expect(try await c.send(.delete, "/Users/u1", token: SCIMServer.entraToken).status == 404)
        }
        let users = try server.store().loadState().directory.users
        #expect(users.map(\.id) == ["u1", "u2"] && users.map(\.directoryId) == [SCIMServer.okta, SCIMServer.entra])
    }

    @Test func withoutASCIMTokenTheRouteAnswers503() async throws {
        let server = try SCIMServer(scim: false)
        try await server.run { c in
            let reply = try await c.send(.get, "/ServiceProviderConfig", token: SCIMServer.oktaToken)
            #expect(reply.status == 503 && reply.json["status"] == .string("503") && reply.contentType == "application/scim+json")
        }
    }

    @Test func oversizedBodiesAre413AndChangeNothing() async throws {
        let server = try SCIMServer()
        try await server.run { c in
            let huge = #"{"userName":"big@example.com","title":""# + String(repeating: "x", count: 1 << 20) + #""}"#
            let reply = try await c.send(.post, "/Users", huge)
            #expect(reply.status == 413 && reply.json["status"] == .string("413"))
            #expect(try await c.send(.get, "/Users").ids.isEmpty)
        }
        #expect(try server.store().eventCount() == 0)
    }

    @Test func tokensComeFromTheEnvironmentAndTheTokensFileInPlainOrHashedForm() throws {
        let hashed = "entra-token-abcdefghijklmnop"
        let digest = TokenSet.digest(hashed).map { String(format: "%02x", $0) }.joined()
        let file = """
        # directory        token
        directory_okta     okta-token-abcdefghijklmnop

        directory_entra    sha256:\(digest)
        """
        let config = try ServerConfig.load(environment: [
            "WARDEN_SCIM_TOKEN": "single-token-abcdefghijklmnop", "WARDEN_SCIM_TOKENS": file, "WARDEN_API_TOKEN": "api-token",
        ])
        #expect(config.scimTokens.label(for: "single-token-abcdefghijklmnop") == ServerConfig.defaultSCIMDirectory)
        #expect(config.scimTokens.label(for: "okta-token-abcdefghijklmnop") == "directory_okta")
        #expect(config.scimTokens.label(for: hashed) == "directory_entra")
        #expect(config.scimTokens.label(for: "sha256:\(digest)") == nil && config.scimTokens.label(for: "api-token") == nil)
        let named = try ServerConfig.load(environment: ["WARDEN_SCIM_TOKEN": "single-token-abcdefghijklmnop", "WARDEN_SCIM_DIRECTORY": "directory_x"])
        #expect(named.scimTokens.label(for: "single-token-abcdefghijklmnop") == "directory_x")
    }

    @Test(arguments: [
        ("directory_a", "WARDEN_SCIM_TOKENS line 1: expected `DIRECTORY_ID TOKEN` (or `DIRECTORY_ID sha256:HEX`)"),
        ("directory_a short", "WARDEN_SCIM_TOKENS line 1: a SCIM token needs at least 16 characters"),
        ("directory_a sha256:abc", "WARDEN_SCIM_TOKENS line 1: `sha256:` must be followed by 64 hex digits"),
        ("dir/a token-abcdefghijklmnop", "WARDEN_SCIM_TOKENS line 1: directory id `dir/a` must be letters, digits, `.`, `_`, `:` or `-`"),
        ("a token-abcdefghijklmnop\n\nb token-abcdefghijklmnop", "WARDEN_SCIM_TOKENS line 3: this token is already configured"),
        ("a api-token-abcdefghijklmnop", "a SCIM token must differ from WARDEN_API_TOKEN"),
    ])
    func badTokensFilesAreRefusedSayingWhereWithoutTheToken(_ text: String, _ message: String) {
        #expect {
            _ = try ServerConfig.load(environment: ["WARDEN_SCIM_TOKENS": text, "WARDEN_API_TOKEN": "api-token-abcdefghijklmnop"])
        } throws: { error in
            (error as? ConfigError)?.description == message
        }
    }
}
