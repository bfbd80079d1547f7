import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

/// Reconciliation over the bundled examples: every kind of finding resolves once a later export
/// no longer shows it, and the export confirms the actions it shows carried out.
@Suite struct ReconcileTests {
    static let time = Timestamp(iso8601: "2026-10-21T00:00:00Z")!

    /// One finding of each kind: dennis's admin (excess), frances who left (orphaned), a vendor
    /// account (unmanaged), and every entitled user the export leaves out (missing).
    static let stale = """
        user,roles,status
        barbara.liskov@example.com,admin,active
        dennis.ritchie@example.com,member;admin,active
        frances.allen@example.com,member,active
        stranger@vendor.example,member,active
        """

    /// The export as the plan wants it: every active user with their planned GitHub roles.
    static func correct(_ r: Runtime) throws -> String {
        let github = try #require(r.state.program.appIndexById["github"])
        var rows = ["user,roles,status"]
        for (u, user) in r.state.directory.users.enumerated() where user.state == .active {
            if case .active(let roles) = r.state.plannedTarget(user: Int32(u), app: github) {
                rows.append("\(user.email ?? user.id),\(roles.joined(separator: ";")),active")
            }
        }
        return rows.joined(separator: "\n")
    }

    @Test func everyKindOfFindingResolvesWhenALaterExportNoLongerShowsIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try RuntimeIngestTests.runtime(dir)
        _ = try r.ingest(RuntimeIngestTests.examples, source: "file")
        let (first, problems) = try r.reconcile(app: "github", export: Array(Self.stale.utf8), at: Self.time)
        #expect(problems.isEmpty)
        let opened = try r.store.violations(ViolationQuery(statuses: [.open], app: "github"))
        #expect(Set(opened.map(\.kind)) == [.excessRole, .orphanedAccount, .unmanagedAccount, .missingAccess])
        #expect(opened.filter { $0.kind == .missingAccess }.allSatisfy { $0.evidence["rule"]?.contains("github.yaml:") == true })
        #expect(first.confirmed.contains { $0.user.email == "barbara.liskov@example.com" && $0.type == .grant })

        let later = Self.time + .hours(1)
        let (second, _) = try r.reconcile(app: "github", export: Array(try Self.correct(r).utf8), at: later)
        #expect(second.entries.allSatisfy { $0.situations == [.linked] }, "\(second.entries.filter { $0.situations != [.linked] })")
        #expect(try r.store.violations(ViolationQuery(statuses: [.open], app: "github")).filter { $0.kind != .deadlineMissed }.isEmpty)
        let resolved = try r.store.violations(ViolationQuery(statuses: [.resolved], app: "github"))
        for v in opened {
            #expect(resolved.first { $0.id == v.id }?.resolvedAt == later, "\(v.kind.rawValue) for \(v.user?.display ?? "-") resolves")
        }
        // Frances's account is gone and dennis's admin role too: their removals are done.
        let done = second.confirmed.map { "\($0.type.rawValue) \($0.user.display)" }
        #expect(done.contains("deprovision frances.allen@example.com") && done.contains("revoke dennis.ritchie@example.com"))
        #expect(second.confirmed.allSatisfy { $0.status == .done && $0.resolution?.source == "reconcile" })
    }

    @Test func everyViolationOfAnExampleRunHasADeclaredOwner() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try RuntimeIngestTests.runtime(dir)
        _ = try r.ingest(RuntimeIngestTests.examples, source: "file")
        for day in ["2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23"] { _ = try r.check(at: Timestamp(iso8601: day + "T12:00:00Z")!) }
        _ = try r.reconcile(app: "github", export: Array(Self.stale.utf8), at: Self.time)
        var snapshot = SnapshotTests.snapshot(of: r.state.directory)
        snapshot.users.removeAll { $0.email == "ada.lovelace@example.com" }
        _ = try r.apply(snapshot: snapshot, raw: Array("drift".utf8), at: Timestamp(iso8601: "2026-10-24T00:00:00Z")!)
        let all = try r.store.violations(ViolationQuery())
        #expect(Set(all.map(\.kind)).isSuperset(of: [.deadlineMissed, .excessRole, .orphanedAccount, .unmanagedAccount, .missingAccess, .directoryDrift]))
        #expect(all.contains { $0.escalatedTo != nil })
        let declared = Set(RuntimeIngestTests.policies.owners.map(\.id))
        for v in all {
            #expect(declared.contains(v.owner.id), "\(v.kind.rawValue) \(v.id) is owned by `\(v.owner.id)`")
            #expect(v.escalatedTo.map { declared.contains($0.id) } ?? true, "\(v.id) is escalated to `\(v.escalatedTo?.id ?? "")`")
        }
    }
}
