import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Synchronization
import Testing
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenServer
import WardenStore
import WardenTesting

/// Each credential opens only its own routes. Every route the router registers (so a new one
/// cannot be forgotten) answers 401 with no credential and with each of the others', and the
/// store is unchanged afterwards; with its own credential each request gets through. No secret
/// reaches the log or the database, and secrets may come from files.
@Suite struct CredentialSeparationTests {
    /// What a request can carry.
    enum Credential: String, CaseIterable, Sendable {
        case none, apiToken, scimToken
        /// `WorkOS-Signature` made with the webhook secret.
        case webhookSignature
        /// The webhook secret sent as a bearer token.
        case webhookSecretAsBearer
        /// Signatures made with the API token or a SCIM token as the secret.
        case signedWithAPIToken, signedWithSCIMToken

        func headers(body: String) -> HTTPFields {
            switch self {
            case .none: return [:]
            case .apiToken: return [.authorization: "Bearer \(ServerFixture.token)"]
            case .scimToken: return [.authorization: "Bearer \(SCIMServer.oktaToken)"]
            case .webhookSignature: return ServerFixture.signed(body)
            case .webhookSecretAsBearer: return [.authorization: "Bearer \(ServerFixture.secret)"]
            case .signedWithAPIToken: return ServerFixture.signed(body, secret: ServerFixture.token)
            case .signedWithSCIMToken: return ServerFixture.signed(body, secret: SCIMServer.oktaToken)
            }
        }
    }

    /// Routes anyone may call: probes and metrics, read-only.
    static let publicPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    /// The credential a route takes, by its path.
    static func credential(of path: String) -> Credential? {
        if path.hasPrefix("/webhooks/") { return .webhookSignature }
        if path.hasPrefix("/api/") || path.hasPrefix("/reports/") { return .apiToken }
        if path == "/scim/v2" || path.hasPrefix("/scim/v2/") { return .scimToken }
        return nil
    }

