import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing
import WardenServer

/// Limits on the connection itself, seen by a raw TCP client against the live server: oversized
/// request heads, slow heads (slowloris) and slow bodies.
@Suite struct ConnectionLimitsTests {
    @Test func aHeadOverTheLimitIsAnswered431AndChangesNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(TestingSetup.live) { client in
            let big = String(repeating: "a", count: 40 << 10)
            let reply = try await RawConnection.exchange(port: client.port!, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 431"), "\(reply.prefix(80))")
            let ok = try await RawConnection.exchange(port: client.port!, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(ok.hasPrefix("HTTP/1.1 200"), "the server still answers: \(ok.prefix(60))")
        }
    }

    @Test func tooManyHeaderFieldsAreAnswered431() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(TestingSetup.live) { client in
            let fields = (0..<150).map { "X-F\($0): v\r\n" }.joined()
            let reply = try await RawConnection.exchange(port: client.port!, "GET /healthz HTTP/1.1\r\nHost: x\r\n\(fields)\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 431"), "\(reply.prefix(80))")
        }
    }

    @Test func slowHeadsAreCutOffWhileOtherClientsAreServed() async throws {
        var fixture = try ServerFixture()
        fixture.config.headTimeout = .seconds(3)
        try await fixture.app().test(TestingSetup.live) { client in
            let port = client.port!
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: (String, Duration).self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        // One header line every 100 ms: never a complete head.
                        let reply = try await RawConnection.trickle(port: port, head: "POST /webhooks/workos HTTP/1.1\r\nHost: x\r\n",
                                                                    line: "X-Slow: 1\r\n", every: .milliseconds(100), atMost: 300)
                        return (reply, ContinuousClock.now - start)
                    }
                }
                // Fresh connections: the test client's kept-alive one may itself idle past the head timeout.
                // The first answer must come while the slow heads still hold their connections; the
                // rest only have to be answered (on a loaded CI machine each one can take half a second).
                var served: Duration?
                for _ in 0..<20 {
                    let ok = try await RawConnection.exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    #expect(ok.hasPrefix("HTTP/1.1 200"), "\(ok.prefix(60))")
                    if served == nil { served = ContinuousClock.now - start }
                }
                for try await (reply, closedAfter) in group {
                    #expect(reply.isEmpty, "a slow head got an answer: \(reply.prefix(60))")
                    #expect(served! < closedAfter, "the other client was served only after the slow ones were cut off")
                    #expect(closedAfter < .seconds(20), "a slow head kept its connection for \(closedAfter)")
                }
            }
        }
    }

    @Test func aBodyThatStopsArrivingIsCutOffAndNothingIsRecorded() async throws {
        var fixture = try ServerFixture()
        fixture.config.bodyTimeout = .seconds(1)
        let app = try await fixture.app()
        try await app.test(TestingSetup.live) { client in
            let body = try #require(ServerFixture.examples.first { $0.contains("\"dsync.user.created\"") })
            let head = "POST /webhooks/workos HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + ServerFixture.signed(body).map { "\($0.name): \($0.value)\r\n" }.joined()
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(20))
            let start = ContinuousClock.now
            let reply = try await RawConnection.exchange(port: client.port!, head)
            #expect(!reply.hasPrefix("HTTP/1.1 2"), "\(reply.prefix(80))")
            #expect(ContinuousClock.now - start < .seconds(15))
            // The cut-off event was not recorded: sent whole, it applies for the first time.
            let whole = try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(body),
                                                 body: ByteBuffer(string: body))
            #expect(ServerFixture.json(whole)["status"]?.stringValue == "applied")
        }
    }
}

/// A plain TCP client for requests no HTTP client would send.
enum RawConnection {
    /// Sends `request` and returns everything the server writes until it closes the connection.
    static func exchange(port: Int, _ request: String) async throws -> String {
        try await trickle(port: port, head: request, line: "", every: .zero, atMost: 0)
    }

    /// Sends `head`, then `line` every `every` up to `atMost` times or until the server closes;
    /// returns what the server wrote.
    static func trickle(port: Int, head: String, line: String, every: Duration, atMost: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let writer = Task {
                try await outbound.write(ByteBuffer(string: head))
                for _ in 0..<atMost {
                    try await Task.sleep(for: every)
                    try await outbound.write(ByteBuffer(string: line))
                }
            }
            defer { writer.cancel() }
            var received = ""
            do {
                for try await chunk in inbound { received += String(buffer: chunk) }
            } catch {
                // A reset after the server closed on unread input ends the exchange like a close.
            }
            return received
        }
    }
}
