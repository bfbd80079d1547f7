import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenServer
import WardenTesting

/// A server on a fresh database with the bundled policies and a fixed clock.
struct ServerFixture {
    static let secret = "whsec_test_secret"
    static let token = "api-test-token"
    static let now = Timestamp(iso8601: "2026-10-21T00:00:00Z")!
    static let policies: PolicySet = try! PolicyLoader.load(directory: Repository.policies).policies
    static let examples: [String] = try! String(contentsOfFile: Repository.examples + "/events.jsonl", encoding: .utf8)
        .split(separator: "\n").map(String.init)

    let dir: TemporaryDirectory
    var config: ServerConfig

    init(webhook: Bool = true, api: Bool = true) throws {
        dir = try TemporaryDirectory("warden-server")
        config = ServerConfig()
        config.databasePath = dir.path("w.db")
        config.policyFolder = Repository.policies
        config.checkInterval = .seconds(3600)
        if webhook { config.webhookSecret = Self.secret }
        if api { config.apiTokens.add(Self.token) }
    }

    func app(clock: @escaping @Sendable () -> Timestamp = { Self.now },
             makeSCIMId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) async throws -> some ApplicationProtocol {
        var logger = Logger(label: "warden-test")
        logger.logLevel = .critical
        return try await buildApplication(config: config, policies: Self.policies, logger: logger, clock: clock, makeSCIMId: makeSCIMId)
    }

    static func signed(_ body: String, at time: Timestamp = now, secret: String = secret) -> HTTPFields {
        [HTTPField.Name("WorkOS-Signature")!: WebhookSignature.header(body: Array(body.utf8), secret: secret, at: time),
         .contentType: "application/json"]
    }

    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]

    /// The response body as JSON (`null` when it is not JSON).
    static func json(_ response: TestResponse) -> JSONValue {
        (try? JSONParser.parse(Array(buffer: response.body))) ?? .null
    }
}

/// Bundled policies with one app carried out by a connector, for connector tests.
enum ConnectorFixture {
    /// Copies the bundled policies into `dir/policies` and appends `connector` (YAML, the lines
    /// under `connector:`) to `app`'s file; returns the folder.
    static func policies(in dir: TemporaryDirectory, app: String, connector: String) throws -> String {
        let policies = dir.url.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: Repository.policies, toPath: policies.path)
        let file = policies.appendingPathComponent("apps/\(app).yaml")
        try (try String(contentsOf: file, encoding: .utf8) + "\nconnector:\n  " + connector + "\n").write(to: file, atomically: true, encoding: .utf8)
        return policies.path
    }

    /// A host on a fresh database under those policies, with the examples ingested.
    static func host(dir: TemporaryDirectory, app: String, connector: String, clock: @escaping @Sendable () -> Timestamp) async throws -> EngineHost {
        let loaded = try PolicyLoader.load(directory: try policies(in: dir, app: app, connector: connector))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.rendered))")
        let host = try EngineHost(databasePath: dir.path("w.db"), policies: loaded.policies, clock: clock)
        for line in ServerFixture.examples { _ = try await host.ingestWebhook(InputEvent(parsing: Array(line.utf8))) }
        return host
    }

    static func wallClock() -> Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
}