    /// One request to send.
    struct Probe: CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String
        var description: String { "\(method) \(uri)" }
    }

    /// One registered route.
    struct Route: Sendable, CustomStringConvertible {
        var path: String
        var method: HTTPRequest.Method
        var description: String { "\(method) \(path)" }
    }

    /// The routes of a router with every route of the server, on a database with events, actions
    /// and SCIM resources (user `u1`, group `u2`) to act on.
    struct Subject: Sendable {
        let server: SCIMServer
        let routes: [Route]
        let actionId: String

        /// The subject, and the router to test it through.
        static func make() async throws -> (Subject, Router<BasicRequestContext>) {
            let server = try SCIMServer()
            let ids = Counter()
            let host = try EngineHost(databasePath: server.fixture.config.databasePath, policies: ServerFixture.policies,
                                      clock: { ServerFixture.now })
            let router = buildRouter(host: host, config: server.fixture.config, clock: { ServerFixture.now }, makeSCIMId: { "u\(ids.next())" })
            for line in ServerFixture.examples.prefix(60) { _ = try await host.ingestWebhook(InputEvent(parsing: Array(line.utf8))) }
            let actionId = try #require(try host.store.actions(ActionQuery(statuses: [.pending], limit: 1)).first?.id)
            let routes = router.routes.map { Route(path: $0.path.description, method: $0.method) }
            return (Subject(server: server, routes: routes, actionId: actionId), router)
        }

        /// SCIM user `u1` and group `u2`, for the probes to change.
        func seed(_ client: some TestClientProtocol) async throws {
            for (endpoint, body) in [("/Users", #"{"userName":"seed@example.com"}"#), ("/Groups", #"{"displayName":"Seed"}"#)] {
                let status = try await send(client, Probe(method: .post, uri: "/scim/v2" + endpoint, body: body), .scimToken)
                try #require(status == .created)
            }
        }

        func dump() throws -> String { try server.store().dump(directories: [SCIMServer.okta, SCIMServer.entra]) }

        /// The requests that exercise a route: captures filled in, `**` as the SCIM endpoints.
        func probes(_ route: Route) -> [Probe] {
            let path = route.path
                .replacingOccurrences(of: "{id}/ack", with: "\(actionId)/ack")
                .replacingOccurrences(of: "{id}/explain", with: "ada.lovelace@example.com/explain")
                .replacingOccurrences(of: "{owner}", with: "platform")
            #expect(!path.contains("{") && !path.contains(":"), "\(route): a capture this test does not know how to fill")
            let patch = Patch.ops(#"[{"op":"replace","path":"active","value":false}]"#)
            let endpoints: [(String, String)] = switch route.method {
            case .post: [("/Users", #"{"userName":"probe@example.com"}"#), ("/Groups", #"{"displayName":"Probe"}"#), ("/.search", "{}")]
            case .put: [("/Users/u1", #"{"userName":"ada.probe@example.com"}"#)]
            case .patch: [("/Users/u1", patch), ("/Groups/u2", Patch.ops(#"[{"op":"add","path":"members","value":[{"value":"u1"}]}]"#))]
            case .delete: [("/Users/u1", "")]
            default: [("/Users", "")]
            }
            guard path.hasSuffix("/**") else {
                let body = path.hasPrefix("/webhooks/") ? ServerFixture.examples[60] : path.hasSuffix("/ack") ? #"{"status":"done"}"# : ""
                return [Probe(method: route.method, uri: path, body: body)]
            }
            return endpoints.map { Probe(method: route.method, uri: String(path.dropLast(3)) + $0.0, body: $0.1) }
        }

        /// Every non-public route with each credential but its own: each must be 401.
        func refusals(_ client: some TestClientProtocol) async throws -> Int {
            var count = 0
            for route in routes {
                let path = route.path
                guard let own = CredentialSeparationTests.credential(of: path) else {
                    #expect(CredentialSeparationTests.publicPaths.contains(path) && route.method == .get,
                            "\(route) takes no credential: add it to `credential(of:)`, or to the public paths if it only reads")
                    continue
                }
                for probe in probes(route) {
                    for credential in Credential.allCases where credential != own {
                        let status = try await send(client, probe, credential)
                        #expect(status == .unauthorized, "\(probe) with \(credential.rawValue)")
                        count += 1
                    }
                }
            }
            return count
        }

        /// Every non-public route with its own credential (deletes last): none is refused, and
        /// each state-changing request that names an existing resource succeeds.
        func admissions(_ client: some TestClientProtocol) async throws {
            let guarded = routes.filter { CredentialSeparationTests.credential(of: $0.path) != nil }
            for route in guarded.sorted(by: { ($0.method == .delete ? 1 : 0) < ($1.method == .delete ? 1 : 0) }) {
                for probe in probes(route) {
                    let own = CredentialSeparationTests.credential(of: route.path)!
                    let status = try await send(client, probe, own)
                    #expect(status != .unauthorized && status != .serviceUnavailable, "\(probe) with its own credential: \(status)")
                    if probe.uri != "/scim/v2", route.method != .get { #expect(status.kind == .successful, "\(probe): \(status)") }
                }
            }
        }

        private func send(_ client: some TestClientProtocol, _ probe: Probe, _ credential: Credential) async throws -> HTTPResponse.Status {
            var headers = credential.headers(body: probe.body)
            if !probe.body.isEmpty, headers[.contentType] == nil { headers[.contentType] = "application/json" }
            return try await client.execute(uri: probe.uri, method: probe.method, headers: headers,
                                            body: probe.body.isEmpty ? nil : ByteBuffer(string: probe.body)) { $0.status }
        }
    }

    @Test func everyRouteRefusesEveryOtherCredentialAndNothingChanges() async throws {
        let (subject, router) = try await Subject.make()
        try await Application(router: router).test(.router) { client in
            try await subject.seed(client)
            let before = try subject.dump()
            #expect(try await subject.refusals(client) > 100)
            #expect(try subject.dump() == before, "a refused request changed the store")
            try await subject.admissions(client)
            #expect(try subject.dump() != before, "the same requests with their own credentials change the store")
        }
    }

    @Test func noSecretOrTokenReachesTheLogOrTheDatabase() async throws {
        let (subject, router) = try await Subject.make()
        let log = LogCapture()
        try await Application(router: router, logger: log.logger).test(.router) { client in
            try await subject.seed(client)
            _ = try await subject.refusals(client)
            try await subject.admissions(client)
        }
        #expect(log.text.contains("webhook refused") && log.text.contains("scim request"), "the requests were logged")
        let database = subject.server.fixture.config.databasePath
        let files = try [database, database + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(!files.isEmpty)
        for secret in [ServerFixture.secret, ServerFixture.token, SCIMServer.oktaToken, SCIMServer.entraToken] {
            #expect(!log.text.contains(secret), "`\(secret)` is in the log")
            #expect(!files.contains { $0.range(of: Data(secret.utf8)) != nil }, "`\(secret)` is in the database")
        }
    }

    @Test func secretsComeFromFilesNamedByKeyFILE() throws {
        let dir = try TemporaryDirectory("warden-secrets")
        defer { dir.remove() }
        let files = ["WARDEN_WORKOS_WEBHOOK_SECRET": "whsec_from_file", "WARDEN_API_TOKEN": "api-token-from-file",
                     "WARDEN_SCIM_TOKEN": "scim-token-from-file-0123", "WARDEN_WORKOS_API_KEY": "sk_from_file"]
        var environment: [String: String] = [:]
        for (key, secret) in files {
            try (secret + "\n").write(toFile: dir.path(key), atomically: true, encoding: .utf8)
            environment[key + "_FILE"] = dir.path(key)
        }
        let config = try ServerConfig.load(environment: environment)
        #expect(config.webhookSecret == "whsec_from_file" && config.workosAPIKey == "sk_from_file")
        #expect(config.apiTokens.contains("api-token-from-file") && !config.apiTokens.contains("api-token-from-file\n"))
        #expect(config.scimTokens.label(for: "scim-token-from-file-0123") == ServerConfig.defaultSCIMDirectory)
        let missing = dir.path("absent")
        #expect(throws: ConfigError.self) { try ServerConfig.load(environment: ["WARDEN_API_TOKEN_FILE": missing]) }
    }
}

/// Hands out 1, 2, 3, ...
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
