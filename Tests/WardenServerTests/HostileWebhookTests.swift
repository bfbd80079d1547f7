import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
import WardenIngest
import WardenPolicy
import WardenServer
import WardenStore

/// `POST /webhooks/workos` with signature headers and signed bodies built to hurt: refused with
/// the exact status and code, and nothing is recorded that should not be.
@Suite struct HostileWebhookTests {
    static let body = ServerFixture.examples[3]
    static let name = HTTPField.Name("WorkOS-Signature")!
    static var good: String { WebhookSignature.header(body: Array(body.utf8), secret: ServerFixture.secret, at: ServerFixture.now) }
    static var t: String { "t=\(ServerFixture.now.milliseconds)" }
    static func v1(_ digit: Character) -> String { "v1=" + String(repeating: digit, count: 64) }

    /// Sends `body` with `headers` to a fresh server; the status, error code, and events recorded.
    static func send(_ headers: HTTPFields, body: String = body) async throws -> (Int, String?, Int) {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let (status, code) = try await f.app().test(.router) { client in
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                (r.status.code, ServerFixture.json(r)["error"]?["code"]?.stringValue)
            }
        }
        return (status, code, try SQLiteStore(path: f.config.databasePath).eventCount())
    }

    @Test(arguments: [
        ("huge", Self.t + ", " + Array(repeating: Self.v1("a"), count: 2_000).joined(separator: ", ")),
        ("many wrong v1", Self.t + ", " + (0..<50).map { _ in Self.v1("b") }.joined(separator: ", ")),
        ("repeated t", Self.t + ", " + Self.t + ", " + Self.v1("c")),
        ("t of 17 digits", "t=10000000000000000, " + Self.v1("d")),
        ("negative t", "t=-1, " + Self.v1("e")),
        ("fullwidth digits", "t=１７００, " + Self.v1("f")),
        ("emoji", "💥"),
        ("only separators", "=,=,=, ,,"),
        ("v1 not hex", Self.t + ", v1=" + String(repeating: "z", count: 64)),
        ("API token", "Bearer \(ServerFixture.token)"),
    ])
    func garbageSignaturesAre401AndRecordNothing(_ label: String, _ header: String) async throws {
        let (status, code, events) = try await Self.send([Self.name: header, .contentType: "application/json"])
        #expect(status == 401 && code == "bad_signature" && events == 0, "\(label)")
    }

    @Test func aGoodSignatureAmongFiftyWrongOnesIsAccepted() async throws {
        let header = Self.good + ", " + (0..<50).map { _ in Self.v1("b") }.joined(separator: ", ")
        #expect(header.utf8.count < 4096)
        #expect(try await Self.send([Self.name: header]) == (200, nil, 1))
    }

    /// HTTP joins repeated fields with `, `: two `t` make the header malformed.
    @Test func twoSignatureFieldsAre401() async throws {
        var headers: HTTPFields = [Self.name: Self.good]
        headers.append(HTTPField(name: Self.name, value: Self.good))
        #expect(try await Self.send(headers) == (401, "bad_signature", 0))
    }

    @Test(arguments: [
        ("deep", #"{"id":"event_deep","data":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}",
         "invalid JSON at column 90: nested deeper than 64 levels"),
        ("NUL", #"{"object":"event","id":"event_nul\u0000","event":"dsync.activated","data":{"id":"d"},"created_at":"2026-10-20T00:00:00Z"}"#,
         "invalid JSON at column 41: NUL character (\\u0000) in a string"),
        ("wrong type", #"{"object":"event","id":["event_1"],"event":"dsync.activated","data":{"id":"d"},"created_at":"2026-10-20T00:00:00Z"}"#,
         "expected a string, found a list"),
        ("repeated key", #"{"object":"event","id":"event_dup","event":"dsync.activated","event":"dsync.deleted","data":{"id":"d"},"created_at":"2026-10-20T00:00:00Z"}"#,
         #"invalid JSON at column 62: the key "event" appears twice in this object"#),
    ])
    func signedHostileBodiesAre400AndRecordedAsRejected(_ label: String, _ body: String, _ message: String) async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(body), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .badRequest, "\(label)")
                #expect(ServerFixture.json(r)["error"]?["message"]?.stringValue == message, "\(label)")
            }
        }
        let store = try SQLiteStore(path: f.config.databasePath)
        #expect(try store.eventCount() == 1 && store.eventCount(outcome: "rejected") == 1 && store.actions(ActionQuery()).isEmpty, "\(label)")
    }

    @Test func aSignedBodyThatIsNotUTF8Is400() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let bytes = Array(#"{"id":"event_utf8","event":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let header = WebhookSignature.header(body: bytes, secret: ServerFixture.secret, at: ServerFixture.now)
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: [Self.name: header], body: ByteBuffer(bytes: bytes)) { r in
                #expect(r.status == .badRequest)
                #expect(ServerFixture.json(r)["error"]?["message"]?.stringValue == "invalid JSON at column 32: invalid UTF-8 in a string")
            }
        }
    }
}
