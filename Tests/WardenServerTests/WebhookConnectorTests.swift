import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Synchronization
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenServer
import WardenStore
import WardenTesting

/// The webhook connector against a local executor that checks the signature: 503 is retried with
/// backoff, 400 fails the action with the executor's message, 2xx acks `done`; two dispatchers
/// at once never carry out the same action twice.
@Suite struct WebhookConnectorTests {
    static let secret = "executor-secret"

    /// The executor's behaviour and what it saw.
    final class Executor: Sendable {
        /// Answers to give before accepting, in order (say, [503, 503]).
        let script: Mutex<[Int]>
        let accepted = Mutex<[String: Int]>([:])
        let badSignatures = Mutex(0)
        init(script: [Int] = []) { self.script = Mutex(script) }
        var acceptedIds: [String: Int] { accepted.withLock { $0 } }
    }

    static func executor(_ state: Executor, secret: String = secret) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.post("/execute") { request, _ -> Response in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            do {
                try WebhookSignature.verify(header: request.headers[HTTPField.Name("Warden-Signature")!], body: body, secret: secret,
                                            now: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            } catch {
                state.badSignatures.withLock { $0 += 1 }
                return Response(status: .unauthorized)
            }
            if let status = state.script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                return Response(status: .init(code: status), body: .init(byteBuffer: .init(string: "executor says \(status)")))
            }
            let id = (try? JSONParser.parse(body))?["id"]?.stringValue ?? "?"
            state.accepted.withLock { $0[id, default: 0] += 1 }
            return Response(status: .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// A host on a fresh database whose GitHub actions go to the executor, with the examples ingested.
    static func host(port: Int, dir: TemporaryDirectory, clock: @escaping @Sendable () -> Timestamp) async throws -> EngineHost {
        try await ConnectorFixture.host(dir: dir, app: "github", connector: "webhook: { url: \"http://127.0.0.1:\(port)/execute\", secret-env: EXECUTOR_SECRET }",
                                        clock: clock)
    }

    static func wallClock() -> Timestamp { ConnectorFixture.wallClock() }

    func dispatcher(_ host: EngineHost, holder: String = "test", clock: @escaping @Sendable () -> Timestamp = Self.wallClock) -> Dispatcher {
        Dispatcher(host: host, client: .shared, holder: holder, environment: ["EXECUTOR_SECRET": Self.secret], clock: clock)
    }

    @Test func retriesA503WithBackoffThenAcksDone() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Executor(script: [503, 503])
        try await Self.executor(state).test(TestingSetup.live) { client in
            // The dispatcher's clock runs ahead by `skew` so the test can pass a backoff at once.
            let skew = Mutex(Int64(0))
            let clock: @Sendable () -> Timestamp = { Timestamp(milliseconds: Self.wallClock().milliseconds + skew.withLock { $0 }) }
            let host = try await Self.host(port: client.port!, dir: dir, clock: clock)
            let pending = try host.store.actions(ActionQuery(statuses: [.pending], app: "github"))
            #expect(pending.count > 2)

            let first = try await dispatcher(host, clock: clock).runOnce(app: "github")
            #expect(first.retrying.count == 2, "the first two calls get 503 and wait to be retried")
            #expect(first.retrying.allSatisfy { $0.1.contains("executor says 503") })
            #expect(first.done.count == pending.count - 2)
            let waiting = first.retrying[0].0.id
            let attempts = try host.store.attempts(action: waiting)
            #expect(attempts.map(\.outcome) == ["retry"])
            #expect(attempts.first?.status == 503)
            #expect(attempts.first?.retryAt == attempts.first.map { $0.at + PolicyDuration(seconds: 30) }, "the first backoff is 30 s")

            let tooSoon = try await dispatcher(host, clock: clock).runOnce(app: "github")
            #expect(tooSoon.done.isEmpty && tooSoon.retrying.isEmpty, "nothing is tried again before its backoff passes")

            skew.withLock { $0 = 31_000 }
            let later = try await dispatcher(host, clock: clock).runOnce(app: "github")
            #expect(Set(later.done.map(\.id)) == Set(first.retrying.map(\.0.id)))
            let done = try #require(try host.store.action(id: waiting))
            #expect(done.status == .done)
            #expect(try host.store.attempts(action: waiting).map(\.outcome) == ["retry", "done"])
            #expect(state.acceptedIds.count == pending.count && state.acceptedIds.values.allSatisfy { $0 == 1 }, "each action is carried out once")
            #expect(state.badSignatures.withLock { $0 } == 0)
            #expect(try host.store.actions(ActionQuery(statuses: [.pending], app: "github")).isEmpty)
        }
    }

    @Test func a400FailsTheActionWithTheExecutorsMessage() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Executor(script: [400])
        try await Self.executor(state).test(TestingSetup.live) { client in
            let host = try await Self.host(port: client.port!, dir: dir, clock: Self.wallClock)
            let summary = try await dispatcher(host).runOnce(app: "github")
            #expect(summary.failed.count == 1)
            let failed = try #require(summary.failed.first)
            #expect(failed.1 == "executor says 400")
            #expect(try host.store.action(id: failed.0.id)?.status == .failed)
            let again = try await dispatcher(host).runOnce(app: "github")
            #expect(again.done.isEmpty && again.failed.isEmpty, "a failed action is not sent again")
        }
    }

    @Test func twoDispatchersAtOnceCarryOutEachActionOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Executor()
        try await Self.executor(state).test(TestingSetup.live) { client in
            let host = try await Self.host(port: client.port!, dir: dir, clock: Self.wallClock)
            let pending = try host.store.actions(ActionQuery(statuses: [.pending], app: "github")).count
            async let a = dispatcher(host, holder: "a").runOnce(app: "github")
            async let b = dispatcher(host, holder: "b").runOnce(app: "github")
            let (ra, rb) = try await (a, b)
            #expect(ra.done.count + rb.done.count == pending)
            #expect(state.acceptedIds.count == pending && state.acceptedIds.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func aMissingSecretIsRetriedNotSentUnsigned() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Executor()
        try await Self.executor(state).test(TestingSetup.live) { client in
            let host = try await Self.host(port: client.port!, dir: dir, clock: Self.wallClock)
            let summary = try await Dispatcher(host: host, client: .shared, holder: "t", environment: [:], clock: Self.wallClock).runOnce(app: "github")
            #expect(summary.done.isEmpty && !summary.retrying.isEmpty)
            #expect(summary.retrying.allSatisfy { $0.1.contains("EXECUTOR_SECRET") })
            #expect(state.acceptedIds.isEmpty && state.badSignatures.withLock { $0 } == 0, "nothing reached the executor")
        }
    }
}
