import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WardenPolicy
import WardenTesting

/// `warden serve` (the real binary) with a webhook connector: its dispatch worker carries the
/// pending actions out with no `warden enforce`, and the executor's secret appears nowhere —
/// not in the database or its WAL, the server's logs, explain, any report format or the audit export.
@Suite struct ServeDispatchTests {
    static let secret = "executor-secret-\(UInt32.random(in: 0...UInt32.max))"

    @Test func theServersDispatchWorkerCarriesOutActionsAndTheSecretLeaksNowhere() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = WebhookConnectorTests.Executor()
        try await WebhookConnectorTests.executor(state, secret: Self.secret).test(TestingSetup.live) { client in
            let policies = try ConnectorFixture.policies(
                in: dir, app: "github", connector: "webhook: { url: \"http://127.0.0.1:\(client.port!)/execute\", secret-env: EXECUTOR_SECRET }")
            let db = dir.path("w.db")
            let common = ["--db", db, "--policies", policies]
            #expect(try await WardenBinary.run(["ingest"] + common + [Repository.examples + "/events.jsonl"]).status == 0)
            let pending = try JSONParser.parse(try await WardenBinary.run(["actions"] + common + ["--status", "pending", "--app", "github", "--format", "json"]).stdout)
            guard case .array(let due) = pending, !due.isEmpty else { Issue.record("no pending GitHub actions"); return }

            let server = try WardenBinary.start(["serve", "--port", "0"] + common,
                                                environment: ["EXECUTOR_SECRET": Self.secret, "WARDEN_DISPATCH_INTERVAL": "1s", "LOG_LEVEL": "trace"])
            let log = ServerLog(server)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            // Done means acked in the database, not merely received by the executor.
            func stillPending() async throws -> Bool {
                try await WardenBinary.run(["actions"] + common + ["--status", "pending", "--app", "github"]).stdout != "no actions\n"
            }
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, server.isRunning {
                if !state.acceptedIds.isEmpty, try await !stillPending() { break }
                try await Task.sleep(for: .milliseconds(300))
            }
            // The server's first check also makes the mover revokes whose grace has passed pending.
            let accepted = state.acceptedIds
            let dueIds = Set(due.compactMap { $0["id"]?.stringValue })
            #expect(dueIds.isSubset(of: Set(accepted.keys)), "every pending GitHub action reached the executor: \(log.text.suffix(2000))")
            #expect(accepted.values.allSatisfy { $0 == 1 } && state.badSignatures.withLock { $0 } == 0)
            var leaks: [String: Bool] = [:]
            for file in [db, db + "-wal"] where FileManager.default.fileExists(atPath: file) {
                leaks[file] = try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data(Self.secret.utf8)) != nil
            }
            #expect(FileManager.default.fileExists(atPath: db + "-wal"), "the server holds the database open in WAL mode")
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
            let logs = log.finish()
            #expect(logs.contains("dispatch"), "the worker logs what it did")
            leaks["serve logs"] = logs.contains(Self.secret)

            let after = try JSONParser.parse(try await WardenBinary.run(["actions"] + common + ["--app", "github", "--format", "json"]).stdout)
            guard case .array(let all) = after else { Issue.record("no actions"); return }
            #expect(!all.contains { $0["status"]?.stringValue == "pending" }, "nothing is left pending for GitHub")
            for id in accepted.keys {
                let action = all.first { $0["id"]?.stringValue == id }
                #expect(action?["status"]?.stringValue == "done" && action?["resolution"]?["source"]?.stringValue == "connector", "\(id)")
            }
            for format in ["json", "md", "csv", "html"] {
                leaks["report \(format)"] = try await WardenBinary.run(["report"] + common + ["--format", format]).stdout.contains(Self.secret)
            }
            leaks["explain"] = try await WardenBinary.run(["explain"] + common + ["--user", "frances.allen@example.com"]).stdout.contains(Self.secret)
            leaks["audit export"] = try await WardenBinary.run(["audit", "export", "--db", db]).stdout.contains(Self.secret)
            #expect(leaks.filter(\.value).isEmpty, "the secret leaked into \(leaks.filter(\.value).keys.sorted())")
            #expect(leaks.count == 9)
        }
    }

    /// Collects a running process's stderr in the background.
    final class ServerLog: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchGroup()

        init(_ process: Process) {
            let handle = (process.standardError as! Pipe).fileHandleForReading
            done.enter()
            DispatchQueue.global().async {
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    self.lock.withLock { self.data.append(chunk) }
                }
                self.done.leave()
            }
        }

        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

        /// Everything the process wrote, once its stderr closed.
        func finish() -> String {
            done.wait()
            return text
        }
    }
}
