import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import WardenIngest
import WardenPolicy
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
