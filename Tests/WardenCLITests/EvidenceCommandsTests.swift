
import Foundation
import Testing
import WardenTesting

/// explain, plan, schema and audit, run as the real binary.
@Suite struct EvidenceCommandsTests {
    static func ingested(_ dir: TemporaryDirectory) async throws -> String {
        let db = dir.path("w.db")
        let r = try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"])
        #expect(r.status == 0)
        return db
    }

    @Test func explainShowsTheLeaversEventDeadlineArithmeticAndOwner() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.ingested(dir)
        let r = try await WardenBinary.run(["explain", "--db", db, "--user", "betty.holberton@example.com", "--app", "workday", "--at", "2026-10-09T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("inactive"))
        #expect(r.stdout.contains("Workday (workday) — owner People Systems"))
        #expect(r.stdout.contains("pending: deprovision — user deactivated at 2026-10-08 17:30 UTC + deprovision deadline 4h = due 21:30 UTC"))
        let json = try await WardenBinary.run(["explain", "--db", db, "--user", "betty.holberton@example.com", "--format", "json", "--at", "2026-10-09T00:00:00Z"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let apps = try #require(object["apps"] as? [[String: Any]])
        #expect(apps.count == 6)
    }

    @Test func explainNamesTheFailedConditionWithFileAndLine() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.ingested(dir)
        let r = try await WardenBinary.run(["explain", "--db", db, "--user", "ada.lovelace@example.com", "--app", "github", "--at", "2026-10-09T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("planned: none · entitled now: nothing"))
        let failing = r.stdout.split(separator: "\n").filter { $0.contains("✘ groups any of [`GitHub Admins`]") }
        #expect(failing.count == 1)
        #expect(failing.first?.hasSuffix("./policies/apps/github.yaml:23:7") == true)
        let unknown = try await WardenBinary.run(["explain", "--db", db, "--user", "nobody@example.com"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no user `nobody@example.com`"))
    }

    @Test func planListsExactlyTheRevokesAndWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.ingested(dir)
        let proposed = dir.url.appendingPathComponent("proposed")
        try FileManager.default.copyItem(atPath: Repository.policies, toPath: proposed.path)
        let github = proposed.appendingPathComponent("apps/github.yaml")
        let text = try String(contentsOf: github, encoding: .utf8)
        try text.replacingOccurrences(of: "groups: { any: [\"GitHub Admins\"] }", with: "groups: { any: [\"GitHub Owners\"] }")
            .write(to: github, atomically: true, encoding: .utf8)
        func digest() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: db)) }
        let before = try digest()
        let r = try await WardenBinary.run(["plan", "--db", db, "--policies", proposed.path, "--format", "json", "--now", "2026-10-21T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try digest() == before, "plan must not change the database")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let apps = try #require(plan["apps"] as? [[String: Any]])
        #expect(apps.map { $0["app"] as? String } == ["github"])
        let revokes = try #require(apps.first?["revoke"] as? [[String: Any]])
        let who = revokes.map { (($0["user"] as? [String: Any])?["email"] as? String ?? "") + "/" + ($0["role"] as? String ?? "") }.sorted()
        #expect(who == ["barbara.liskov@example.com/admin", "ken.thompson@example.com/admin"])
        #expect(plan["owners_affected"] as? [String] == ["platform"])
        let text2 = try await WardenBinary.run(["plan", "--db", db, "--policies", Repository.policies, "--now", "2026-10-21T00:00:00Z"])
        #expect(text2.stdout.contains("no changes: deploying these policies creates no actions"))
    }

    @Test func schemaValidatesTheBundledPolicies() async throws {
        let schema = try await WardenBinary.run(["schema"])
        #expect(schema.status == 0)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try schema.stdout.write(toFile: dir.path("schema.json"), atomically: true, encoding: .utf8)
        let script = """
        import glob, json, sys, yaml, jsonschema
        v = jsonschema.Draft7Validator(json.load(open(sys.argv[1])))
        def norm(x):
            if isinstance(x, dict): return {k: norm(w) for k, w in x.items()}
            if isinstance(x, list): return [norm(i) for i in x]
            return x.isoformat() if hasattr(x, "isoformat") else x
        docs = [norm(d) for f in sorted(glob.glob(sys.argv[2] + "/**/*.yaml", recursive=True)) for d in yaml.safe_load_all(open(f)) if d]
        bad = sum(1 for d in docs for _ in v.iter_errors(d))
        typo = len(list(v.iter_errors({"apiVersion": "warden/v1", "kind": "Owner", "id": "x", "name": "X", "contact": "c", "escalaton": "y"})))
        print(len(docs), bad, typo)
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path("schema.json"), Repository.policies]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let result = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result == "47 0 1", "documents, schema errors in bundled policies, errors for a typo")
    }

    @Test func auditVerifiesAndExports() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try await Self.ingested(dir)
        let verify = try await WardenBinary.run(["audit", "verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("audit chain ok: "))
        let export = try await WardenBinary.run(["audit", "export", "--db", db])
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count > 250)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }
}
