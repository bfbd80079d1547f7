import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

/// A directory deletion in a 500-user directory, with the blast-radius guard at 50.
@Suite struct GuardTests {
    static func runtime(_ dir: TemporaryDirectory, _ name: String) throws -> (Runtime, Workload) {
        let w = Workload(.init(users: 500, groups: 60, apps: 12, events: 0, seed: 5))
        let sources = w.policyFiles.map { f in
            f.path.hasSuffix("common.yaml")
                ? PolicySource(path: f.path, text: String(decoding: f.bytes, as: UTF8.self)
                    .replacingOccurrences(of: "fallback-owner: security", with: "fallback-owner: security\nguard: { max-removals-per-change: 50 }"))
                : f
        }
        let loaded = PolicyLoader.load(sources: sources)
        #expect(!loaded.hasErrors)
        let r = try Runtime(databasePath: dir.path(name), policies: loaded.policies, clock: { Timestamp(iso8601: "2026-03-01T00:00:00Z")! })
        _ = try r.ingest(EventInput.read(Array(w.seedEventLines().joined(separator: "\n").utf8)), source: "file", batchSize: 5000)
        for a in try r.store.actions(ActionQuery(statuses: [.pending])) {
            _ = try r.acknowledge([a.id], success: true, message: nil, at: a.createdAt + .hours(1))
        }
        return (r, w)
    }

    static let deletion = """
    {"object":"event","id":"event_directory_deleted","event":"dsync.deleted","data":{"object":"directory","id":"directory_bench","name":"Bench","type":"okta scim v2.0","state":"deleting"},"created_at":"2026-02-15T12:00:00.000Z"}
    """

    @Test func removalsAreHeldThenApproved() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (r, _) = try Self.runtime(dir, "approve.db")
        let summary = try r.ingest(EventInput.read(Array(Self.deletion.utf8)), source: "webhook")
        let held = try r.store.actions(ActionQuery(statuses: [.held]))
        #expect(held.count > 50)
        #expect(held.allSatisfy { $0.isRemoval && $0.change == "event_directory_deleted" })
        #expect(try r.store.actions(ActionQuery(statuses: [.pending])).isEmpty)
        let blast = try #require(summary.violations.first { $0.kind == .blastRadius })
        #expect(blast.owner.id == "security" && blast.severity == .high)
        #expect(blast.summary.contains("limit 50") && blast.summary.contains("warden approve event_directory_deleted"))
        _ = try r.check(at: Timestamp(iso8601: "2026-02-20T00:00:00Z")!)
        #expect(try r.store.violations(ViolationQuery(statuses: [.open])).allSatisfy { $0.kind == .blastRadius }, "held actions raise no deadline_missed")

        _ = try r.release(change: "event_directory_deleted", approve: true, by: "ciso@example.com", at: Timestamp(iso8601: "2026-02-20T01:00:00Z")!)
        let released = try r.store.actions(ActionQuery(change: "event_directory_deleted"))
        #expect(released.count == held.count && released.allSatisfy { $0.status == .pending })
        #expect(released.first?.resolution?.message == "approved by ciso@example.com")
        #expect(try r.store.violations(ViolationQuery(statuses: [.resolved])).contains { $0.id == blast.id })
        #expect(try r.store.verifyAudit().ok)
    }

    @Test func rejectedRemovalsAreDiscardedAndTargetsRestored() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (r, _) = try Self.runtime(dir, "reject.db")
        let before = try r.store.plannedTargets().count
        _ = try r.ingest(EventInput.read(Array(Self.deletion.utf8)), source: "webhook")
        #expect(try r.store.plannedTargets().isEmpty, "the deletion planned every account away")
        _ = try r.release(change: "event_directory_deleted", approve: false, by: nil, at: Timestamp(iso8601: "2026-02-16T00:00:00Z")!)
        #expect(try r.store.actions(ActionQuery(change: "event_directory_deleted")).allSatisfy { $0.status == .rejected })
        #expect(try r.store.plannedTargets().count == before, "rejecting restores the planned targets")
        #expect(try r.store.actions(ActionQuery(statuses: [.pending, .held])).isEmpty)
        #expect(throws: (any Error).self) { _ = try r.release(change: "event_directory_deleted", approve: true, by: nil, at: Timestamp(iso8601: "2026-02-17T00:00:00Z")!) }
    }
}
