import Foundation
import Testing
@testable import WardenCLI
import WardenTesting

/// `warden report` on the bundled examples, after the deadlines passed and the violations were escalated.
@Suite struct ReportCommandTests {
    static let reportTime = "2026-10-21T12:00:00Z"

    /// Ingests the examples, then checks twice: violations open at the first check, and are escalated at the second.
    static func escalated(_ dir: TemporaryDirectory) async throws -> String {
        let db = dir.path("w.db")
        #expect(try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"]).status == 0)
        _ = try await WardenBinary.run(["check", "--db", db, "--now", "2026-10-20T00:00:00Z"])
        _ = try await WardenBinary.run(["check", "--db", db, "--now", reportTime])
        return db
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func jsonReportsHoldEveryOpenViolationWithItsOwnerAndItsEscalation() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.escalated(dir)
        let r = try await WardenBinary.run(["report", "--db", db, "--format", "json", "--now", Self.reportTime])
        #expect(r.status == 0, "\(r.stderr)")
        let reports = try Self.objects(r.stdout)
        #expect(reports.compactMap { ($0["owner"] as? [String: Any])?["id"] as? String }
            == ["cloud-infra", "eng-leadership", "it", "people-systems", "platform", "revops", "security", "sre"])
        #expect(reports.allSatisfy { $0["schema_version"] as? Int == 1 && $0["generated_at"] as? String == Self.reportTime })
        var holders: [String: [(owner: String, escalated: Bool)]] = [:]
        for report in reports {
            let owner = (report["owner"] as? [String: Any])?["id"] as? String ?? ""
            for v in report["violations"] as? [[String: Any]] ?? [] {
                holders[v["id"] as? String ?? "", default: []].append((owner, v["via_escalation"] as? Bool ?? false))
            }
        }
        let open = try Self.objects(try await WardenBinary.run(["violations", "--db", db, "--status", "open", "--format", "json"]).stdout)
        #expect(open.count > 100)
        for v in open {
            let id = try #require(v["id"] as? String)
            let owner = (v["owner"] as? [String: Any])?["id"] as? String
            let escalation = try #require((v["escalated_to"] as? [String: Any])?["id"] as? String, "\(id) was escalated")
            let held = holders[id] ?? []
            #expect(held.count == 2, "\(id) is in exactly two reports")
            #expect(held.contains { $0.owner == owner && !$0.escalated }, "\(id) is in its owner's report")
            #expect(held.contains { $0.owner == escalation && $0.escalated }, "\(id) is in its escalation's report, marked")
        }
    }

    @Test func htmlFilesOnePerOwnerWithEscalatedItemsMarked() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.escalated(dir)
        let out = dir.path("reports/html")
        let r = try await WardenBinary.run(["report", "--db", db, "--format", "html", "--out", out, "--now", Self.reportTime])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count == 8 && files.allSatisfy { $0.hasSuffix(".html") })
        #expect(r.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent }.sorted() == files)
        let security = try String(contentsOfFile: out + "/security.html", encoding: .utf8)
        #expect(security.contains("<h1>Security Team</h1>"))
        #expect(security.contains("Escalated to you from People Systems (people-systems)"))
        #expect(!security.contains("<script") && !security.contains("http"))
        let people = try String(contentsOfFile: out + "/people-systems.html", encoding: .utf8)
        #expect(people.contains("betty.holberton@example.com") && !people.contains("Escalated to you"))
    }

    @Test func oneOwnerAsMarkdownAndCSVOnStandardOutput() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.escalated(dir)
        let md = try await WardenBinary.run(["report", "--db", db, "--owner", "it", "--format", "md", "--now", Self.reportTime])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.hasPrefix("# Open violations: IT Operations\n"))
        #expect(md.stdout.components(separatedBy: "\n# Open violations: ").count == 1, "one report")
        let all = try await WardenBinary.run(["report", "--db", db, "--format", "md", "--now", Self.reportTime])
        #expect(all.stdout.components(separatedBy: "\n\n# Open violations: ").count == 8, "eight reports, a blank line between")
        let csv = try await WardenBinary.run(["report", "--db", db, "--format", "csv", "--now", Self.reportTime])
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines.first?.hasPrefix("report_owner,id,severity,kind,summary,") == true)
        #expect(lines.filter { $0.hasPrefix("report_owner,") }.count == 1)
    }

    @Test func anUnknownOwnerIsAnErrorWithASuggestion() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try await WardenBinary.run(["report", "--db", dir.path("w.db"), "--owner", "people-sytems", "--format", "md"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: unknown owner `people-sytems`; did you mean `people-systems`?"))
        #expect(r.stdout.isEmpty)
    }

    @Test func anOwnerWithNothingOpenGetsAnExplicitReport() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try await WardenBinary.run(["report", "--db", dir.path("w.db"), "--owner", "sre", "--format", "md", "--now", Self.reportTime])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("**No open violations.** Nothing is waiting on Site Reliability."))
    }

    /// The command run in-process (it works before `report` is registered as a subcommand).
    @Test func writesOneFilePerOwnerInProcess() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.escalated(dir)
        let out = dir.path("md")
        let command = try ReportCommand.parse(["--db", db, "--policies", Repository.policies, "--format", "md", "--out", out,
                                                "--now", Self.reportTime])
        try await command.run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            == ["cloud-infra", "eng-leadership", "it", "people-systems", "platform", "revops", "security", "sre"].map { "\($0).md" })
        let security = try String(contentsOfFile: out + "/security.md", encoding: .utf8)
        #expect(security.contains("> **↑ escalated to you from People Systems (people-systems)**"))
        #expect(security.contains("**Generated:** 2026-10-21 12:00 UTC"))
        let unknown = try ReportCommand.parse(["--db", db, "--policies", Repository.policies, "--format", "md", "--owner", "secrity"])
        await #expect(throws: Exit.self) { try await unknown.run() }
    }
}
