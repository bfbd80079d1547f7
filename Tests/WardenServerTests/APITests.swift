import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
import WardenPolicy
import WardenServer

@Suite struct APITests {
    @Test func executorsPullActionsPageByPageAckThemAndSeeMetrics() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        try await f.app().test(.router) { client in
            for line in ServerFixture.examples.prefix(60) {
                try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(line), body: ByteBuffer(string: line))
            }
            try await client.execute(uri: "/api/v1/actions?status=pending", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/actions?status=pending", method: .get, headers: [.authorization: "Bearer nope"]) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            var seen: [String] = []
            var after: String?
            repeat {
                let uri = "/api/v1/actions?status=pending&limit=7" + (after.map { "&after=\($0)" } ?? "")
                after = try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer) { r in
                    #expect(r.status == .ok)
                    let page = ServerFixture.json(r)
                    guard case .array(let items)? = page["data"] else { Issue.record("no data"); return nil }
                    seen += items.compactMap { $0["id"]?.stringValue }
                    return page["next_after"]?.stringValue
                }
            } while after != nil
            #expect(seen.count > 20 && Set(seen).count == seen.count)
            let id = seen[0]
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/actions/\(id)/ack", method: .post, headers: ServerFixture.bearer,
                                         body: ByteBuffer(string: #"{"status":"done"}"#)) { r in
                    #expect(r.status == .ok)
                    #expect(ServerFixture.json(r)["status"]?.stringValue == "done")
                }
            }
            try await client.execute(uri: "/api/v1/actions/\(id)/ack", method: .post, headers: ServerFixture.bearer,
                                     body: ByteBuffer(string: #"{"status":"failed"}"#)) { r in #expect(r.status == .conflict) }
            try await client.execute(uri: "/api/v1/actions/act_000000000000000000000000/ack", method: .post, headers: ServerFixture.bearer) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/actions?status=bogus", method: .get, headers: ServerFixture.bearer) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/users/ada.lovelace@example.com/explain?app=slack", method: .get, headers: ServerFixture.bearer) { r in
                #expect(r.status == .ok)
                #expect(ServerFixture.json(r)["user"]?["email"]?.stringValue == "ada.lovelace@example.com")
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains("warden_events_total{"))
                #expect(text.contains("warden_actions{"))
                #expect(text.contains("status=\"done\""))
                #expect(text.contains("warden_propagation_lag_seconds"))
                #expect(text.contains("warden_open_violations{severity=\"critical\"}"))
            }
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/reports/platform", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/reports/platform", method: .get, headers: ServerFixture.bearer) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: r.body).contains("Platform Engineering"))
            }
            try await client.execute(uri: "/reports/nobody", method: .get, headers: ServerFixture.bearer) { r in #expect(r.status == .notFound) }
        }
    }
}
