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

@Suite struct WebhookTests {
    @Test func signedEventsApplyOnceAndReplaysAreDuplicates() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        try await f.app().test(.router) { client in
            for line in ServerFixture.examples.prefix(40) {
                try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(line), body: ByteBuffer(string: line)) { r in
                    #expect(r.status == .ok)
                }
            }
            let first = ServerFixture.examples[2]
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(first), body: ByteBuffer(string: first)) { r in
                #expect(r.status == .ok)
                #expect(ServerFixture.json(r)["status"]?.stringValue == "duplicate")
                #expect(ServerFixture.json(r)["actions"] == .array([]))
            }
        }
        let store = try SQLiteStore(path: f.config.databasePath)
        #expect(try store.eventCount() == 40)
    }

    @Test func forgedTamperedStaleFutureSecondsAndUppercaseSignaturesAreRefusedAndChangeNothing() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let body = ServerFixture.examples[3]
        let good = WebhookSignature.header(body: Array(body.utf8), secret: ServerFixture.secret, at: ServerFixture.now)
        let v1 = String(good.split(separator: "v1=")[1])
        let name = HTTPField.Name("WorkOS-Signature")!
        let cases: [(String, HTTPFields, String)] = [
            ("forged", ServerFixture.signed(body, secret: "whsec_attacker"), body),
            ("tampered", ServerFixture.signed(body), body.replacingOccurrences(of: "\"event_", with: "\"event_X")),
            ("stale", ServerFixture.signed(body, at: ServerFixture.now + PolicyDuration(seconds: -181)), body),
            ("future", ServerFixture.signed(body, at: ServerFixture.now + PolicyDuration(seconds: 181)), body),
            ("seconds", [name: "t=\(ServerFixture.now.milliseconds / 1000), v1=\(v1)"], body),
            ("uppercase", [name: "t=\(ServerFixture.now.milliseconds), v1=\(v1.uppercased())"], body),
            ("missing", [:], body),
        ]
        try await f.app().test(.router) { client in
            for (label, headers, sent) in cases {
                try await client.execute(uri: "/webhooks/workos", method: .post, headers: headers, body: ByteBuffer(string: sent)) { r in
                    #expect(r.status == .unauthorized, "\(label)")
                    #expect(ServerFixture.json(r)["error"]?["code"]?.stringValue == "bad_signature", "\(label)")
                }
            }
        }
        #expect(try SQLiteStore(path: f.config.databasePath).eventCount() == 0)
    }

    @Test func malformedEventsAre400AndOversizedBodies413() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let bad = #"{"id":"event_bad","event":"dsync.user.created","data":{"id":"u","directory_id":"d","state":42},"created_at":"2026-10-20T00:00:00Z"}"#
        let huge = "{\"pad\":\"" + String(repeating: "x", count: (1 << 20) + 10) + "\"}"
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(bad), body: ByteBuffer(string: bad)) { r in
                #expect(r.status == .badRequest)
                let e = ServerFixture.json(r)["error"]
                #expect(e?["field"]?.stringValue == "data.state" && e?["code"]?.stringValue == "event_malformed")
            }
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(huge), body: ByteBuffer(string: huge)) { r in
                #expect(r.status == .contentTooLarge)
            }
        }
    }

    @Test func routesWithoutTheirSecretAnswer503() async throws {
        let f = try ServerFixture(webhook: false, api: false)
        defer { f.dir.remove() }
        let body = ServerFixture.examples[0]
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(body), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/api/v1/actions", method: .get, headers: ServerFixture.bearer) { r in
                #expect(r.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}
