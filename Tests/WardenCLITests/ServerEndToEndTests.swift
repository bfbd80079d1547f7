import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WardenIngest
import WardenPolicy
import WardenTesting

/// `warden serve` as a real process on 127.0.0.1: webhooks in, actions out through the API,
/// acks, metrics, kill -9 durability, SIGHUP reload, SIGTERM shutdown.
@Suite(.serialized) struct ServerEndToEndTests {
    static let secret = "whsec_e2e"
    static let token = "e2e-api-token"
    static let lines = try! String(contentsOfFile: Repository.examples + "/events.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)

    /// A running server and how to reach it.
    final class Server {
        let process: Process
        let port: Int
        let stderr: Pipe

        init(db: String, policies: String = Repository.policies) throws {
            process = try WardenBinary.start(["serve", "--port", "0", "--db", db, "--policies", policies],
                                             environment: ["WARDEN_WORKOS_WEBHOOK_SECRET": ServerEndToEndTests.secret,
                                                           "WARDEN_API_TOKEN": ServerEndToEndTests.token])
            stderr = process.standardError as! Pipe
            var text = ""
            var found: Int?
            let deadline = Date().addingTimeInterval(60)
            while found == nil, Date() < deadline {
                let data = stderr.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: "warden listening on 127.0.0.1:") {
                    found = Int(text[range.upperBound...].prefix { $0.isNumber })
                }
            }
            guard let found else { throw E2EError("server did not start: \(text)") }
            port = found
        }

        func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> (Int, String) {
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            r.httpMethod = method
            r.httpBody = body.map { Data($0.utf8) }
            for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
            let (data, response) = try await URLSession.shared.data(for: r)
            return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
        }

        func webhook(_ line: String) async throws -> Int {
            let header = WebhookSignature.header(body: Array(line.utf8), secret: ServerEndToEndTests.secret,
                                                 at: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            return try await request("POST", "/webhooks/workos", body: line, headers: ["WorkOS-Signature": header]).0
        }

        var api: [String: String] { ["Authorization": "Bearer \(ServerEndToEndTests.token)"] }

        func stop(_ signal: Int32 = SIGTERM) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct E2EError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    @Test func webhooksToActionsToAcksToMetrics() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let server = try Server(db: dir.path("w.db"))
        for line in Self.lines.prefix(30) { #expect(try await server.webhook(line) == 200) }
        let (status, body) = try await server.request("GET", "/api/v1/actions?status=pending&limit=1000", headers: server.api)
        #expect(status == 200)
        let page = try JSONParser.parse(body)
        guard case .array(let actions)? = page["data"] else { Issue.record("no actions"); return }
        #expect(actions.count > 10)
        let before = try await server.request("GET", "/metrics").1
        for a in actions.prefix(5) {
            let id = a["id"]!.stringValue!
            #expect(try await server.request("POST", "/api/v1/actions/\(id)/ack", body: #"{"status":"done"}"#, headers: server.api).0 == 200)
        }
        let after = try await server.request("GET", "/metrics").1
        #expect(after.contains("warden_propagation_lag_seconds_count"))
        #expect(Self.counter(after, "warden_actions{type=\"provision\",status=\"done\"}") ?? 0 > Self.counter(before, "warden_actions{type=\"provision\",status=\"done\"}") ?? 0)
        #expect(Self.counter(after, "warden_events_total{type=\"dsync.user.created\",outcome=\"applied\"}") ?? 0 >= 1)
        #expect(server.stop() == 0, "SIGTERM drains and exits 0")
    }

    /// The first sample of a metric line, e.g. `name{labels} 3`.
    static func counter(_ text: String, _ prefix: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func everyAcknowledgedEventSurvivesKill9() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let server = try Server(db: dir.path("w.db"))
        var acknowledged = 0
        for line in Self.lines.prefix(80) where try await server.webhook(line) == 200 { acknowledged += 1 }
        _ = server.stop(SIGKILL)
        let counted = try await WardenBinary.run(["events", "--db", dir.path("w.db"), "--count"])
        let ids = Set(Self.lines.prefix(80).compactMap { (try? JSONParser.parse($0))?["id"]?.stringValue })
        #expect(acknowledged == 80)
        #expect(Int(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == ids.count)
        let restarted = try Server(db: dir.path("w.db"))
        #expect(try await restarted.webhook(Self.lines[0]) == 200)
        #expect(restarted.stop() == 0)
        #expect(try await WardenBinary.run(["audit", "verify", "--db", dir.path("w.db")]).status == 0)
    }

    @Test func sighupReloadsGoodPoliciesAndRefusesBrokenOnes() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let policies = dir.url.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: Repository.policies, toPath: policies.path)
        let server = try Server(db: dir.path("w.db"), policies: policies.path)
        let settings = policies.appendingPathComponent("settings.yaml")
        let original = try String(contentsOf: settings, encoding: .utf8)
        try (original + "\nbroken: [\n").write(to: settings, atomically: true, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await server.request("GET", "/readyz").0 == 200, "the old policies keep running")
        try original.replacingOccurrences(of: "escalate-after: 24h", with: "escalate-after: 12h").write(to: settings, atomically: true, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .milliseconds(800))
        #expect(server.stop() == 0)
        let log = String(decoding: server.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("policy reload refused"))
        #expect(log.contains("policies reloaded"))
    }
}
