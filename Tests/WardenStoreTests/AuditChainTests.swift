import Foundation
import GRDB
import Testing
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

/// Editing any row of the audit table is found by `verifyAudit`, which names the row.
@Suite struct AuditChainTests {
    static func ingested(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("w.db")
        let policies = try PolicyLoader.load(directory: Repository.policies).policies
        let r = try Runtime(databasePath: path, policies: policies, clock: { Timestamp(iso8601: "2026-10-21T00:00:00Z")! })
        _ = try r.ingest(EventInput.read(Array(FileManager.default.contents(atPath: Repository.examples + "/events.jsonl")!)), source: "file")
        _ = try r.check(at: Timestamp(iso8601: "2026-10-20T00:00:00Z")!)
        return path
    }

    @Test func anIntactChainVerifies() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try SQLiteStore(path: try Self.ingested(dir)).verifyAudit()
        #expect(result.ok)
        #expect(result.entries > 400)
        let kinds = Set(try SQLiteStore(path: dir.path("w.db")).auditEntries().map(\.kind))
        #expect(kinds == ["policy_load", "event", "duplicate", "action", "violation"])
    }

    @Test(arguments: [
        ("UPDATE audit SET content = replace(content, 'pending', 'done') WHERE seq = 200", 200),
        ("UPDATE audit SET subject = 'act_forged' WHERE seq = 1", 1),
        // The hashes depend on the checkout's path (rule files are named in the content): the
        // first two hex digits are replaced by two they cannot already be.
        ("UPDATE audit SET hash = (CASE WHEN substr(hash, 1, 2) = 'ab' THEN 'cd' ELSE 'ab' END) || substr(hash, 3) WHERE seq = 57", 57),
        ("UPDATE audit SET prev_hash = (CASE WHEN substr(prev_hash, 1, 2) = '00' THEN 'ff' ELSE '00' END) || substr(prev_hash, 3) WHERE seq = 123", 123),
        ("UPDATE audit SET kind = 'event' WHERE seq = (SELECT MAX(seq) FROM audit)", -1),
        ("DELETE FROM audit WHERE seq = 42", 43),
        ("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)", 0),
    ] as [(String, Int64)])
    func anyEditBreaksTheChainAtThatRow(_ sql: String, _ expected: Int64) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.ingested(dir)
        let last = try #require(try SQLiteStore(path: path).auditEntries().last?.seq)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        let result = try SQLiteStore(path: path).verifyAudit()
        let broken = try #require(result.firstBroken, "the edit must be detected: \(sql)")
        let want = expected == -1 ? last : expected == 0 ? last : expected
        #expect(broken.seq == want, "\(broken.reason)")
    }
}
