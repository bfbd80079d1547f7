import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Synchronization
import Testing
import WardenIngest
import WardenPolicy
import WardenReports
import WardenServer
import WardenTesting

/// `warden notify` (the real binary) against a local receiver that checks the signature.
@Suite struct NotifyTests {
    final class Receiver: Sendable {
        let failuresLeft = Mutex(2)
        let accepted = Mutex<[JSONValue]>([])
        let attempts = Mutex(0)
        let badSignatures = Mutex(0)
    }

    static let secret = "notify-secret"

    static func receiver(_ state: Receiver) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.post("/hook") { request, _ -> Response in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            state.attempts.withLock { $0 += 1 }
            do {
                try WebhookSignature.verify(header: request.headers[HTTPField.Name("Warden-Signature")!], body: body, secret: Self.secret,
                                            now: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            } catch {
                state.badSignatures.withLock { $0 += 1 }
                return Response(status: .unauthorized)
            }
            if state.failuresLeft.withLock({ let n = $0; $0 = max(0, n - 1); return n > 0 }) { return Response(status: .serviceUnavailable) }
            state.accepted.withLock { $0.append((try? JSONParser.parse(body)) ?? .null) }
            return Response(status: .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test func deliversOnceAfterTwo503sAndRecordsTheDelivery() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Receiver()
        try await Self.receiver(state).test(TestingSetup.live) { client in
            // Only the `it` owner gets a webhook, pointing at the receiver.
            let policies = dir.url.appendingPathComponent("policies")
            try FileManager.default.copyItem(atPath: Repository.policies, toPath: policies.path)
            let owners = policies.appendingPathComponent("owners.yaml")
            var text = try String(contentsOf: owners, encoding: .utf8)
            text = text.replacingOccurrences(of: "https://hooks.example.com/", with: "http://127.0.0.1:1/unused-")
            text = text.replacingOccurrences(of: "contact: it@example.com", with: "contact: it@example.com\nnotify: { webhook: \"http://127.0.0.1:\(client.port!)/hook\" }")
            try text.write(to: owners, atomically: true, encoding: .utf8)
            let db = dir.path("w.db")
            let common = ["--db", db, "--policies", policies.path]
            #expect(try await WardenBinary.run(["ingest"] + common + [Repository.examples + "/events.jsonl"]).status == 0)
            #expect(try await WardenBinary.run(["check"] + common + ["--now", "2026-10-20T00:00:00Z"]).status == 0)
            let r = try await WardenBinary.run(["notify"] + common + ["--owner", "it", "--retry-delay", "1s"], environment: ["WARDEN_NOTIFY_SECRET": Self.secret])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("it: delivered") && r.stdout.contains("attempt 3, HTTP 200"))
            #expect(state.attempts.withLock { $0 } == 3)
            #expect(state.badSignatures.withLock { $0 } == 0)
            let reports = state.accepted.withLock { $0 }
            #expect(reports.count == 1, "the report arrives once")
            #expect(reports.first?["owner"]?["id"]?.stringValue == "it")
            #expect(reports.first?["schema_version"] == .number(1))
            let json = try await WardenBinary.run(["report"] + common + ["--owner", "it", "--format", "json"])
            let report = try JSONParser.parse(json.stdout)
            let first = report["last_notified_at"] ?? report[0]?["last_notified_at"]
            #expect(first?.stringValue != nil, "a later report says when the owner was told")
            let audit = try await WardenBinary.run(["audit", "export", "--db", db])
            #expect(audit.stdout.split(separator: "\n").filter { $0.contains("\"kind\":\"delivery\"") }.count == 3)
            let wrong = try await WardenBinary.run(["notify"] + common + ["--owner", "it", "--retries", "0"], environment: ["WARDEN_NOTIFY_SECRET": "wrong"])
            #expect(wrong.status == 1, "a receiver that refuses the signature is a failed delivery")
        }
    }
}

extension NotifyTests {
    /// A receiver that holds its first request past the sender's timeout, then answers 200.
    final class Stalling: Sendable {
        let stallsLeft = Mutex(1)
    }

    @Test func aReceiverThatStallsPastTheTimeoutIsRetriedThenDelivered() async throws {
        let state = Stalling()
        let router = Router(context: BasicRequestContext.self)
        router.post("/hook") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            if state.stallsLeft.withLock({ let n = $0; $0 = max(0, n - 1); return n > 0 }) { try await Task.sleep(for: .seconds(6)) }
            return Response(status: .ok)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(TestingSetup.live) { client in
            var notifier = Notifier(client: .shared, secret: Self.secret, clock: ConnectorFixture.wallClock)
            notifier.timeout = .milliseconds(2000)
            notifier.firstDelay = .milliseconds(10)
            let report = try #require(OwnerReports.build(violations: [], policies: ServerFixture.policies, at: ServerFixture.now, owner: "it").first)
            let attempts = await notifier.deliver(report, to: "http://127.0.0.1:\(client.port!)/hook")
            #expect(attempts.map(\.outcome) == ["retrying", "delivered"])
            #expect(attempts.first?.status == nil && attempts.first?.message != nil, "the timeout is the first attempt's message")
            #expect(attempts.last?.status == 200 && attempts.last?.attempt == 2)
        }
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
