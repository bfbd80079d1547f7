import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import WardenIngest
import WardenPolicy
import WardenServer
import WardenStore
import WardenTesting

/// The Events API poller against a local fake that serves the example stream in pages of 100,
/// answers 429 (with Retry-After) once, and is restarted mid-stream.
@Suite struct EventsPollerTests {
    /// What the fake API saw, and whether it still owes a 429.
    final class FakeState: Sendable {
        let calls = Mutex<[String]>([])
        let throttle: Mutex<Bool>
        init(throttle: Bool) { self.throttle = Mutex(throttle) }
    }

    /// A fake `GET /events`: pages of `pageSize` after the `after` cursor; the first request gets a 429.
    static func fakeAPI(events: [JSONValue], pageSize: Int, state: FakeState) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("/events") { request, _ -> Response in
            state.calls.withLock { $0.append(request.uri.description) }
            guard request.headers[.authorization] == "Bearer sk_test_key" else { return Response(status: .unauthorized) }
            if state.throttle.withLock({ let t = $0; $0 = false; return t }) {
                return Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
            }
            let after = request.uri.queryParameters.get("after")
            let start = after.flatMap { a in events.firstIndex { $0["id"]?.stringValue == a }.map { $0 + 1 } } ?? 0
            let page = Array(events[min(start, events.count)..<min(start + pageSize, events.count)])
            let more = start + pageSize < events.count
            let body = JSONValue.object([("object", .string("list")), ("data", .array(page)),
                                         ("list_metadata", .object([("after", more ? (page.last?["id"] ?? .null) : .null)]))])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body.compactBytes)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test func pagesForwardBacksOffAndResumesFromTheStoredCursor() async throws {
        let unique = ServerFixture.examples.compactMap { try? JSONParser.parse($0) }.reduce(into: [JSONValue]()) { list, e in
            if !list.contains(where: { $0["id"] == e["id"] }) { list.append(e) }
        }
        let state = FakeState(throttle: true)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let logger: Logger = {
            var l = Logger(label: "poller-test")
            l.logLevel = .critical
            return l
        }()
        let fake = Self.fakeAPI(events: unique, pageSize: 100, state: state)
        try await fake.test(TestingSetup.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            let host = try EngineHost(databasePath: dir.path("w.db"), policies: ServerFixture.policies, clock: { ServerFixture.now })
            let poller = EventsPoller(host: host, baseURL: base, apiKey: "sk_test_key", rangeStart: "2026-09-01T00:00:00Z",
                                      interval: .seconds(3600), logger: logger, client: .shared)
            #expect(!"\(poller)".contains("sk_test_key") && !String(reflecting: poller).contains("sk_test_key"),
                    "ServiceLifecycle logs services at debug level: the key must not be in their description")
            // One page, then "restart": a new host on the same database continues from the stored cursor.
            let first = try await poller.drain(maxPages: 1)
            #expect(first > 0)
            #expect(try host.store.cursor(EventsPoller.cursorName) == unique[99]["id"]?.stringValue)
            let restarted = try EngineHost(databasePath: dir.path("w.db"), policies: ServerFixture.policies, clock: { ServerFixture.now })
            let resumed = EventsPoller(host: restarted, baseURL: base, apiKey: "sk_test_key", rangeStart: nil,
                                       interval: .seconds(3600), logger: logger, client: .shared)
            _ = try await resumed.drain()
            #expect(try restarted.store.eventCount() == unique.count)
            #expect(try restarted.store.cursor(EventsPoller.cursorName) == unique.last?["id"]?.stringValue)
            _ = try await resumed.drain()
            #expect(try restarted.store.eventCount() == unique.count, "a drained stream applies nothing new")
        }
        let log = state.calls.withLock { $0 }
        #expect(log.count >= 4)
        #expect(log[0].contains("range_start=2026-09-01T00%3A00%3A00Z") && log[0].contains("limit=100"))
        #expect(log[0] == log[1], "the throttled request is retried as it was")
        #expect(log.dropFirst(2).allSatisfy { $0.contains("after=") })
        #expect(log.allSatisfy { $0.contains("events=dsync.activated,dsync.deleted,") })
    }
}
