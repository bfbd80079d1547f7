import Foundation
import Testing
import WardenTesting

/// ingest, actions, ack, check, violations and demo, run as the real binary on the bundled examples.
@Suite struct RuntimeCommandsTests {
    static let examples = Repository.examples + "/events.jsonl"

    @Test func ingestIsIdempotentAndPrintsTheNewActions() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        let first = try await WardenBinary.run(["ingest", "--db", db, Self.examples])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("155 events: 144 applied, 3 duplicate, 2 stale, 6 ignored, 0 rejected; 142 new actions"))
        #expect(first.stdout.hasPrefix("ID"))
        #expect(first.stdout.split(separator: "\n").count == 143)
        let second = try await WardenBinary.run(["ingest", "--db", db, Self.examples])
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 applied, 155 duplicate") && second.stderr.contains("; 0 new actions"))
        #expect(second.stdout == "no actions\n")
        let pending = try await WardenBinary.run(["actions", "--db", db, "--status", "pending", "--app", "github", "--format", "jsonl"])
        let records = pending.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(!records.isEmpty && records.allSatisfy { $0["app"] as? String == "github" && $0["status"] as? String == "pending" })
    }

    @Test func malformedEventsAreReportedWithLineAndFieldAndTheRestApplies() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lines = try String(contentsOfFile: Self.examples, encoding: .utf8).split(separator: "\n").prefix(40).map(String.init)
        var broken = lines
        let userLine = try #require(broken.indices.first { broken[$0].contains("\"dsync.user.created\"") })
        broken[userLine] = broken[userLine].replacingOccurrences(of: "\"created_at\":\"2026", with: "\"created_at\":\"yesterday")
        broken.insert("this is not json", at: 5)
        try broken.joined(separator: "\n").write(toFile: dir.path("events.jsonl"), atomically: true, encoding: .utf8)
        let r = try await WardenBinary.run(["ingest", "--db", dir.path("w.db"), dir.path("events.jsonl")])
        #expect(r.status == 1)
        let file = dir.path("events.jsonl")
        #expect(r.stderr.contains("\(file):6: error: invalid JSON at column 1: "))
        #expect(r.stderr.contains("\(file):\(userLine + 2): error: field `created_at`: `yesterday") || r.stderr.contains("field `data.created_at`"))
        #expect(r.stderr.contains("2 rejected"))
        #expect(r.stderr.contains("41 events: "))
    }

    @Test func checkFailsOnCriticalAndAckResolves() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        _ = try await WardenBinary.run(["ingest", "--db", db, Self.examples])
        let early = try await WardenBinary.run(["check", "--db", db, "--now", "2026-09-01T00:00:00Z", "--fail-on", "critical"])
        #expect(early.status == 0, "\(early.stderr)")
        let late = try await WardenBinary.run(["check", "--db", db, "--now", "2026-10-20T00:00:00Z", "--fail-on", "critical", "--format", "json"])
        #expect(late.status == 2)
        let opened = try #require(try JSONSerialization.jsonObject(with: Data(late.stdout.utf8)) as? [[String: Any]])
        let critical = try #require(opened.first { ($0["summary"] as? String)?.hasPrefix("betty.holberton@example.com left on") == true && $0["app"] as? String == "workday" })
        #expect(critical["severity"] as? String == "critical")
        #expect((critical["owner"] as? [String: Any])?["id"] as? String == "people-systems")
        let action = try #require(critical["action"] as? String)
        let ack = try await WardenBinary.run(["ack", "--db", db, action, "--now", "2026-10-20T01:00:00Z"])
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout == "\(action): done\n")
        let resolved = try await WardenBinary.run(["violations", "--db", db, "--status", "resolved", "--format", "jsonl"])
        #expect(resolved.stdout.contains(critical["id"] as! String))
        let unknown = try await WardenBinary.run(["ack", "--db", db, "act_000000000000000000000000"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no action `act_000000000000000000000000`"))
    }

    @Test func aSecondCheckAtTheSameTimeChangesNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        _ = try await WardenBinary.run(["ingest", "--db", db, Self.examples])
        let first = try await WardenBinary.run(["check", "--db", db, "--now", "2026-10-20T00:00:00Z"])
        #expect(!first.stderr.contains(": 0 actions and 0 violations changed"), "the first check opens the overdue violations: \(first.stderr)")
        let audit = try await WardenBinary.run(["audit", "export", "--db", db]).stdout
        for _ in 0..<2 {
            let again = try await WardenBinary.run(["check", "--db", db, "--now", "2026-10-20T00:00:00Z", "--format", "json"])
            #expect(again.stderr.contains("checked at 2026-10-20T00:00:00Z: 0 actions and 0 violations changed"), "\(again.stderr)")
            #expect(again.stdout == "[]\n")
        }
        #expect(try await WardenBinary.run(["audit", "export", "--db", db]).stdout == audit, "no new audit entries")
    }

    @Test func replayingIntoFreshDatabasesGivesIdenticalOutput() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var outputs: [String] = []
        for name in ["a.db", "b.db"] {
            _ = try await WardenBinary.run(["ingest", "--db", dir.path(name), Self.examples])
            _ = try await WardenBinary.run(["check", "--db", dir.path(name), "--now", "2026-10-20T00:00:00Z"])
            let actions = try await WardenBinary.run(["actions", "--db", dir.path(name), "--format", "json"]).stdout
            let violations = try await WardenBinary.run(["violations", "--db", dir.path(name), "--format", "json"]).stdout
            outputs.append(actions + violations)
        }
        #expect(outputs[0].count > 10_000)
        #expect(outputs[0] == outputs[1])
    }

    @Test func demoTellsTheWholeStory() async throws {
        let r = try await WardenBinary.run(["demo"])
        #expect(r.status == 0, "\(r.stderr)")
        for part in ["1. Policies", "Joiners are provisioned", "A mover loses a role", "Leavers are deprovisioned",
                     "A missed leaver deadline reaches its owner", "[critical]", "escalated from", "the violation is resolved",
                     "Where to go next"] {
            #expect(r.stdout.contains(part), "missing \(part)")
        }
    }
}
