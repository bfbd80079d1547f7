import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WardenPolicy
import WardenTesting

/// Connectors against a real SCIM 2.0 server (`scim2-server` from PyPI, installed by `.ci/run` in
/// `.venv-scim`; override with SCIM2_SERVER): events in → actions → carried out downstream →
/// live reconcile; a leaver within one dispatch cycle; an outage retried past the deadline;
/// orphans found; no secret anywhere.
@Suite(.serialized) struct ConnectorEndToEndTests {
    static let token = "scim-downstream-token-\(UInt32.random(in: 0...UInt32.max))"
    static var serverPath: String {
        ProcessInfo.processInfo.environment["SCIM2_SERVER"] ?? Repository.root.appendingPathComponent(".venv-scim/bin/scim2-server").path
    }

    final class Downstream {
        let process: Process
        let port: Int

        init(port: Int) async throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: ConnectorEndToEndTests.serverPath)
            process.arguments = ["--hostname", "127.0.0.1", "--port", String(port), "--bearer-token", ConnectorEndToEndTests.token]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.port = port
            for _ in 0..<100 {
                if (try? request("GET", "/Users?count=1").0) == 200 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw E2E("scim2-server did not start")
        }

        func request(_ method: String, _ path: String, body: String? = nil) throws -> (Int, JSONValue?) {
            let done = DispatchSemaphore(value: 0)
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v2\(path)")!)
            r.httpMethod = method
            r.setValue("Bearer \(ConnectorEndToEndTests.token)", forHTTPHeaderField: "Authorization")
            r.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
            r.httpBody = body.map { Data($0.utf8) }
            nonisolated(unsafe) var result: (Int, JSONValue?) = (0, nil)
            URLSession.shared.dataTask(with: r) { data, response, _ in
                result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.flatMap { try? JSONParser.parse(Array($0)) })
                done.signal()
            }.resume()
            done.wait()
            return result
        }

        /// An account downstream: its roles and whether it is active.
        struct Account: Equatable {
            var roles: [String]
            var active: Bool
        }

        /// userName → every account downstream.
        func accounts() throws -> [String: Account] {
            guard case .array(let users)? = try request("GET", "/Users?startIndex=1&count=500").1?["Resources"] else { return [:] }
            var out: [String: Account] = [:]
            for u in users {
                guard let name = u["userName"]?.stringValue else { continue }
                var roles: [String] = []
                if case .array(let values)? = u["roles"] { roles = values.compactMap { $0["value"]?.stringValue }.sorted() }
                out[name] = Account(roles: roles, active: u["active"] != .bool(false))
            }
            return out
        }

        /// Stops the server. SIGKILL, because it ignores SIGTERM and a shell's background job
        /// starts it with SIGINT ignored too; its state is in memory, so nothing is lost that matters.
        func stop() {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    struct E2E: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func freePort() -> Int { Int.random(in: 20_000..<40_000) }

    /// The bundled policies with GitHub (delete on deprovision) and Slack (leavers suspended)
    /// carried out over SCIM.
    static func policies(in dir: TemporaryDirectory, github: Int, slack: Int) throws -> String {
        let policies = dir.url.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: Repository.policies, toPath: policies.path)
        for (app, port, extra) in [("github", github, ", deprovision: delete"), ("slack", slack, "")] {
            let file = policies.appendingPathComponent("apps/\(app).yaml")
            try (try String(contentsOf: file, encoding: .utf8) + """

            connector:
              scim: { base-url: "http://127.0.0.1:\(port)/v2", token-env: SCIM_TOKEN, match: email\(extra) }
            """).write(to: file, atomically: true, encoding: .utf8)
        }
        return policies.path
    }

    @Test func connectorsCarryOutActionsAndLiveReconcileConfirmsThem() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.serverPath) else {
            Issue.record("scim2-server not found at \(Self.serverPath): run .ci/run (or pip install scim2-server==0.8.3 into .venv-scim)")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let port = Self.freePort()
        var downstream = try await Downstream(port: port)
        defer { downstream.stop() }
        let slack = try await Downstream(port: port + 1)
        defer { slack.stop() }

        let policies = try Self.policies(in: dir, github: port, slack: port + 1)
        let db = dir.path("w.db")
        let env = ["SCIM_TOKEN": Self.token]
        func warden(_ args: [String], stdin: Data? = nil) async throws -> WardenBinary.Result {
            try await WardenBinary.run(args + ["--db", db, "--policies", policies], environment: env, stdin: stdin)
        }
        let events = try String(contentsOfFile: Repository.examples + "/events.jsonl", encoding: .utf8).split(separator: "\n")

        // 1. Events in → actions → carried out downstream, in three beats: the joiners (provisioned),
        //    then Frances Allen's departure and John Backus's temporary leave (suspended in Slack),
        //    then the rest (John restored on his return).
        #expect(try await warden(["ingest", "-"], stdin: Data(events[..<120].joined(separator: "\n").utf8)).status == 0)
        #expect(try await warden(["enforce"]).status == 0)
        #expect(try slack.accounts()["john.backus@example.com"]?.active == true, "a joiner is provisioned in Slack")
        #expect(try await warden(["ingest", "-"], stdin: Data(events[120..<139].joined(separator: "\n").utf8)).status == 0)
        #expect(try await warden(["enforce"]).status == 0)
        #expect(try slack.accounts()["john.backus@example.com"]?.active == false, "a leaver is suspended in Slack")
        #expect(try await warden(["ingest", "-"], stdin: Data(events[139...].joined(separator: "\n").utf8)).status == 0)
        _ = try await warden(["check"])
        let enforced = try await warden(["enforce"])
        #expect(enforced.status == 0, "\(enforced.stderr)")
        #expect(enforced.stdout.contains("done: restore slack for john.backus@example.com"))
        let slackAccounts = try slack.accounts()
        #expect(slackAccounts["john.backus@example.com"]?.active == true, "restored on his return")
        #expect(slackAccounts["frances.allen@example.com"]?.active == false, "a leaver's Slack account is kept, deactivated")
        let github = try downstream.accounts()
        #expect(github["barbara.liskov@example.com"] == .init(roles: ["admin"], active: true))
        #expect(github["dennis.ritchie@example.com"] == .init(roles: ["member"], active: true), "the admin role was revoked when he left GitHub Admins")
        #expect(github["frances.allen@example.com"] == nil, "a leaver's GitHub account is deleted")
        for app in ["github", "slack"] {
            let live = try await warden(["reconcile", "--app", app, "--format", "json"])
            #expect(live.status == 0, "\(live.stderr)")
            let report = try JSONParser.parse(live.stdout)
            #expect(report["counts"]?["linked"] != .number(0))
            for kind in ["excess_role", "orphaned_account", "unmanaged_account", "missing_access"] {
                #expect(report["counts"]?[kind] == .number(0), "\(app) \(kind): \(live.stdout.prefix(600))")
            }
        }
        let open = try await warden(["violations", "--status", "open", "--format", "json"])
        #expect(!open.stdout.contains("\"app\":\"github\"") && !open.stdout.contains("\"app\":\"slack\""),
                "no open GitHub or Slack violation once everything is carried out")

        // 2. A leaver now: deprovisioned downstream within one dispatch cycle, confirmed by reconcile.
        let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let leaver = Self.deactivation(email: "barbara.liskov@example.com", id: "directory_user_01HALCYONBARBARALISKOV0000", at: now, event: "event_e2e_leaver_1")
        #expect(try await warden(["ingest", "-"], stdin: Data(leaver.utf8)).status == 0)
        #expect(try await warden(["enforce", "--app", "github"]).status == 0)
        #expect(try downstream.accounts()["barbara.liskov@example.com"] == nil)
        #expect(try JSONParser.parse(try await warden(["reconcile", "--app", "github", "--format", "json"]).stdout)["counts"]?["orphaned_account"] == .number(0))

        // 3. Downstream down: the deprovision is retried; past its deadline the owner hears of it;
        //    when the server is back the action completes and the violation resolves.
        downstream.stop()
        let early = now + PolicyDuration(seconds: -5 * 3600)
        let late = Self.deactivation(email: "ken.thompson@example.com", id: "directory_user_01HALCYONKENTHOMPSON000000", at: early, event: "event_e2e_leaver_2")
        #expect(try await warden(["ingest", "-"], stdin: Data(late.utf8)).status == 0)
        let retry = try await warden(["enforce", "--app", "github"])
        #expect(retry.stderr.contains("will retry: deprovision github for ken.thompson@example.com"))
        _ = try await warden(["check"])
        let missed = try await warden(["violations", "--status", "open", "--owner", "platform", "--format", "json"])
        #expect(missed.stdout.contains("ken.thompson@example.com left on"), "the overdue leaver reaches the owner")
        let explain = try await warden(["explain", "--user", "ken.thompson@example.com", "--app", "github"])
        #expect(explain.stdout.contains("via scim: retry"))
        downstream = try await Downstream(port: port)
        // The retry waits out its backoff: a plain pass leaves it; the operator's manual retry completes it.
        #expect(try await !warden(["enforce", "--app", "github"]).stdout.contains("ken.thompson"))
        #expect(try await warden(["enforce", "--app", "github", "--retry-now"]).stdout.contains("done: deprovision github for ken.thompson@example.com"))
        let after = try await warden(["violations", "--status", "open", "--owner", "platform", "--format", "json"])
        #expect(!after.stdout.contains("ken.thompson@example.com left on"), "the violation resolves")

        // 4. Accounts made directly downstream are found.
        _ = try downstream.request("POST", "/Users", body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"stranger@vendor.example","active":true}"#)
        _ = try downstream.request("POST", "/Users", body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"frances.allen@example.com","active":true,"emails":[{"value":"frances.allen@example.com","primary":true}],"roles":[{"value":"member"}]}"#)
        let found = try JSONParser.parse(try await warden(["reconcile", "--app", "github", "--format", "json"]).stdout)
        #expect(found["counts"]?["unmanaged_account"] == .number(1))
        #expect(found["counts"]?["orphaned_account"] == .number(1))

        // 5. The token appears nowhere: database (and WAL, if one is left), explain, every report
        //    format, the audit export, the commands' output. (`ServeDispatchTests` covers `warden serve`'s logs.)
        var leaks: [String: Bool] = ["explain": explain.stdout.contains(Self.token), "enforce": retry.stderr.contains(Self.token)]
        for file in [db, db + "-wal"] where FileManager.default.fileExists(atPath: file) {
            leaks[file] = try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data(Self.token.utf8)) != nil
        }
        for format in ["html", "md", "json", "csv"] {
            leaks["report \(format)"] = try await warden(["report", "--format", format]).stdout.contains(Self.token)
        }
        leaks["audit export"] = try await warden(["audit", "export"]).stdout.contains(Self.token)
        #expect(leaks.filter(\.value).isEmpty, "the token leaked into \(leaks.filter(\.value).keys.sorted())")
        #expect(leaks.count >= 8)
    }

    /// A WorkOS deactivation event for one of the example users.
    static func deactivation(email: String, id: String, at: Timestamp, event: String) -> String {
        #"{"object":"event","id":"\#(event)","event":"dsync.user.updated","data":{"object":"directory_user","id":"\#(id)","directory_id":"directory_01HALCYONOKTA00000000000000","idp_id":"x","email":"\#(email)","state":"inactive","custom_attributes":{},"created_at":"2026-09-01T09:00:00.000Z","updated_at":"\#(at.iso8601)"},"created_at":"\#(at.iso8601)"}"#
    }
}
