import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
import WardenPolicy
import WardenServer
import WardenStore

/// `POST /api/v1/actions/{id}/ack` with bodies and ids built to hurt: the exact status, and the
/// action unchanged unless the request was good.
@Suite struct HostileAPITests {
    /// A server with the examples ingested, and one pending action.
    static func withPendingAction(_ body: @escaping @Sendable (any TestClientProtocol, String, SQLiteStore) async throws -> Void) async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let path = f.config.databasePath
        try await f.app().test(.router) { client in
            for line in ServerFixture.examples.prefix(60) {
                try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(line), body: ByteBuffer(string: line))
            }
            let store = try SQLiteStore(path: path)
            try await body(client, try #require(try store.actions(ActionQuery(statuses: [.pending], limit: 1)).first?.id), store)
        }
    }

    @Test(arguments: [
        ("over 64 KiB", #"{"status":"failed","message":""# + String(repeating: "x", count: 64 << 10) + #""}"#, 413, "too_large"),
        ("deep", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), 400, "invalid_body"),
        ("NUL", #"{"status":"failed","message":"a\u0000b"}"#, 400, "invalid_body"),
        ("not JSON", "status=done", 400, "invalid_body"),
        ("a list", #"["done"]"#, 400, "invalid_body"),
        ("unknown status", #"{"status":"' OR 1=1 --"}"#, 400, "invalid_body"),
        ("status of the wrong type", #"{"status":1}"#, 400, "invalid_body"),
        ("message of the wrong type", #"{"status":"failed","message":{"x":1}}"#, 400, "invalid_body"),
    ])
    func hostileAckBodiesAreRefusedAndTheActionStaysPending(_ label: String, _ text: String, _ status: Int, _ code: String) async throws {
        try await Self.withPendingAction { client, id, store in
            try await client.execute(uri: "/api/v1/actions/\(id)/ack", method: .post, headers: ServerFixture.bearer,
                                     body: ByteBuffer(string: text)) { r in
                #expect(r.status.code == status && ServerFixture.json(r)["error"]?["code"]?.stringValue == code, "\(label): \(r.status)")
            }
            #expect(try store.action(id: id)?.status == .pending, "\(label)")
        }
    }

    /// SQLite would look `ID%00x` up as `ID`.
    @Test(arguments: ["%00x", "%00", "'%20OR%201=1%20--"])
    func anIdThatIsNotTheActionsIsUnknown(_ suffix: String) async throws {
        try await Self.withPendingAction { client, id, store in
            try await client.execute(uri: "/api/v1/actions/\(id)\(suffix)/ack", method: .post, headers: ServerFixture.bearer,
                                     body: ByteBuffer(string: #"{"status":"done"}"#)) { r in
                #expect(r.status == .notFound, "\(suffix): \(r.status)")
            }
            #expect(try store.action(id: id)?.status == .pending)
        }
    }
}
