import Foundation
import Testing
import WardenPolicy
import WardenTesting

/// `kill -9` in the middle of a large ingest loses nothing and duplicates nothing.
@Suite struct CrashSafetyTests {
    @Test func killedIngestResumesToExactlyTheCleanResult() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let workload = Workload(.init(users: 1_000, groups: 120, apps: 15, events: 0, seed: 11))
        let policies = dir.url.appendingPathComponent("policies")
        for file in workload.policyFiles {
            let url = dir.url.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let lines = workload.seedEventLines() + workload.eventLines(4_000)
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path("events.jsonl"), atomically: true, encoding: .utf8)
        func ingest(_ db: String) -> [String] {
            ["ingest", "--db", db, "--policies", policies.path, dir.path("events.jsonl"), "--batch-size", "200", "--format", "jsonl"]
        }

        let clean = try await WardenBinary.run(ingest(dir.path("clean.db")))
        #expect(clean.status == 0, "\(clean.stderr)")

        // Kill the process while batches are being committed, then run the same ingest again.
        let killed = try WardenBinary.start(ingest(dir.path("killed.db")))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, await committedEvents(dir.path("killed.db")) < 3_000 { try await Task.sleep(for: .milliseconds(20)) }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        let atKill = await committedEvents(dir.path("killed.db"))
        #expect(atKill > 0 && atKill < lines.count, "the kill should land mid-ingest (committed \(atKill) of \(lines.count))")
        let resumed = try await WardenBinary.run(ingest(dir.path("killed.db")))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(await committedEvents(dir.path("killed.db")) == lines.count)

        func dump(_ db: String) async throws -> String {
            try await WardenBinary.run(["actions", "--db", db, "--format", "json"]).stdout
        }
        let cleanActions = try await dump(dir.path("clean.db"))
        #expect(cleanActions.count > 1_000)
        #expect(try await dump(dir.path("killed.db")) == cleanActions, "resumed ingest must end with exactly the clean run's actions")
    }

    /// Events recorded in the database (each id once), counted by `warden events --count`.
    func committedEvents(_ db: String) async -> Int {
        guard FileManager.default.fileExists(atPath: db),
              let r = try? await WardenBinary.run(["events", "--db", db, "--count"]) else { return 0 }
        return Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
