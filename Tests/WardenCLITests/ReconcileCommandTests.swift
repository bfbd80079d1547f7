import Foundation
import Testing
import WardenPolicy
import WardenTesting

/// `warden reconcile --app A FILE` (the real binary) over the bundled examples: the table and
/// JSON, owned findings with evidence, actions the export confirms, bad rows by line, refused files.
@Suite struct ReconcileCommandTests {
    static let export = """
        user,roles,status
        barbara.liskov@example.com,admin,active
        dennis.ritchie@example.com,member;admin,active
        frances.allen@example.com,member,active
        stranger@vendor.example,member,active
        ken.thompson@example.com,admin,bogus

        """

    @Test func reconcilesAnExportIntoOwnedFindingsAndConfirmedActions() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        _ = try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"])
        try Self.export.write(toFile: dir.path("github.csv"), atomically: true, encoding: .utf8)
        let reconcile = ["reconcile", "--db", db, "--app", "github", dir.path("github.csv"), "--now", "2026-10-21T00:00:00Z"]

        let table = try await WardenBinary.run(reconcile)
        #expect(table.status == 1, "a rejected row makes the run fail")
        #expect(table.stderr.contains("\(dir.path("github.csv")):6: error: unknown status `bogus`; expected `active` or `suspended`"))
        let lines = table.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(table.stdout.hasPrefix("github: ") && table.stdout.contains("1 rows rejected"))
        for row in ["linked 1", "excess_role 1", "orphaned_account 1", "unmanaged_account 1"] { #expect(lines.contains(row), "\(table.stdout)") }
        #expect(lines.contains("dennis.ritchie@example.com excess_role admin 3"))
        #expect(lines.contains("frances.allen@example.com orphaned_account member 4"))
        #expect(lines.contains("stranger@vendor.example unmanaged_account member 5"))
        #expect(lines.contains { $0.hasPrefix("grace.hopper@example.com missing_access member -") }, "an entitled user with no account")

        // The same export again: the same answer, nothing new opened (the input is a duplicate).
        let json = try await WardenBinary.run(reconcile + ["--format", "json"])
        #expect(json.status == 1)
        let report = try JSONParser.parse(json.stdout)
        #expect(report["counts"]?["unmanaged_account"] == .number(1) && report["counts"]?["orphaned_account"] == .number(1))
        #expect(report["rejected_rows"] == .array([.object([("line", .number(6)),
                                                            ("message", .string("unknown status `bogus`; expected `active` or `suspended`"))])]))
        #expect(report["confirmed_actions"] == .array([]), "the first run already confirmed them")

        let violations = try JSONParser.parse(try await WardenBinary.run(["violations", "--db", db, "--status", "open", "--format", "json"]).stdout)
        guard case .array(let open) = violations else { Issue.record("no violations"); return }
        func finding(_ kind: String, _ email: String) -> JSONValue? {
            open.first { $0["kind"]?.stringValue == kind && $0["user"]?["email"]?.stringValue == email }
        }
        #expect(finding("unmanaged_account", "stranger@vendor.example")?["owner"]?["id"]?.stringValue == "security", "no app user: the fallback owner")
        #expect(finding("orphaned_account", "frances.allen@example.com")?["owner"]?["id"]?.stringValue == "platform")
        let excess = finding("excess_role", "dennis.ritchie@example.com")
        #expect(excess?["evidence"]?["export_row"]?.stringValue == "line 3: dennis.ritchie@example.com,member;admin,active")
        let missing = try #require(finding("missing_access", "grace.hopper@example.com"))
        #expect(missing["evidence"]?["rule"]?.stringValue?.hasSuffix("policies/apps/github.yaml:24 roles[1]") == true, "\(missing)")
        #expect(open.filter { $0["kind"]?.stringValue == "unmanaged_account" }.count == 1)

        // What the export shows carried out is done, source `reconcile`: barbara holds admin and
        // no longer member; dennis holds member.
        let actions = try JSONParser.parse(try await WardenBinary.run(["actions", "--db", db, "--app", "github", "--format", "json"]).stdout)
        guard case .array(let all) = actions else { Issue.record("no actions"); return }
        func status(_ email: String, _ type: String, _ role: String?) -> (String?, String?) {
            let a = all.first { $0["user"]?["email"]?.stringValue == email && $0["type"]?.stringValue == type && $0["role"]?.stringValue == role }
            return (a?["status"]?.stringValue, a?["resolution"]?["source"]?.stringValue)
        }
        #expect(status("barbara.liskov@example.com", "grant", "admin") == ("done", "reconcile"))
        #expect(status("barbara.liskov@example.com", "revoke", "member") == ("done", "reconcile"))
        #expect(status("dennis.ritchie@example.com", "provision", nil) == ("done", "reconcile"))
        #expect(status("dennis.ritchie@example.com", "revoke", "admin").0 == "scheduled", "he still holds admin (its grace runs)")
        #expect(status("frances.allen@example.com", "deprovision", nil).0 == "pending", "her account is still there")
    }

    @Test func aFileThatIsNotAnExportIsRefusedAndChangesNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        _ = try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"])
        func snapshot() async throws -> String {
            var out = ""
            for args in [["actions", "--format", "json"], ["violations", "--format", "json"], ["events"], ["audit", "export"]] {
                out += try await WardenBinary.run(args + ["--db", db]).stdout
            }
            return out
        }
        let before = try await snapshot()
        for (name, content) in [("object.json", #"{"users": []}"#), ("notes.csv", "name,team\nada,platform\n")] {
            try content.write(toFile: dir.path(name), atomically: true, encoding: .utf8)
            let r = try await WardenBinary.run(["reconcile", "--db", db, "--app", "github", dir.path(name), "--now", "2026-10-21T00:00:00Z"])
            #expect(r.status == 1 && r.stderr.contains("\(dir.path(name)): error: "), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(try await snapshot() == before)
    }
}
