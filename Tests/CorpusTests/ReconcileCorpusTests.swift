import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

/// Reconcile cases: a directory (imported with --baseline), an app export, and the expected
/// situation of every export line, written by the case's own generator from its ground truth.
@Suite struct ReconcileCorpusTests {
    static let cases = CorpusCase.all("reconcile")

    @Test(arguments: cases)
    func corpusCase(_ c: CorpusCase) throws {
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: c.path + "/expected.json"))) as? [String: Any])
        let app = try #require(expected["app"] as? String)
        let at = try #require(Timestamp(iso8601: expected["at"] as? String ?? ""))
        let policies = try PolicyLoader.load(directory: c.path + "/policies")
        #expect(!policies.hasErrors)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let runtime = try Runtime(databasePath: dir.path("w.db"), policies: policies.policies, clock: { at })
        let snapshot = try SnapshotDecoder.decode([try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: c.path + "/snapshot.json"))))])
        _ = try runtime.apply(snapshot: snapshot, raw: [], at: at + PolicyDuration(seconds: -86_400), baseline: true)
        let export = Array(try Data(contentsOf: URL(fileURLWithPath: c.path + "/export.csv")))
        let (report, problems) = try runtime.reconcile(app: app, export: export, at: at)
        #expect(problems.isEmpty)

        let accounts = try #require(expected["accounts"] as? [[String: Any]])
        let byLine = Dictionary(report.entries.compactMap { e in e.line.map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
        #expect(byLine.count == accounts.count)
        var mismatches: [String] = []
        for want in accounts {
            let line = want["line"] as! Int
            guard let got = byLine[line] else { mismatches.append("line \(line): no entry"); continue }
            let situations = (want["situations"] as! [String]).sorted()
            let roles = (want["roles"] as! [String]).sorted()
            if got.situations.map(\.rawValue).sorted() != situations || got.roles.sorted() != roles {
                mismatches.append("line \(line): expected \(situations) \(roles), got \(got.situations.map(\.rawValue)) \(got.roles)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
        let missing = try #require(expected["missing"] as? [[String: Any]])
        let gotMissing = report.entries.filter { $0.line == nil }.map { "\($0.user) \($0.roles.sorted())" }.sorted()
        #expect(gotMissing == missing.map { "\($0["user"] as! String) \(($0["roles"] as! [String]).sorted())" }.sorted())

        // Findings are owned by the app's owner, unmanaged accounts (no app user behind them) by the
        // fallback owner; one per (user, role); reconciling again opens nothing new.
        let open = try runtime.store.violations(ViolationQuery(statuses: [.open], app: app))
        let appOwner = try #require(policies.policies.application(app)?.owner)
        let fallback = try #require(policies.policies.settings.fallbackOwner)
        #expect(fallback != appOwner, "the case must tell the two owners apart")
        for v in open {
            #expect(v.owner.id == (v.kind == .unmanagedAccount ? fallback : appOwner), "\(v.kind.rawValue) owned by \(v.owner.id)")
        }
        let perKind = Dictionary(grouping: open, by: \.kind).mapValues(\.count)
        let want = expected["violations"] as? [String: Int] ?? [:]
        #expect(perKind.map { ($0.key.rawValue, $0.value) }.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }
                == want.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        _ = try runtime.reconcile(app: app, export: export, at: at + .hours(1))
        #expect(try runtime.store.violations(ViolationQuery(statuses: [.open], app: app)).count == open.count)
        // Once the unmanaged accounts are gone from the app, their findings resolve; the rest stay.
        let text = String(decoding: export, as: UTF8.self).split(separator: "\n").filter { !$0.contains("@vendor.example") }.joined(separator: "\n")
        _ = try runtime.reconcile(app: app, export: Array(text.utf8), at: at + .hours(2))
        let after = try runtime.store.violations(ViolationQuery(statuses: [.open], app: app))
        #expect(!after.contains { $0.kind == .unmanagedAccount })
        #expect(after.count == open.count - (want["unmanaged_account"] ?? 0))
    }
}
