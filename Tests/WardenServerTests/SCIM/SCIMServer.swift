import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Synchronization
import Testing
import WardenEngine
import WardenPolicy
import WardenServer
import WardenStore

/// A server on a fresh database with the bundled policies and two SCIM connections (Okta's
/// token → `directory_okta`, Entra's → `directory_entra`), resource ids `u1`, `u2`, ... and a
/// clock that stands at `ServerFixture.now` until a test moves it (`advance`).
final class SCIMServer: Sendable {
    static let oktaToken = "okta-scim-token-0123456789abcdef"
    static let entraToken = "entra-scim-token-0123456789abcdef"
    static let okta = "directory_okta"
    static let entra = "directory_entra"

    let fixture: ServerFixture
    private let clock = Mutex(ServerFixture.now)
    private let ids = Mutex(0)

    init(scim: Bool = true) throws {
        var fixture = try ServerFixture()
        if scim {
            fixture.config.scimTokens.add(Self.oktaToken, label: Self.okta)
            fixture.config.scimTokens.add(Self.entraToken, label: Self.entra)
        }
        fixture.config.scimBaseURL = "https://warden.test/scim/v2"
        self.fixture = fixture
    }

    deinit { fixture.dir.remove() }

    /// The server's time.
    var now: Timestamp { clock.withLock { $0 } }

    /// Moves the clock on by `seconds`.
    func advance(_ seconds: Int64) { clock.withLock { $0 = Timestamp(milliseconds: $0.milliseconds + seconds * 1000) } }

    /// A store on the server's database, to read what was committed.
    func store() throws -> SQLiteStore { try SQLiteStore(path: fixture.config.databasePath) }

    /// Runs `body` against the server's router.
    func run(_ body: @escaping @Sendable (SCIMClient) async throws -> Void) async throws {
        let app = try await fixture.app(clock: { self.now }, makeSCIMId: { self.ids.withLock { $0 += 1; return "u\($0)" } })
        try await app.test(.router) { client in try await body(SCIMClient(client: client, server: self)) }
    }

    /// The app's actions (of a user: id or email) with these statuses, in creation order.
    func actions(app: String, user: String? = nil, statuses: [ActionStatus] = [.pending, .scheduled]) throws -> [Action] {
        try store().actions(ActionQuery(statuses: statuses, app: app, user: user))
    }
}

/// Sends SCIM requests with a bearer token.
struct SCIMClient: Sendable {
    let client: any TestClientProtocol
    let server: SCIMServer

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, token: String? = SCIMServer.oktaToken,
              headers: HTTPFields = [:]) async throws -> SCIMReply {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/scim+json" }
        return try await client.execute(uri: "/scim/v2" + path, method: method, headers: headers,
                                        body: body.map { ByteBuffer(string: $0) }) { SCIMReply($0) }
    }

    /// POSTs a resource (201 required) and returns its id.
    func create(_ endpoint: String, _ body: String, token: String = SCIMServer.oktaToken) async throws -> String {
        let reply = try await send(.post, endpoint, body, token: token)
        try #require(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"]?.stringValue)
    }

    /// Sends a signed WorkOS webhook event.
    func webhook(_ event: String) async throws {
        try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(event, at: server.now),
                                 body: ByteBuffer(string: event)) { r in
            #expect(r.status == .ok, "\(String(buffer: r.body))")
        }
    }
}

/// A response with its body parsed (`null` when there is none).
struct SCIMReply: Sendable {
    var status: Int
    var headers: HTTPFields
    var json: JSONValue
    var text: String

    init(_ response: TestResponse) {
        status = response.status.code
        headers = response.headers
        text = String(buffer: response.body)
        json = (try? JSONParser.parse(Array(buffer: response.body))) ?? .null
    }

    var contentType: String? { headers[.contentType] }
    var ids: [String] { (json["Resources"]?.items ?? []).compactMap { $0["id"]?.stringValue } }
    var scimType: String? { json["scimType"]?.stringValue }
}

extension JSONValue {
    static func parse(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
}

/// SCIM PATCH bodies.
enum Patch {
    static func ops(_ operations: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#
    }
}

extension Action {
    /// `provision github [admin]`, `deprovision github`, `grant aws developer`: for assertions.
    var summary: String {
        var text = "\(type.rawValue) \(app)"
        if let role { text += " \(role)" }
        if let roles { text += " [\(roles.joined(separator: ","))]" }
        return text
    }
}
